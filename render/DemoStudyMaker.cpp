#include "render/DemoStudyMaker.h"

#include <chrono>
#include <cmath>
#include <string>

#include "core/demo/DemoAnatomy.h"
#include "core/io/CachePaths.h"
#include "render/DemoBrainLoader.h"

namespace vl::render {

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

DemoStudyMade makeDemoStudy(const std::filesystem::path& folder, const DemoStudyOptions& options,
                            const core::JobContext& context) {
  core::DemoStudyWriteOptions writeOptions;
  writeOptions.replace = options.replace;
  writeOptions.bankSeed = options.bank.seed;
  core::checkDemoStudyTarget(folder, writeOptions.replace);  // before a minute of work, not after

  DemoStudyMade made;
  const auto start = std::chrono::steady_clock::now();
  auto brain = loadDemoBrain(context.slice(0.0, 0.1));
  const auto anatomy = core::demoAnatomyFromMeshes(brain.meshes, context.slice(0.1, 0.15));
  made.brainSeconds = secondsSince(start);
  auto step = std::chrono::steady_clock::now();
  const auto bank = core::generateStimulusBank(options.bank, context.slice(0.15, 0.35));
  made.bankSeconds = secondsSince(step);
  step = std::chrono::steady_clock::now();
  const auto subject = core::buildDemoSubject(anatomy, bank, options.subject, context.slice(0.35, 0.8));
  made.subjectSeconds = secondsSince(step);
  made.written = core::writeDemoStudy(folder, anatomy, bank, subject, writeOptions, context.slice(0.8, 1.0));
  made.columns[0] = subject.columnVertices[0].size();
  made.columns[1] = subject.columnVertices[1].size();
  made.trainTrials = subject.design.trainStimulus.size();
  made.testImages = subject.design.testStimulus.size();
  made.repeats = subject.design.repeats;
  made.totalSeconds = secondsSince(start);
  return made;
}

std::filesystem::path defaultDemoStudyFolder() {
  const DemoStudyOptions defaults;
  const std::string name = "demo-study-v" + std::to_string(core::kDemoStudyVersion) + "-subject" +
                           std::to_string(defaults.subject.seed) + "-bank" +
                           std::to_string(defaults.bank.seed) + "-spacing" +
                           std::to_string(static_cast<int>(std::lround(defaults.subject.columnSpacingMm * 10)));
  return core::cacheDirectory() / name;
}

}  // namespace vl::render
