#include "core/fitting/StudyModelFits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "core/fitting/EncodingModel.h"
#include "core/fitting/RidgeCv.h"
#include "tests/support/SyntheticExperiment.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

using fixtures::SyntheticExperiment;

TEST(StudyModelFits, EncoderPredictsTheDrivenColumnsAndNotTheNoise) {
  SyntheticExperiment synthetic;
  const auto result = fitStudyEncoder(synthetic.experiment, synthetic.embedding);
  ASSERT_EQ(result.testR2.size(), 40u);
  // Each driven column's ceiling is var(signal) / (var(signal) + 0.25): mostly above 0.9, lower for weak columns.
  for (std::size_t c = 0; c < 20; ++c) EXPECT_GT(result.testR2[c], 0.5) << "column " << c;
  std::vector<double> driven(result.testR2.begin(), result.testR2.begin() + 20);
  std::nth_element(driven.begin(), driven.begin() + 10, driven.end());
  EXPECT_GT(driven[10], 0.85);
  for (std::size_t c = 20; c < 40; ++c) EXPECT_LT(result.testR2[c], 0.1) << "column " << c;
}

TEST(StudyModelFits, DecoderReadsTheBestTrainingColumnsAndIdentifiesTestImages) {
  SyntheticExperiment synthetic;
  const auto encoder = fitStudyEncoder(synthetic.experiment, synthetic.embedding);
  const auto decoder = fitStudyDecoder(synthetic.experiment, synthetic.embedding, encoder.cvR2, 20);
  ASSERT_EQ(decoder.columns.size(), 20u);
  EXPECT_EQ(decoder.columns.front(), 0);
  EXPECT_EQ(decoder.columns.back(), 19);
  EXPECT_EQ(decoder.testImages, 60u);
  EXPECT_NEAR(decoder.topOneChance, 1.0 / 60.0, 1e-12);
  EXPECT_GT(decoder.topOne, 0.5);
  EXPECT_GT(decoder.twoWay, 0.95);

  fixtures::TempDir dir;
  writeDecoderFit(dir.path / "decoder", decoder);
  const auto read = readDecoderFit(dir.path / "decoder");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->columns, decoder.columns);
  EXPECT_EQ(read->fit.weights.data, decoder.fit.weights.data);
  EXPECT_DOUBLE_EQ(read->topOne, decoder.topOne);
  std::filesystem::remove(dir.path / "decoder/columns.npy");
  EXPECT_FALSE(readDecoderFit(dir.path / "decoder"));
}

TEST(StudyModelFits, DecoderColumnsAreStandardisedSoTheirScaleDoesNotMatter) {
  SyntheticExperiment synthetic;
  DecoderInput input;
  const auto& train = *synthetic.experiment.train;
  const auto& test = *synthetic.experiment.test;
  input.columns = {0, 1, 2, 3, 4, 5, 6, 7};
  input.trainTargets = rowsForTrials(synthetic.embedding, train);
  input.testTargets = rowsForTrials(synthetic.embedding, test);
  input.trainResponses = {train.betas.data(), train.rows, train.columns};
  input.testResponses = {test.betas.data(), test.rows, test.columns};
  const DecoderFit decoder = fitDecoder(input);

  // Column 3 a hundred times larger: with standardised columns its weights shrink a hundredfold and nothing
  // else changes (the same alphas, the same decoded embeddings, the same scores).
  auto scaled = [](const ResponseSet& set) {
    std::vector<float> betas = set.betas;
    for (std::size_t r = 0; r < set.rows; ++r) betas[r * set.columns + 3] *= 100.0f;
    return betas;
  };
  const auto trainScaled = scaled(train), testScaled = scaled(test);
  input.trainResponses.values = trainScaled.data();
  input.testResponses.values = testScaled.data();
  const DecoderFit rescaled = fitDecoder(input);
  EXPECT_EQ(rescaled.fit.alphas, decoder.fit.alphas);
  for (std::size_t d = 0; d < 6; ++d) {
    EXPECT_NEAR(rescaled.fit.weights(3, d) * 100.0f, decoder.fit.weights(3, d), 1e-4) << d;
    EXPECT_NEAR(rescaled.fit.weights(0, d), decoder.fit.weights(0, d), 1e-5) << d;
  }
  EXPECT_NEAR(rescaled.twoWay, decoder.twoWay, 1e-9);
  EXPECT_NEAR(rescaled.meanRank, decoder.meanRank, 1e-9);

  // Without standardisation (what `voxellens decode` used to fit) the weights are others.
  RidgeOptions plain;
  const Matrix trainColumns = [&] {
    Matrix m(train.rows, input.columns.size());
    for (std::size_t r = 0; r < train.rows; ++r)
      for (std::size_t k = 0; k < input.columns.size(); ++k) m(r, k) = train.betas[r * train.columns + k];
    return m;
  }();
  const auto unstandardised = fitRidgeCv(trainColumns, input.trainTargets, plain);
  double largest = 0;
  for (std::size_t i = 0; i < decoder.fit.weights.data.size(); ++i)
    largest = std::max(largest, double(std::abs(unstandardised.weights.data[i] - decoder.fit.weights.data[i])));
  EXPECT_GT(largest, 1e-3);
}

TEST(StudyModelFits, DecoderRefusesInconsistentInput) {
  SyntheticExperiment synthetic;
  const auto& train = *synthetic.experiment.train;
  const auto& test = *synthetic.experiment.test;
  DecoderInput input;
  input.trainTargets = rowsForTrials(synthetic.embedding, train);
  input.testTargets = rowsForTrials(synthetic.embedding, test);
  input.trainResponses = {train.betas.data(), train.rows, train.columns};
  input.testResponses = {test.betas.data(), test.rows, test.columns};
  auto refused = [](const DecoderInput& bad, const std::string& says) {
    try {
      fitDecoder(bad);
      ADD_FAILURE() << "accepted; expected: " << says;
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find(says), std::string::npos) << error.what();
    }
  };
  DecoderInput bad = input;
  bad.columns = {3, 40};
  refused(bad, "column 40 is outside the 40 response columns");
  bad.columns = {5, 3};
  refused(bad, "ascending");
  bad = input;
  bad.trainTargets = Matrix(299, 6);
  refused(bad, "300 training response rows for 299 embedding rows");
  bad = input;
  bad.testResponses.columns = 39;
  refused(bad, "the same columns and embedding dimensions expected");
}

TEST(StudyModelFits, BestColumnsRankNaNLastAndBreakTiesByColumn) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> scores = {0.1, nan, 0.5, 0.5, -0.2, 0.9};
  EXPECT_EQ(bestColumns(scores, 3), (std::vector<std::int32_t>{2, 3, 5}));
  EXPECT_EQ(bestColumns(scores, 2), (std::vector<std::int32_t>{2, 5}));  // 2 wins the tie with 3
  EXPECT_EQ(bestColumns(scores, 6).size(), 6u);
  EXPECT_EQ(bestColumns(scores, 5), (std::vector<std::int32_t>{0, 2, 3, 4, 5}));  // NaN is last
  EXPECT_EQ(bestColumns(scores, 2, {0, 1, 3, 4}), (std::vector<std::int32_t>{0, 3}));
  EXPECT_THROW(bestColumns(scores, 2, {6}), std::invalid_argument);
  EXPECT_EQ(maskedColumns({0, 1, nan, -2, std::numeric_limits<double>::infinity(), 0.5}),
            (std::vector<std::int32_t>{1, 3, 5}));
}

TEST(StudyModelFits, DecoderFoldersWrittenBeforeTheirWaysWereRecordedStillRead) {
  SyntheticExperiment synthetic;
  const auto encoder = fitStudyEncoder(synthetic.experiment, synthetic.embedding);
  const auto decoder = fitStudyDecoder(synthetic.experiment, synthetic.embedding, encoder.cvR2, 10);
  EXPECT_EQ(decoder.ways, 60u);
  EXPECT_EQ(decoder.selection, "leave-one-out");
  fixtures::TempDir dir;
  writeDecoderFit(dir.path, decoder);
  std::ofstream(dir.path / "summary.json")
      << R"({"kind": "decoder", "test_images": 60, "top1": 0.5, "top1_chance": 0.0167, "two_way": 0.9,
             "mean_rank": 2.0, "seconds": 1.0})";
  const auto old = readDecoderFit(dir.path);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->ways, 60u);
  EXPECT_EQ(old->selection, "");
  EXPECT_EQ(old->columns, decoder.columns);
}

TEST(StudyModelFits, AnEmbeddingWithTheWrongRowCountIsRefused) {
  SyntheticExperiment synthetic;
  EXPECT_THROW(fitStudyEncoder(synthetic.experiment, Matrix(399, 6)), std::invalid_argument);
  Experiment empty;
  EXPECT_THROW(fitStudyEncoder(empty, synthetic.embedding), std::invalid_argument);
}

// 100 training images shown 3 times each (NSD-like repeats) and 60 test images, with a 150-d embedding: more
// features than training images, so ridge can reproduce any per-image value. Every column is a per-image random
// value that the embedding does not predict for a new image, plus trial noise.
struct RepeatedTrainingImages {
  Matrix embedding{400, 150};
  Experiment experiment;

  RepeatedTrainingImages() {
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    for (auto& value : embedding.data) value = normal(random);
    Matrix perImage(400, 12);
    for (auto& value : perImage.data) value = normal(random);
    experiment.manifest.stimuli = StudyStimuli{400, "images.npy", {}, {}, {}, {}};
    ResponseSet train;
    train.columns = 12;
    for (int repeat = 0; repeat < 3; ++repeat)
      for (std::int32_t stimulus = 0; stimulus < 100; ++stimulus) {
        train.stimulus.push_back(stimulus);
        for (std::size_t c = 0; c < 12; ++c) train.betas.push_back(perImage(std::size_t(stimulus), c) + 0.3f * normal(random));
      }
    train.rows = train.stimulus.size();
    ResponseSet test;
    test.columns = 12;
    test.repeats = 3;
    for (std::int32_t stimulus = 300; stimulus < 360; ++stimulus) {
      test.stimulus.push_back(stimulus);
      for (std::size_t c = 0; c < 12; ++c) test.betas.push_back(perImage(std::size_t(stimulus), c));
    }
    test.rows = test.stimulus.size();
    experiment.train = std::move(train);
    experiment.test = std::move(test);
  }
};

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(values.size() / 2), values.end());
  return values[values.size() / 2];
}

TEST(StudyModelFits, RepeatedTrainingImagesAreCrossValidatedByImage) {
  RepeatedTrainingImages repeated;
  const ResponseSet& train = *repeated.experiment.train;
  RidgeOptions options;
  chooseStudyCv(options, train);
  ASSERT_EQ(options.selection, RidgeSelection::GroupKFold);
  EXPECT_EQ(options.folds, 5);
  ASSERT_EQ(options.groups.size(), train.rows);
  for (std::size_t r = 0; r < train.rows; ++r) EXPECT_EQ(options.groups[r], train.stimulus[r]) << "row " << r;
  // No fold trains on a repeat of an image it holds out: every image's rows share one fold.
  const auto folds = groupKFoldAssignment(options.groups, options.folds);
  std::map<std::int32_t, std::set<int>> foldsOfImage;
  for (std::size_t r = 0; r < train.rows; ++r) foldsOfImage[train.stimulus[r]].insert(folds[r]);
  ASSERT_EQ(foldsOfImage.size(), 100u);
  for (const auto& [stimulus, used] : foldsOfImage) EXPECT_EQ(used.size(), 1u) << "image " << stimulus;

  // Both fits use it and say so.
  const auto encoder = fitStudyEncoder(repeated.experiment, repeated.embedding);
  EXPECT_EQ(encoder.selection, "grouped k-fold");
  EXPECT_EQ(encoder.cvData, "single trials");
  EXPECT_EQ(encoder.testData, "repeat means (3 trials each)");
  const auto decoder = fitStudyDecoder(repeated.experiment, repeated.embedding, encoder.cvR2, 12);
  EXPECT_EQ(decoder.selection, "grouped k-fold");
  fixtures::TempDir dir;
  writeDecoderFit(dir.path / "decoder", decoder);
  EXPECT_EQ(readDecoderFit(dir.path / "decoder")->selection, "grouped k-fold");

  // Why: leave-one-out keeps the two other repeats of the held-out image in training and scores the memorised
  // per-image values as if they generalised; by image, CV R^2 is what the test images get (nothing).
  EncodingFitInput loo;
  loo.features = rowsForTrials(repeated.embedding, train);
  loo.responses = Matrix(train.rows, train.columns, train.betas);
  const auto leaky = fitEncodingModel(loo);
  std::printf("per-image responses, 3 repeats: median CV R^2 leave-one-out %.3f, by image %.3f; test R^2 %.3f\n",
              median(leaky.cvR2), median(encoder.cvR2), median(encoder.testR2));
  EXPECT_GT(median(leaky.cvR2), 0.5);
  EXPECT_LT(median(encoder.cvR2), 0.15);
  EXPECT_LT(median(encoder.testR2), 0.15);
}

TEST(StudyModelFits, ImagesShownOnceKeepLeaveOneOut) {
  SyntheticExperiment synthetic;
  RidgeOptions options;
  options.selection = RidgeSelection::KFold;
  chooseStudyCv(options, *synthetic.experiment.train);
  EXPECT_EQ(options.selection, RidgeSelection::LeaveOneOut);
  EXPECT_TRUE(options.groups.empty());
  EXPECT_EQ(fitStudyEncoder(synthetic.experiment, synthetic.embedding).selection, "leave-one-out");
  // The settings text, part of the model cache key, names the CV it describes.
  EXPECT_NE(studyFitSettings(*synthetic.experiment.train).find("leave-one-out"), std::string::npos);
  RepeatedTrainingImages repeated;
  EXPECT_NE(studyFitSettings(*repeated.experiment.train).find("grouped k-fold 5 folds"), std::string::npos);
}

}  // namespace
}  // namespace vl::core
