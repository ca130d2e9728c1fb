#include "core/fitting/StudyModelPipeline.h"

#include <gtest/gtest.h>

#include "core/io/NpyWriter.h"
#include "core/study/StudyFolderLoader.h"
#include "core/ml/ModelBundle.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/TestBundles.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

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

TEST(StudyModelPipeline, CacheKeyChangesWithTheResponsesContentsAtTheSameShape) {
  fixtures::SmallStudyFolder folder;
  const fs::path study = folder.dir.path;
  auto keyOf = [&] { return studyModelCacheKey(*loadExperiment(readStudyManifest(study)), "embedder e1 abc"); };
  // An older study.json without the hash: the key fingerprints the files, and equals the key of the same study with
  // the hash stored (a study made today), so storing it never throws a valid cache away.
  ASSERT_TRUE(readStudyManifest(study).responsesHash.empty());
  const std::string computed = keyOf();
  auto manifest = readStudyManifest(study);
  manifest.responsesHash = hashResponseFiles(study, manifest);
  writeStudyManifest(study, manifest);
  const std::string stored = keyOf();
  EXPECT_EQ(stored, computed);
  EXPECT_NE(stored.find("responses " + manifest.responsesHash), std::string::npos) << stored;

  // The same shapes, one value changed, the study made again (hash written again): another key.
  auto train = folder.train;
  train[7] += 1.0f;
  writeNpy(study / "responses/train_betas.npy", train, {6, static_cast<std::int64_t>(folder.columns)});
  manifest.responsesHash = hashResponseFiles(study, manifest);
  writeStudyManifest(study, manifest);
  const std::string changed = keyOf();
  EXPECT_NE(changed, stored);
  // Without a stored hash the change is seen too; another trial-to-stimulus order as well.
  manifest.responsesHash.clear();
  writeStudyManifest(study, manifest);
  EXPECT_EQ(keyOf(), changed);
  writeNpy(study / "responses/test_stimulus.npy", std::vector<std::int32_t>{4, 3}, {2});
  EXPECT_NE(keyOf(), changed);
  // The embedder and the fit settings are part of it.
  const auto experiment = loadExperiment(readStudyManifest(study));
  EXPECT_NE(studyModelCacheKey(*experiment, "embedder e2 abc"), studyModelCacheKey(*experiment, "embedder e1 abc"));
  EXPECT_NE(keyOf().find("fit ridge alphas"), std::string::npos);
  EXPECT_NE(keyOf().find("grouped k-fold"), std::string::npos);  // the fixture shows stimulus 0 twice
}

TEST(StudyModelPipeline, NewContentsOfTheSameShapeAreRefitted) {
  fixtures::SmallStudyFolder folder;
  fixtures::writeImageEmbedder(folder.dir.path / "embedder");
  const ImageEmbedder embedder(ModelBundle::load(folder.dir.path / "embedder"));
  EXPECT_FALSE(prepareStudyModels(*loadExperiment(readStudyManifest(folder.dir.path)), embedder).fromCache);
  EXPECT_TRUE(prepareStudyModels(*loadExperiment(readStudyManifest(folder.dir.path)), embedder).fromCache);
  auto train = folder.train;
  for (auto& value : train) value = -value;
  writeNpy(folder.dir.path / "responses/train_betas.npy", train, {6, static_cast<std::int64_t>(folder.columns)});
  EXPECT_FALSE(prepareStudyModels(*loadExperiment(readStudyManifest(folder.dir.path)), embedder).fromCache);
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
