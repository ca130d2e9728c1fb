#include "core/demo/DemoStudyMaker.h"

#include <chrono>
#include <cmath>
#include <string>

#include "core/demo/DemoAnatomy.h"
#include "core/io/CachePaths.h"
#include "core/anatomy/DemoBrainLoader.h"

namespace vl::core {

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

DemoStudyMade makeDemoStudy(const std::filesystem::path& folder, const DemoStudyOptions& options,
                            const JobContext& context) {
  DemoStudyWriteOptions writeOptions;
  writeOptions.replace = options.replace;
  writeOptions.bankSeed = options.bank.seed;
  checkDemoStudyTarget(folder, writeOptions.replace);  // before a minute of work, not after

  DemoStudyMade made;
  const auto start = std::chrono::steady_clock::now();
  auto brain = loadDemoBrain(context.slice(0.0, 0.1));
  const auto anatomy = demoAnatomyFromMeshes(brain.meshes, context.slice(0.1, 0.15));
  made.brainSeconds = secondsSince(start);
  auto step = std::chrono::steady_clock::now();
  const auto bank = generateStimulusBank(options.bank, context.slice(0.15, 0.35));
  made.bankSeconds = secondsSince(step);
  step = std::chrono::steady_clock::now();
  const auto subject = buildDemoSubject(anatomy, bank, options.subject, context.slice(0.35, 0.8));
  made.subjectSeconds = secondsSince(step);
  made.written = writeDemoStudy(folder, anatomy, bank, subject, writeOptions, context.slice(0.8, 1.0));
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
  const std::string name = "demo-study-v" + std::to_string(kDemoStudyVersion) + "-subject" +
                           std::to_string(defaults.subject.seed) + "-bank" +
                           std::to_string(defaults.bank.seed) + "-spacing" +
                           std::to_string(static_cast<int>(std::lround(defaults.subject.columnSpacingMm * 10)));
  return cacheDirectory() / name;
}

}  // namespace vl::core
