#include "app/cli/DemoCommand.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/demo/DemoStudyMaker.h"

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
  return wholeNumberOption(args, name, fallback, 0, std::numeric_limits<std::uint64_t>::max());
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

}  // namespace

int runDemoCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--force"}, {"--out", "--seed", "--bank-seed", "--spacing"});
  if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional.front() + "'");
  const auto out = args.value("--out");
  if (!out || out->empty()) throw UsageError("missing --out DIR");
  core::DemoStudyOptions options;
  options.subject.seed = parseWhole(args, "--seed", 1);
  options.subject.columnSpacingMm = parseSpacing(args);
  options.bank.seed = parseWhole(args, "--bank-seed", options.bank.seed);
  options.replace = args.has("--force");
  core::DemoStudyMade made;
  {
    TerminalProgress progress;
    made = core::makeDemoStudy(*out, options, progress.context());
  }
  std::printf("wrote %s: %zu columns (lh %zu, rh %zu), %zu training trials, %zu test images x %d, %.1f MB in "
              "%.1f s (brain and atlases %.1f s, stimulus bank %.1f s, subject %.1f s, files %.1f s)\n",
              out->c_str(), made.columns[0] + made.columns[1], made.columns[0], made.columns[1], made.trainTrials,
              made.testImages, made.repeats, double(made.written.bytes) / 1e6, made.totalSeconds, made.brainSeconds,
              made.bankSeconds, made.subjectSeconds, made.written.seconds);
  return 0;
}

}  // namespace vl::app
