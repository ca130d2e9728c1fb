// Issue 14's goal for the decoders into the embedding: the contrastive MLP beats ridge by at least 0.10 top-1
// (300-way, repeat-averaged test betas, cosine similarity in the embedding) on the demo study. Reads the test cache's
// demo study (demo_cache fixture) or the study folder in VOXELLENS_IDENTIFY_STUDY (e.g. `voxellens demo --seed 7`).
// The fit takes minutes on a busy 2-core machine the first time, then comes from the study's model cache.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyContrastiveDecoder.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/TorchRuntime.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

TEST(DemoContrastiveDecoder, BeatsTheRidgeDecoderByATenthTopOne) {
  const char* chosen = std::getenv("VOXELLENS_IDENTIFY_STUDY");
  const auto loaded = loadStudyFolder(chosen && *chosen ? fs::path(chosen) : defaultDemoStudyFolder());
  const auto& experiment = *loaded.study->experiment();
  const auto models = prepareStudyModels(experiment, ImageEmbedder(studyImageEmbedder()));
  StudyContrastiveOptions options;
  // Two threads, as on the 2-core CI machine, or fewer when VOXELLENS_TORCH_THREADS asks (the ThreadSanitizer run
  // sets 1: LibTorch's OpenMP pool is not instrumented).
  options.network.threads = std::min(2, defaultTorchThreads());
  const auto contrastive = studyContrastiveDecoder(experiment, models, options);
  const auto& c = contrastive.fit;
  const auto& ridge = models.decoder;
  std::printf("300-way top-1 brain -> image: contrastive %.3f, ridge %.3f; image -> brain: contrastive %.3f, ridge "
              "%.3f (contrastive: %d epochs, best %d, validation %.3f, %.0f s%s)\n",
              c.topOne, ridge.topOne, c.topOneImageToBrain, ridge.topOneImageToBrain, c.epochs, c.bestEpoch,
              c.validationTopOne, c.seconds, contrastive.fromCache ? ", cached" : "");
  EXPECT_EQ(c.ways, 300u);
  EXPECT_EQ(c.columns, ridge.columns);  // the same 2,000 columns, chosen on the training rows
  EXPECT_EQ(c.validationImages, 900u);  // 10% of the 9,000 training images; the test images choose nothing
  // The goal itself: measured 0.373 against 0.253 and 0.413 against 0.290 (seed 1) when this was written; the fit
  // is deterministic for its seed and thread count, so the 0.02 above the goal is what another thread count's
  // summation order may take.
  EXPECT_GE(c.topOne, ridge.topOne + 0.10);
  EXPECT_GE(c.topOneImageToBrain, ridge.topOneImageToBrain + 0.10);
}

}  // namespace
}  // namespace vl::core
