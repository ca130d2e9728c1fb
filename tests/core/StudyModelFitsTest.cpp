#include "core/fitting/StudyModelFits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <random>

#include "core/fitting/EncodingModel.h"
#include "core/fitting/RidgeCv.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

// 400 stimuli with a 6-d embedding; 300 training trials and 60 test images; columns 0..19 are a linear function of
// the embedding plus noise, columns 20..39 pure noise.
struct SyntheticExperiment {
  Matrix embedding{400, 6};
  Experiment experiment;

  SyntheticExperiment() {
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    for (auto& value : embedding.data) value = normal(random);
    Matrix weights(6, 20);
    for (auto& value : weights.data) value = normal(random);
    experiment.manifest.stimuli = StudyStimuli{400, "images.npy", {}, {}, {}, {}};
    auto makeSet = [&](std::size_t rows, std::size_t firstStimulus, float noise) {
      ResponseSet set;
      set.rows = rows;
      set.columns = 40;
      for (std::size_t r = 0; r < rows; ++r) {
        const auto stimulus = static_cast<std::int32_t>(firstStimulus + r);
        set.stimulus.push_back(stimulus);
        for (std::size_t c = 0; c < 40; ++c) {
          float signal = 0;
          if (c < 20)
            for (std::size_t k = 0; k < 6; ++k) signal += embedding(std::size_t(stimulus), k) * weights(k, c);
          set.betas.push_back(signal + noise * normal(random));
        }
      }
      return set;
    };
    experiment.train = makeSet(300, 0, 1.0f);
    experiment.test = makeSet(60, 300, 0.5f);
  }
};

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
