#include "app/cli/SynthBenchmark.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stop_token>
#include <thread>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StimulusSynthesis.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleCatalog.h"
#include "core/selectivity/SelectionTarget.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::app {
namespace {
using Clock = std::chrono::steady_clock;

void line(const char* name, double value, const char* unit, double goal) {
  std::printf("%s: %.3f %s (goal: %.3g %s, %s)\n", name, value, unit, goal, unit, value < goal ? "met" : "MISSED");
}
}  // namespace

int runSynthBenchmark() {
  const auto folder = core::defaultDemoStudyFolder();
  if (!std::filesystem::exists(folder / "study.json"))
    throw UsageError("no demo study at " + folder.string() + ": run `voxellens demo` (or open the window) first");
  core::LoadedStudy loaded;
  core::StudyModels models;
  core::SynthesisModels synthesis;
  {
    TerminalProgress progress;
    loaded = core::loadStudyFolder(folder, progress.context().slice(0, 0.3));
    synthesis.embedder = core::studyImageEmbedder();
    models = core::prepareStudyModels(*loaded.study->experiment(), core::ImageEmbedder(synthesis.embedder),
                                      progress.context().slice(0.3, 1.0));
  }
  core::BundleCatalog catalog;
  synthesis.generator = catalog.load("demo-clip-generator");
  const core::Parcellation* planted = nullptr;
  for (const auto& entry : loaded.study->roiSets())
    if (entry.data->name == "planted ROIs") planted = entry.data.get();
  if (!planted) throw UsageError(folder.string() + ": the demo study has no planted ROIs");
  const auto target = core::roiTarget(*planted, "FFA", {core::Hemisphere::Left, core::Hemisphere::Right},
                                      loaded.study->experiment()->columns);
  core::SynthesisObjective objective;
  objective.target = core::targetWeights(models.encoder, target.columns);
  const auto bank = core::bankReference(models.stimulusEmbedding, objective);

  core::SynthesisOptions options;  // the defaults: latent space, 8 starts, every core
  std::printf("synthesis for %s, %zu columns: %s space, %d starts, up to %d steps, %u hardware threads\n",
              target.describe().c_str(), target.columns.size(), core::synthesisSpaceName(options.space),
              options.starts, options.maxSteps, std::thread::hardware_concurrency());
  const auto result = core::synthesizeStimuli(synthesis, objective, models.stimulusEmbedding, options);
  double best = -1e30;
  for (const auto& start : result.starts) best = std::max(best, start.objective);
  std::printf("converged: %d steps (%s), best %.3f at bank percentile %.2f (bank 99th %.3f, best image %.3f)\n",
              result.steps, result.stopReason.c_str(), best, core::percentileRank(bank.scores, best), bank.p99,
              bank.best);
  line("synth first preview", result.firstFrameSeconds, "s", 1.0);
  line("synth 8 starts converged", result.seconds, "s", 20.0);

  // Cancel: a request from another thread (as the window's Stop button) one second into a long run.
  std::stop_source stop;
  Clock::time_point requested, ended;
  options.maxSteps = options.minSteps = 100000;
  std::jthread worker([&] {
    try {
      core::synthesizeStimuli(synthesis, objective, models.stimulusEmbedding, options, {},
                              core::JobContext(stop.get_token(), {}));
    } catch (const core::JobCancelled&) {
    }
    ended = Clock::now();
  });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  requested = Clock::now();
  stop.request_stop();
  worker.join();
  line("synth cancel latency", 1000.0 * std::chrono::duration<double>(ended - requested).count(), "ms", 200.0);
  return 0;
}

}  // namespace vl::app
