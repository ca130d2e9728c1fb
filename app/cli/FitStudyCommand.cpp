#include "app/cli/FitStudyCommand.h"

#include <algorithm>
#include <cstdio>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/study/StudyFolderLoader.h"
#include "core/study/StudyManifest.h"

namespace vl::app {

const char* const kFitStudyHelp =
    "usage: voxellens fit-study STUDY [--embedder NAME|DIR]\n"
    "What the window does when it opens a study with stimuli and responses, without a window: embeds every\n"
    "stimulus image with an image embedder (the first usable one on the bundle search path unless --embedder names\n"
    "one), fits the per-column encoder and the decoder on that embedding, keeps all three in the study's model\n"
    "cache (STUDY/models/EMBEDDER, or the user's cache folder when the study is read-only) and prints their test\n"
    "scores. A cache made from the same embedder and responses is read instead of fitting again, by this command\n"
    "and by the window alike.\n";

int runFitStudyCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--embedder"});
  if (args.positional.size() != 1) throw UsageError("name one study folder (a folder with study.json)");
  const auto manifest = core::readStudyManifest(args.positional.front());
  core::StudyModels models;
  {
    TerminalProgress progress;
    const auto context = progress.context();
    const auto experiment = core::loadExperiment(manifest, context);
    const core::ImageEmbedder embedder(core::studyImageEmbedder(args.value("--embedder").value_or("")));
    models = core::prepareStudyModels(*experiment, embedder, context);
  }
  const auto& encoder = models.encoder;
  const auto& decoder = models.decoder;
  std::vector<double> testR2 = encoder.testR2;
  double median = 0;
  if (!testR2.empty()) {
    std::nth_element(testR2.begin(), testR2.begin() + std::ptrdiff_t(testR2.size() / 2), testR2.end());
    median = testR2[testR2.size() / 2];
  }
  const auto above = std::count_if(encoder.testR2.begin(), encoder.testR2.end(), [](double r2) { return r2 > 0.05; });
  std::printf("models of %s with %s, %s %s\n", manifest.folder.c_str(), models.embedderName.c_str(),
              models.fromCache ? "read from" : "fitted and cached in", models.cacheFolder.c_str());
  std::printf("encoder: %zu columns, test R^2 median %.4f, above 0.05 in %td\n", encoder.testR2.size(), median, above);
  std::printf("decoder: %zu columns -> %zu dimensions; top-1 %zu-way identification brain -> image %.4f, image -> "
              "brain %.4f (chance %.4f), 2-way %.4f, mean rank %.2f of %zu test images\n",
              decoder.columns.size(), decoder.fit.weights.cols, decoder.ways, decoder.topOne,
              decoder.topOneImageToBrain, decoder.topOneChance, decoder.twoWay, decoder.meanRank,
              decoder.testImages);
  return 0;
}

}  // namespace vl::app
