#include "core/fitting/StudyModelPipeline.h"

#include <gtest/gtest.h>

#include "core/io/NpyWriter.h"
#include "core/study/StudyFolderLoader.h"
#include "core/ml/ModelBundle.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/TestBundles.h"

namespace vl::core {
namespace {

TEST(StudyModelPipeline, EmbedsEveryStimulusFitsAndReusesTheCacheOnlyForTheSameInputs) {
  fixtures::SmallStudyFolder folder;
  fixtures::writeImageEmbedder(folder.dir.path / "embedder");
  const ImageEmbedder embedder(ModelBundle::load(folder.dir.path / "embedder"));
  auto experiment = loadExperiment(readStudyManifest(folder.dir.path));

  const StudyModels fitted = prepareStudyModels(*experiment, embedder);
  EXPECT_FALSE(fitted.fromCache);
  EXPECT_EQ(fitted.cacheFolder, folder.dir.path / "models" / embedder.bundle().name());
  ASSERT_EQ(fitted.stimulusEmbedding.rows, 5u);
  ASSERT_EQ(fitted.stimulusEmbedding.cols, 4u);
  // Row i is the embedder's output for stimulus i, whatever the batching.
  const Matrix direct = embedder.embed({experiment->stimuli->image(3)});
  for (std::size_t k = 0; k < 4; ++k) EXPECT_FLOAT_EQ(fitted.stimulusEmbedding(3, k), direct(0, k));
  EXPECT_EQ(fitted.encoder.testR2.size(), folder.columns);
  EXPECT_EQ(fitted.encoder.weights.rows, 4u);
  EXPECT_EQ(fitted.decoder.testImages, 2u);

  const StudyModels cached = prepareStudyModels(*experiment, embedder);
  EXPECT_TRUE(cached.fromCache);
  EXPECT_EQ(cached.stimulusEmbedding.data, fitted.stimulusEmbedding.data);
  EXPECT_EQ(cached.encoder.testR2, fitted.encoder.testR2);
  EXPECT_EQ(cached.decoder.columns, fitted.decoder.columns);

  // Other responses (one training row fewer) make the cache stale: the models are fitted again.
  writeNpy(folder.dir.path / "responses/train_betas.npy",
           std::vector<float>(folder.train.begin(), folder.train.begin() + 5 * folder.columns),
           {5, static_cast<std::int64_t>(folder.columns)});
  writeNpy(folder.dir.path / "responses/train_stimulus.npy", std::vector<std::int32_t>{0, 1, 2, 3, 4}, {5});
  experiment = loadExperiment(readStudyManifest(folder.dir.path));
  const StudyModels refitted = prepareStudyModels(*experiment, embedder);
  EXPECT_FALSE(refitted.fromCache);
  EXPECT_EQ(refitted.encoder.samples, 5u);
}

TEST(StudyModelPipeline, AStudyWithoutResponsesIsRefused) {
  fixtures::SmallStudyFolder folder;
  fixtures::writeImageEmbedder(folder.dir.path / "embedder");
  const ImageEmbedder embedder(ModelBundle::load(folder.dir.path / "embedder"));
  auto manifest = readStudyManifest(folder.dir.path);
  manifest.train.reset();
  EXPECT_THROW(prepareStudyModels(*loadExperiment(manifest), embedder), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
