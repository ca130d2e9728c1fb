// The selectivity pieces on hand-made inputs whose answers are known: the BrainSCUBA projection, rank-weighted
// keywords, the receptive-field peak, the target's mean weights and ranking, and the targets' bad-input messages.
#include <gtest/gtest.h>

#include <cmath>

#include "core/selectivity/CaptionProjection.h"
#include "core/selectivity/PreferredImages.h"
#include "core/selectivity/ReceptiveField.h"
#include "core/selectivity/SelectionTarget.h"
#include "core/geometry/Icosphere.h"

namespace vl::core {
namespace {

// Two features, three columns: column 0 and 1 point along feature 0, column 2 along feature 1.
FitFolder twoFeatureFit() {
  FitFolder fit;
  fit.weights = Matrix(2, 3, std::vector<float>{2, 4, 0, 0, 0, 1});
  fit.intercepts = {1, 3, 0};
  fit.testR2 = {0.5, 0.0, 0.2};
  return fit;
}

TEST(SelectivityProjection, FollowsTheSoftmaxOfTheIssue) {
  const FitFolder fit = twoFeatureFit();
  // Images: along feature 0 (norm 2), along feature 1 (norm 1), diagonal (norm 1).
  const float h = float(std::sqrt(0.5));
  const Matrix images(3, 2, std::vector<float>{2, 0, 0, 1, h, h});
  const std::size_t columns[] = {0, 1};
  // w_hat = (1, 0): logits 150 * (1, 0, 0.7071); p almost all on image 0; projected ~ e_hat_0 * |e_0| = (2, 0).
  const auto projected = projectTargetDirection(fit, columns, images);
  ASSERT_EQ(projected.size(), 2u);
  EXPECT_NEAR(projected[0], 2.0, 1e-6);
  EXPECT_NEAR(projected[1], 0.0, 1e-6);
  // A low temperature spreads p: by hand, p = softmax(0, 0 ... ) with temperature 1 over (1, 0, 0.7071).
  const auto soft = projectTargetDirection(fit, columns, images, false, 1.0);
  const double e0 = std::exp(1.0), e1 = std::exp(0.0), e2 = std::exp(double(h)), z = e0 + e1 + e2;
  const double px = (e0 + e2 * h) / z, py = (e1 + e2 * h) / z, scale = (2 * e0 + e1 + e2) / z;
  const double n = std::hypot(px, py);
  EXPECT_NEAR(soft[0], px / n * scale, 1e-6);
  EXPECT_NEAR(soft[1], py / n * scale, 1e-6);
  // Every column counted equally: columns 0 and 2 give w_hat along the diagonal, so the diagonal image wins.
  const std::size_t mixed[] = {0, 2};
  const auto diagonal = projectTargetDirection(fit, mixed, images);
  EXPECT_NEAR(diagonal[0], h, 1e-4);
  EXPECT_NEAR(diagonal[1], h, 1e-4);
  // Weighted by R^2 (0.5 vs 0.2) the direction leans to feature 0: w_hat = (0.928, 0.371), whose cosine with
  // image 0 (0.928) beats the diagonal's (0.919), so image 0 takes most of p and the projection leans to it.
  const auto weighted = projectTargetDirection(fit, mixed, images, true);
  EXPECT_GT(weighted[0], 1.5);
  EXPECT_LT(weighted[1], 0.5);
}

TEST(SelectivityProjection, NearestCaptionsAreCosineRankedAndDistinct) {
  const Matrix text(4, 2, std::vector<float>{1, 0, 0, 1, 1, 0.1f, 3, 0});
  const std::vector<std::string> captions = {"a face", "a room", "a face, left", "a face"};
  const std::vector<double> projected = {2, 0};
  const auto nearest = nearestCaptions(projected, text, captions, 5);
  ASSERT_EQ(nearest.size(), 3u);  // "a face" twice -> once
  EXPECT_EQ(nearest[0].caption, "a face");
  EXPECT_DOUBLE_EQ(nearest[0].similarity, 1.0);
  EXPECT_EQ(nearest[1].caption, "a face, left");
  EXPECT_EQ(nearest[2].caption, "a room");
  EXPECT_EQ(composeCaption(nearest), "a face");
  EXPECT_THROW(nearestCaptions(std::vector<double>{1, 0, 0}, text, captions), std::invalid_argument);
}

TEST(SelectivityKeywords, WeighContentWordsByRank) {
  // k = 3: rank weights 1, 2/3, 1/3. "face": 1 + 1/3; "room": 2/3; "smiling": 1; position words dropped.
  const auto keywords = rankWeightedKeywords({"a smiling face, left", "a room at the top", "a face, small"});
  ASSERT_GE(keywords.size(), 3u);
  EXPECT_EQ(keywords[0].word, "face");
  EXPECT_DOUBLE_EQ(keywords[0].weight, 1.0);
  EXPECT_EQ(keywords[1].word, "smiling");
  EXPECT_NEAR(keywords[1].weight, 1.0 / (4.0 / 3.0), 1e-12);
  EXPECT_EQ(keywords[2].word, "room");
  for (const auto& k : keywords) EXPECT_TRUE(k.word != "left" && k.word != "a" && k.word != "small") << k.word;
}

TEST(SelectivityReceptiveField, PeakFollowsTheCellsThatDriveTheResponse) {
  // 8 x 8 px images on a 4 x 4 grid; each image has texture in one cell; the response is high when that cell is
  // row 0, column 3 (upper right): the peak must be there, 45 degrees polar angle.
  constexpr int kGrid = 4, kSize = 8;
  std::vector<StimulusImage> images;
  std::vector<double> responses;
  for (int n = 0; n < 64; ++n) {
    const int cell = n % (kGrid * kGrid);
    StimulusImage image{kSize, kSize, std::vector<std::uint8_t>(kSize * kSize * 3, 128)};
    const int cx = cell % kGrid, cy = cell / kGrid;
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) {
        const int px = cx * 2 + x, py = cy * 2 + y;
        for (int c = 0; c < 3; ++c) image.rgb[(py * kSize + px) * 3 + c] = (x + y) % 2 ? 255 : 0;
      }
    images.push_back(image);
    responses.push_back(cell == 3 ? 1.0 : 0.0);
  }
  const auto energy = computeContrastEnergy(images.size(), [&](std::size_t i) { return images[i]; }, kGrid);
  const auto field = receptiveField(energy, responses, 8.0, kSize);
  EXPECT_TRUE(field.inDegrees);
  // The 90th percentile of 16 cells keeps the top two; the strongest is the upper-right cell (centre 3, 3 deg).
  EXPECT_GT(field.x, 0);
  EXPECT_GT(field.y, 0);
  EXPECT_NEAR(field.polarAngleDeg, 45.0, 20.0);
  const auto pixels = receptiveField(energy, responses, std::nullopt, kSize);
  EXPECT_FALSE(pixels.inDegrees);
  EXPECT_NEAR(pixels.x, field.x * kSize / 8.0, 1e-9);
  EXPECT_THROW(receptiveField(energy, std::vector<double>(3, 0.0), 8.0, kSize), std::invalid_argument);
}

TEST(SelectivityPreferredImages, MeanWeightsPredictAndRank) {
  const FitFolder fit = twoFeatureFit();
  const std::size_t columns[] = {0, 1};
  const auto weights = targetWeights(fit, columns);
  EXPECT_DOUBLE_EQ(weights.weights[0], 3.0);
  EXPECT_DOUBLE_EQ(weights.intercept, 2.0);
  // R^2 weights 0.5 and 0: column 0 alone.
  const auto weighted = targetWeights(fit, columns, true);
  EXPECT_DOUBLE_EQ(weighted.weights[0], 2.0);
  EXPECT_DOUBLE_EQ(weighted.intercept, 1.0);
  const Matrix features(3, 2, std::vector<float>{1, 0, -1, 5, 2, 0});
  const auto predicted = predictedResponse(features, weights);
  EXPECT_DOUBLE_EQ(predicted[0], 5.0);
  EXPECT_DOUBLE_EQ(predicted[1], -1.0);
  EXPECT_DOUBLE_EQ(predicted[2], 8.0);
  const auto top = rankImages(predicted, 2, true, {false, true, true});
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].index, 2u);
  EXPECT_TRUE(top[0].fitted);
  EXPECT_EQ(top[1].index, 0u);
  EXPECT_FALSE(top[1].fitted);
  EXPECT_EQ(rankImages(predicted, 1, false, {})[0].index, 1u);
  EXPECT_THROW(targetWeights(fit, std::span<const std::size_t>()), std::invalid_argument);
}

TEST(SelectivityTarget, BadInputNamesWhatIsWrong) {
  const Surface surface = makeIcosphere(0, 10.0f);  // 12 vertices
  const ColumnMap columns({0, 2}, 4, {1}, 4);
  try {
    discTarget(surface, Hemisphere::Left, 99, 4.0f, ColumnMap({0}, 12, {}, 12));
    ADD_FAILURE() << "accepted vertex 99";
  } catch (const std::out_of_range& error) {
    EXPECT_NE(std::string(error.what()).find("which has 12 vertices"), std::string::npos) << error.what();
  }
  Parcellation set;
  set.name = "planted ROIs";
  set.keys = {std::vector<std::int32_t>{5, 0, 5, 0}, std::vector<std::int32_t>{0, 5, 0, 0}};
  set.labels = {{0, "???"}, {5, "FFA"}};
  const auto both = roiTarget(set, "FFA", {Hemisphere::Left, Hemisphere::Right}, columns);
  EXPECT_EQ(both.columns, (std::vector<std::size_t>{0, 1, 2}));  // lh vertices 0, 2 -> columns 0, 1; rh 1 -> 2
  const auto left = roiTarget(set, "FFA", {Hemisphere::Left}, columns);
  EXPECT_EQ(left.columns, (std::vector<std::size_t>{0, 1}));
  try {
    roiTarget(set, "PPA", {Hemisphere::Left}, columns);
    ADD_FAILURE();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("(it has: FFA)"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace vl::core
