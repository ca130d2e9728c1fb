// The pieces of the selectivity maps on hand-worked examples: category d' from a linear encoder, the permutation
// p-value, categories from caption words and the noise ceiling from each kind of repeats.
#include <gtest/gtest.h>

#include <cmath>

#include "core/selectivity/CategoryMaps.h"
#include "core/selectivity/ColumnNoiseCeiling.h"

namespace vl::core {
namespace {

class CaptionedBank : public StimulusSource {
public:
  explicit CaptionedBank(std::vector<std::string> captions, std::vector<std::string> tags = {})
      : captions_(std::move(captions)), tags_(std::move(tags)) {}
  std::size_t count() const override { return captions_.size(); }
  StimulusImage image(std::size_t) const override { return {}; }
  std::string caption(std::size_t i) const override { return captions_.at(i); }
  std::vector<std::string> tags(std::size_t i) const override {
    return tags_.empty() ? std::vector<std::string>() : std::vector<std::string>{tags_.at(i)};
  }

private:
  std::vector<std::string> captions_, tags_;
};

TEST(CategoryMaps, CategoriesFromTagsAndFromCaptionWords) {
  const CaptionedBank bank({"A smiling Face", "a red house", "the house of faces", "an apple"},
                           {"face", "place", "place", "food"});
  const auto tagged = categoriesFromTags(bank);
  ASSERT_EQ(tagged.size(), 3u);
  EXPECT_EQ(tagged[2].name, "place");  // sorted by name: face, food, place
  EXPECT_EQ(tagged[2].member, (std::vector<bool>{false, true, true, false}));
  const auto worded = categoriesFromWords(bank, {{"faces", {"face", "portrait"}}, {"places", {"house"}}});
  ASSERT_EQ(worded.size(), 2u);
  EXPECT_EQ(worded[0].member, (std::vector<bool>{true, false, false, false}));  // whole words: "faces" is not "face"
  EXPECT_EQ(worded[1].images, 2u);
}

TEST(CategoryMaps, PredictedDPrimeOfALinearEncoder) {
  // One feature, images 0..3 with feature 0, 0, 1, 1; the category is images 2 and 3; column 0 has weight 2, column
  // 1 weight -1. Prediction 2x: category mean 2, rest 0, SD over the bank 2 * sqrt(1/3): d' = sqrt(3).
  Experiment experiment;
  FitFolder encoder;
  encoder.weights = Matrix(1, 2, std::vector<float>{2.0f, -1.0f});
  encoder.intercepts = {5.0f, 0.0f};
  const Matrix embedding(4, 1, std::vector<float>{0, 0, 1, 1});
  BankCategory category{"c", {false, false, true, true}, 2, "tags"};
  const auto maps = categoryMaps(experiment, encoder, embedding, {category});
  ASSERT_EQ(maps.maps.size(), 1u);
  EXPECT_NEAR(maps.maps[0].predicted[0], std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(maps.maps[0].predicted[1], -std::sqrt(3.0), 1e-5);
  EXPECT_TRUE(maps.maps[0].measured.empty());  // no training responses
  category.images = 4;
  category.member.assign(4, true);
  EXPECT_THROW(categoryMaps(experiment, encoder, embedding, {category}), std::invalid_argument);
}

TEST(CategoryMaps, PermutationPValueMatchesTheExactOne) {
  // Six images, the category is the three with the highest response in column 0: of the C(6,3) = 20 equally likely
  // relabellings one gives a difference as large, so the exact one-sided p is 1/20. Column 1 reverses the order:
  // every relabelling is at least as large, p = 1.
  Matrix responses(6, 2, std::vector<float>{3, -3, 2, -2, 1, -1, 0, 0, -1, 1, -2, 2});
  const std::vector<std::uint64_t> labels = {1, 1, 1, 0, 0, 0};
  const auto result = permutationSelectivity(responses, labels, 1, 4000, 7);
  // Difference of means 3, SD of the six values sqrt(3.5).
  EXPECT_NEAR(result.dPrime[0][0], 3.0 / std::sqrt(3.5), 1e-5);
  EXPECT_NEAR(result.pValue[0][0], 0.05, 0.01);
  EXPECT_NEAR(result.pValue[0][1], 1.0, 1e-9);
  EXPECT_EQ(permutationSelectivity(responses, labels, 1, 4000, 7).pValue, result.pValue);
}

TEST(CategoryMaps, PValuesBeyondThePermutationsResolutionComeFromTheNullsTail) {
  // 200 images, the category's 100 respond 1 higher than the rest over a spread of about 0.3: far beyond what any of
  // 100 permutations reaches, so p falls below 1/101; the normal tail of the null (SD about 0.07 for a difference
  // of about 1) puts it near 0. A column without the effect keeps its permutation p.
  Matrix responses(200, 2);
  std::vector<std::uint64_t> labels(200);
  for (std::size_t i = 0; i < 200; ++i) {
    labels[i] = i % 2;
    const float noise = float(int((i * 37) % 11) - 5) / 16.0f;
    responses(i, 0) = (i % 2 ? 1.0f : 0.0f) + noise;
    responses(i, 1) = noise;
  }
  const auto result = permutationSelectivity(responses, labels, 1, 100, 7);
  EXPECT_LT(result.pValue[0][0], 1e-6);
  EXPECT_GT(result.pValue[0][1], 1.0 / 101.0);
}

TEST(ColumnNoiseCeiling, FromSingleTrialsAndThreeTrialMeans) {
  // Singles +-2 (variance 16/3), means of 3 trials +-1.5 (variance 3): noise 3/2 (16/3 - 3) = 3.5, signal
  // 16/3 - 3.5 = 11/6, ncsnr^2 = 11/21, NC = 100 (11/21) / (11/21 + 1/3) = 61.11 %.
  const float singles[] = {-2, 2, -2, 2};
  const float means[] = {-1.5f, 1.5f, -1.5f, 1.5f};
  const auto ceiling = noiseCeilingFromMeans(singles, means, 1, 3);
  EXPECT_NEAR(ceiling.ncsnr[0], std::sqrt(11.0 / 21.0), 1e-6);
  EXPECT_NEAR(ceiling.ncPercent[0], 100.0 * (11.0 / 21.0) / (11.0 / 21.0 + 1.0 / 3.0), 1e-6);
  EXPECT_EQ(ceiling.trialsAveraged, 3.0);
}

TEST(ColumnNoiseCeiling, FromRepeatedSingleTrialsAsNsd) {
  // Images 0, 0, 1, 1 with responses 1, 3, 5, 7: z-scored -3, -1, 1, 3 over sqrt(5); each image's trials vary by
  // 2/5 (ddof 1), so the noise variance is 0.4, the signal's 0.6, ncsnr^2 = 1.5; for test means of 3 trials
  // NC = 100 * 1.5 / (1.5 + 1/3) = 81.82 %.
  Experiment experiment;
  ResponseSet train;
  train.rows = 4, train.columns = 2;
  train.betas = {1, 0, 3, 0, 5, 0, 7, 0};
  train.stimulus = {0, 0, 1, 1};
  experiment.train = train;
  ResponseSet test;
  test.rows = 1, test.columns = 2, test.repeats = 3;
  test.betas = {0, 0};
  test.stimulus = {2};
  experiment.test = test;
  const std::size_t columns[] = {0};
  const auto ceiling = columnNoiseCeiling(experiment, columns);
  ASSERT_TRUE(ceiling);
  EXPECT_NEAR(ceiling->ncsnr[0], std::sqrt(1.5), 1e-5);
  EXPECT_NEAR(ceiling->ncPercent[0], 100.0 * 1.5 / (1.5 + 1.0 / 3.0), 1e-4);
  EXPECT_EQ(ceiling->trialsAveraged, 3.0);
  const std::size_t outside[] = {2};
  EXPECT_THROW(columnNoiseCeiling(experiment, outside), std::invalid_argument);
  experiment.test.reset();
  experiment.train->stimulus = {0, 1, 2, 3};  // no repeats of any kind
  EXPECT_FALSE(columnNoiseCeiling(experiment, columns));
}

}  // namespace
}  // namespace vl::core
