#include "app/cli/DemoCommand.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/demo/DemoAnatomy.h"
#include "core/demo/DemoStudyWriter.h"
#include "core/demo/DemoSubject.h"
#include "core/demo/StimulusBank.h"
#include "render/DemoBrainLoader.h"

namespace vl::app {

const char* const kDemoHelp =
    "usage: voxellens demo --out DIR [--seed S] [--force] [--bank-seed S] [--spacing MM]\n"
    "Writes a simulated subject as a study folder: the Colin27 demo brain with planted functional ROIs (V1-V3 with\n"
    "a retinotopic map; FFA, OFA, PPA, OPA, RSC, EBA, VWFA, LOC and a food region), its NSD-like responses to the\n"
    "demo stimulus bank (9000 images once, 300 images three times) on a visual cortex mask, ncsnr, noise ceiling\n"
    "and retinotopy layers, and the planted truth (docs/demo-subject.md). Open it with 'voxellens DIR'.\n"
    "The folder appears only when complete (it is written to DIR.tmp-XXXXXX and renamed).\n"
    "  --seed S       the subject's seed: noise, tuning scatter, train/test split (default 1)\n"
    "  --force        replace DIR if it is an existing study folder\n"
    "  --bank-seed S  seed of the stimulus bank (default 2026, the bank the demo models were trained on)\n"
    "  --spacing MM   response columns at least this far apart on the mask, 2..8 (default 3)\n";

namespace {
std::uint64_t parseWhole(const Arguments& args, const std::string& name, std::uint64_t fallback) {
  const auto text = args.value(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const auto value = std::stoull(*text, &used);
    if (used == text->size() && !text->empty() && (*text)[0] != '-') return value;
  } catch (const std::exception&) {
  }
  throw UsageError("bad " + name + " '" + *text + "': expected a whole number >= 0");
}

float parseSpacing(const Arguments& args) {
  const auto text = args.value("--spacing");
  if (!text) return 3.0f;
  try {
    std::size_t used = 0;
    const float value = std::stof(*text, &used);
    if (used == text->size() && value >= 2.0f && value <= 8.0f) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("bad --spacing '" + *text + "': expected millimetres in 2..8");
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

int runDemoCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--force"}, {"--out", "--seed", "--bank-seed", "--spacing"});
  if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional.front() + "'");
  const auto out = args.value("--out");
  if (!out || out->empty()) throw UsageError("missing --out DIR");
  core::DemoSubjectOptions options;
  options.seed = parseWhole(args, "--seed", 1);
  options.columnSpacingMm = parseSpacing(args);
  core::StimulusBankOptions bankOptions;
  bankOptions.seed = parseWhole(args, "--bank-seed", bankOptions.seed);
  core::DemoStudyWriteOptions writeOptions;
  writeOptions.replace = args.has("--force");
  writeOptions.bankSeed = bankOptions.seed;

  core::checkDemoStudyTarget(*out, writeOptions.replace);  // before a minute of work, not after

  const auto start = std::chrono::steady_clock::now();
  double brainSeconds = 0, bankSeconds = 0, subjectSeconds = 0;
  core::DemoStudyWriteResult written;
  core::DemoSubject subject;
  {
    TerminalProgress progress;
    const auto context = progress.context();
    auto brain = render::loadDemoBrain(context.slice(0.0, 0.1));
    const auto anatomy = core::demoAnatomyFromMeshes(brain.meshes, context.slice(0.1, 0.15));
    brainSeconds = secondsSince(start);
    auto t = std::chrono::steady_clock::now();
    const auto bank = core::generateStimulusBank(bankOptions, context.slice(0.15, 0.35));
    bankSeconds = secondsSince(t);
    t = std::chrono::steady_clock::now();
    subject = core::buildDemoSubject(anatomy, bank, options, context.slice(0.35, 0.8));
    subjectSeconds = secondsSince(t);
    written = core::writeDemoStudy(*out, anatomy, bank, subject, writeOptions, context.slice(0.8, 1.0));
  }
  std::printf("wrote %s: %zu columns (lh %zu, rh %zu), %zu training trials, %zu test images x %d, %.1f MB in "
              "%.1f s (brain and atlases %.1f s, stimulus bank %.1f s, subject %.1f s, files %.1f s)\n",
              out->c_str(), subject.columnCount(), subject.columnVertices[0].size(), subject.columnVertices[1].size(),
              subject.design.trainStimulus.size(), subject.design.testStimulus.size(), subject.design.repeats,
              double(written.bytes) / 1e6, secondsSince(start), brainSeconds, bankSeconds, subjectSeconds,
              written.seconds);
  return 0;
}

}  // namespace vl::app
