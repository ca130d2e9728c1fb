#include "core/fitting/StudyModelFits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

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

}  // namespace
}  // namespace vl::core
