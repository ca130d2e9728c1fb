// Forward-model identification on the demo study (issue 14): Gabor energy plus the image embedding, per-column
// encoders, Gaussian likelihood over the best columns, against the planted ceiling from truth/. Reads the test
// cache's demo study (demo_cache fixture), or the study folder in VOXELLENS_IDENTIFY_STUDY (e.g. `voxellens demo
// --seed 7`).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyIdentification.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/BundleRunners.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

struct DemoIdentification {
  LoadedStudy loaded;
  StudyModels models;
  StudyIdentification result;
};

const DemoIdentification& demo() {
  static DemoIdentification* made = [] {
    auto* d = new DemoIdentification;
    const char* chosen = std::getenv("VOXELLENS_IDENTIFY_STUDY");
    d->loaded = loadStudyFolder(chosen && *chosen ? fs::path(chosen) : defaultDemoStudyFolder());
    const auto& experiment = *d->loaded.study->experiment();
    d->models = prepareStudyModels(experiment, ImageEmbedder(studyImageEmbedder()));
    d->result = identifyStudy(experiment, d->models.stimulusEmbedding);
    const auto& s = d->result.scores;
    std::printf("forward identification on %s, %zu features, %zu columns: top-1 %zu-way brain->image %.3f, "
                "image->brain %.3f (chance %.4f; features %.1f s, fit %.1f s)\n",
                d->result.data.c_str(), d->result.features, s.columns, s.ways, s.brainToImage, s.imageToBrain,
                s.chance, d->result.featureSeconds, d->result.fitSeconds);
    if (d->result.ceiling)
      std::printf("planted ceiling on %zu columns: brain->image %.3f, image->brain %.3f\n", d->result.ceiling->columns,
                  d->result.ceiling->brainToImage, d->result.ceiling->imageToBrain);
    if (d->result.noiseless)
      std::printf("the model on the noiseless test signal: brain->image %.3f, image->brain %.3f\n",
                  d->result.noiseless->brainToImage, d->result.noiseless->imageToBrain);
    return d;
  }();
  return *made;
}

// Issue 14's goal is 0.90 both ways; what the method reaches on the demo study (0.833 brain -> image, 0.907 image
// -> brain when this was written) is asserted with a small margin (the fit is deterministic; the margin covers BLAS
// summation order), so that a change that loses accuracy fails. The planted ceiling is the same computation with the
// true signal and noise. One test, because every test of a discovered executable runs in its own process and the fit
// is the expensive part.
TEST(DemoIdentification, ForwardModelIdentifiesMostTestImagesAndBeatsTheRidgeDecoder) {
  const auto& r = demo().result;
  ASSERT_TRUE(r.ceiling.has_value()) << "the demo study has its planted truth";
  EXPECT_EQ(r.scores.ways, 300u);
  EXPECT_EQ(r.data, "repeat means (3 trials each)");
  EXPECT_GE(r.ceiling->brainToImage, 0.97);
  EXPECT_GE(r.ceiling->imageToBrain, 0.97);
  EXPECT_GE(r.scores.brainToImage, 0.81);
  EXPECT_GE(r.scores.imageToBrain, 0.88);
  EXPECT_LE(r.scores.brainToImage, r.ceiling->brainToImage);
  // Where the rest is lost: the same model on the noiseless test signal (0.873 and 0.960 when this was written)
  // stays well below the planted ceiling, so the model's predictions, not the noise, limit the score. The noise can
  // only cost, up to the luck of a few draws.
  ASSERT_TRUE(r.noiseless.has_value());
  EXPECT_EQ(r.noiseless->columns, 1000u);
  EXPECT_GE(r.noiseless->brainToImage, r.scores.brainToImage - 0.02);
  EXPECT_GE(r.noiseless->imageToBrain, r.scores.imageToBrain - 0.02);
  EXPECT_LE(r.noiseless->brainToImage, r.ceiling->brainToImage + 0.02);
  // The study's decoder (ridge from the best 2,000 columns into the embedding) identifies about a quarter.
  EXPECT_GT(r.scores.brainToImage, demo().models.decoder.topOne + 0.4);
  // Columns and noise model chosen on the training rows.
  EXPECT_EQ(r.model.columns.size(), 1000u);
  EXPECT_EQ(r.model.noisePrecision.rows, 1000u);
  EXPECT_EQ(r.model.selection, "leave-one-out");  // the demo shows every training image once
}

}  // namespace
}  // namespace vl::core
