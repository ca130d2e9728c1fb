#include "app/cli/DecodeBenchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "app/cli/TerminalProgress.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/LowLevelReconstruction.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyIdentification.h"
#include "core/fitting/StudyModelFits.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/io/NpyMatrix.h"
#include "core/ml/BundleRunners.h"
#include "core/study/StudyFolderLoader.h"
#include "core/study/StudyManifest.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;
constexpr const char* kPython = "/usr/bin/python3";

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// sklearn: StandardScaler, then RidgeCV(alphas, alpha_per_target=True) (leave-one-out by its GCV path), the forward
// model's fit on the same rows. Returns the seconds of the fit, or a negative number when it did not run.
double sklearnForwardFit(const fs::path& folder, const core::Matrix& features, const core::Matrix& responses,
                         const std::vector<double>& alphas) {
  if (std::system((std::string(kPython) + " -c 'import sklearn' >/dev/null 2>&1").c_str()) != 0) return -1;
  core::writeNpyMatrix(folder / "X.npy", features);
  core::writeNpyMatrix(folder / "Y.npy", responses);
  std::string grid = "[";
  for (double a : alphas) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g,", a);
    grid += text;
  }
  grid += "]";
  const auto script = folder / "peer.py";
  if (FILE* out = std::fopen(script.c_str(), "w")) {
    std::fprintf(out,
                 "import time, numpy as np\nfrom sklearn.linear_model import RidgeCV\n"
                 "from sklearn.preprocessing import StandardScaler\n"
                 "X = np.load('%s'); Y = np.load('%s')\nt = time.perf_counter()\n"
                 "RidgeCV(alphas=%s, alpha_per_target=True).fit(StandardScaler().fit_transform(X), Y)\n"
                 "print(time.perf_counter() - t)\n",
                 (folder / "X.npy").c_str(), (folder / "Y.npy").c_str(), grid.c_str());
    std::fclose(out);
  }
  FILE* pipe = ::popen((std::string(kPython) + " " + script.string() + " 2>/dev/null").c_str(), "r");
  if (!pipe) return -1;
  double seconds = -1;
  if (std::fscanf(pipe, "%lf", &seconds) != 1) seconds = -1;
  ::pclose(pipe);
  return seconds;
}

}  // namespace

int runDecodeBenchmark(const std::string& studyFolder) {
  // Each line appears when its measurement is done (the whole run takes minutes; the contrastive decoder last).
  // Before anything touches stdout: setvbuf may only be the stream's first operation.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  fs::path folder = studyFolder;
  TerminalProgress progress;
  const auto context = progress.context();
  if (folder.empty()) {
    folder = core::defaultDemoStudyFolder();
    if (!core::isStudyFolder(folder)) core::makeDemoStudy(folder, {}, context.slice(0, 0.1));
  }
  const auto loaded = core::loadStudyFolder(folder, context.slice(0.1, 0.15));
  const auto experiment = loaded.study->experiment();
  if (!experiment || !experiment->stimuli || !experiment->train || !experiment->test)
    throw std::invalid_argument(folder.string() + ": the study has no stimuli and responses to decode");
  const core::ImageEmbedder embedder(core::studyImageEmbedder());
  // The embedding (and the cached models) first, untimed: the fits below are what is measured.
  const auto models = core::prepareStudyModels(*experiment, embedder, context.slice(0.15, 0.3));

  std::printf("study %s: %zu training rows, %zu columns, %zu test images\n", folder.c_str(), experiment->train->rows,
              experiment->train->columns, experiment->test->rows);
  auto start = std::chrono::steady_clock::now();
  const auto encoder = core::fitStudyEncoder(*experiment, models.stimulusEmbedding, context.slice(0.3, 0.4));
  const double encoderSeconds = secondsSince(start);
  const auto& train = *experiment->train;
  std::printf("decode encoder (embedding -> %zu columns): %.1f s\n", train.columns, encoderSeconds);

  const core::StudyIdentificationOptions options;
  const auto identified = core::identifyStudy(*experiment, models.stimulusEmbedding, options, context.slice(0.4, 0.8));
  std::printf("decode Gabor energy features (%zu images): %.1f s\n", train.rows + experiment->test->rows,
              identified.featureSeconds);
  const fs::path scratch = fs::temp_directory_path() / ("voxellens-bench-decode-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const double peer = sklearnForwardFit(scratch, core::rowsForTrials(identified.stimulusFeatures, train),
                                        core::Matrix(train.rows, train.columns, train.betas), options.alphas);
  fs::remove_all(scratch);
  if (peer > 0)
    std::printf(
        "decode forward model fit (%zu features -> %zu columns): %.1f s (peer sklearn RidgeCV alpha_per_target: "
        "%.1f s, ratio %.2f)\n",
        identified.features, train.columns, identified.fitSeconds, peer, peer / identified.fitSeconds);
  else
    std::printf(
        "decode forward model fit (%zu features -> %zu columns): %.1f s (peer: not measured, python3-sklearn is "
        "not installed)\n",
        identified.features, train.columns, identified.fitSeconds);

  std::printf("forward identification: top-1 300-way brain -> image %.3f, image -> brain %.3f\n",
              identified.scores.brainToImage, identified.scores.imageToBrain);

  start = std::chrono::steady_clock::now();
  const auto decoder =
      core::fitStudyDecoder(*experiment, models.stimulusEmbedding, encoder.cvR2, 2000, context.slice(0.8, 0.85));
  const double decoderSeconds = secondsSince(start);
  std::printf("decode ridge decoder (2000 columns -> %zu dimensions): %.1f s\n", models.stimulusEmbedding.cols,
              decoderSeconds);

  start = std::chrono::steady_clock::now();
  core::Matrix targets(train.rows, std::size_t(core::kLowLevelSide * core::kLowLevelSide * 3));
  for (std::size_t r = 0; r < train.rows; ++r) {
    const auto pixels = core::blockMeanRgb(experiment->stimuli->image(static_cast<std::size_t>(train.stimulus[r])));
    std::copy(pixels.begin(), pixels.end(), targets.data.begin() + std::ptrdiff_t(r * targets.cols));
  }
  core::RidgeOptions lowOptions;
  core::chooseStudyCv(lowOptions, train);
  lowOptions.alphas = core::halfDecadeAlphas(0, 7);
  core::fitLowLevelDecoder({train.betas.data(), train.rows, train.columns}, targets, decoder.columns, lowOptions,
                           context.slice(0.85, 0.9));
  const double lowSeconds = secondsSince(start);
  std::printf("decode low-level decoder (2000 columns -> %d values): %.1f s\n",
              core::kLowLevelSide * core::kLowLevelSide * 3, lowSeconds);
  const double total = encoderSeconds + identified.featureSeconds + identified.fitSeconds + decoderSeconds + lowSeconds;
  std::printf(
      "decode total: %.1f s without the contrastive decoder (goal: under 60 s on 2 cores; the MLP may take longer)\n",
      total);

  // The contrastive decoder, fitted afresh (not from the cache) on the ridge decoder's columns.
  core::ContrastiveInput contrastiveInput;
  contrastiveInput.trainResponses = {train.betas.data(), train.rows, train.columns};
  contrastiveInput.testResponses = {experiment->test->betas.data(), experiment->test->rows, experiment->test->columns};
  contrastiveInput.trainTargets = core::rowsForTrials(models.stimulusEmbedding, train);
  contrastiveInput.testTargets = core::rowsForTrials(models.stimulusEmbedding, *experiment->test);
  contrastiveInput.trainImages = train.stimulus;
  contrastiveInput.columns = decoder.columns;
  const auto contrastive = core::fitContrastiveDecoder(contrastiveInput, context.slice(0.9, 1.0));
  // No peer: no other implementation of this decoder is installed here to time on the same rows.
  std::printf(
      "decode contrastive decoder (%zu columns -> %zu dimensions, %d epochs of %zu rows): %.1f s, %.2f s per "
      "epoch (ridge decoder: %.1f s, ratio %.2f; peer: none)\n",
      contrastive.columns.size(), models.stimulusEmbedding.cols, contrastive.epochs, contrastive.trainingRows,
      contrastive.seconds, contrastive.seconds / std::max(1, contrastive.epochs), decoderSeconds,
      contrastive.seconds / decoderSeconds);
  std::printf("decode total with the contrastive decoder: %.1f s\n", total + contrastive.seconds);
  std::printf(
      "embedding decoders: top-1 300-way brain -> image: contrastive %.3f, ridge %.3f; image -> brain: "
      "contrastive %.3f, ridge %.3f\n",
      contrastive.topOne, decoder.topOne, contrastive.topOneImageToBrain, decoder.topOneImageToBrain);
  return 0;
}

}  // namespace vl::app
