// The low-level reconstruction: block means of an image, and a ridge from responses that carry the pixels back to
// them.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "core/fitting/HighLevelReconstruction.h"
#include "core/fitting/LowLevelReconstruction.h"

namespace vl::core {
namespace {

TEST(LowLevelReconstruction, BlockMeansAverageEachBlockPerChannel) {
  // 4 x 4 image: the left half red (255, 0, 0), the right half grey 51; blocks of 2 x 2.
  StimulusImage image{4, 4, std::vector<std::uint8_t>(48, 0)};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c)
        image.rgb[std::size_t((y * 4 + x) * 3 + c)] = x < 2 ? (c == 0 ? 255 : 0) : 51;
  const auto blocks = blockMeanRgb(image, 2);
  ASSERT_EQ(blocks.size(), 12u);
  EXPECT_FLOAT_EQ(blocks[0], 1.0f);   // top-left, red
  EXPECT_FLOAT_EQ(blocks[1], 0.0f);
  EXPECT_FLOAT_EQ(blocks[3], 0.2f);   // top-right, red channel of grey 51
  EXPECT_FLOAT_EQ(blocks[11], 0.2f);  // bottom-right, blue
  EXPECT_THROW(blockMeanRgb(image, 3), std::invalid_argument);
  EXPECT_THROW(blockMeanRgb(StimulusImage{4, 2, std::vector<std::uint8_t>(24, 0)}, 2), std::invalid_argument);
}

TEST(LowLevelReconstruction, RidgeRecoversPixelsCarriedByTheResponses) {
  // 2 x 2 RGB targets (12 values); 40 response columns that mix them linearly, plus noise.
  std::mt19937 random(5);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  const std::size_t rows = 600, columns = 40, values = 12;
  Matrix mixing(values, columns);
  for (auto& v : mixing.data) v = normal(random);
  auto make = [&](std::size_t n, Matrix& targets, Matrix& responses) {
    targets = Matrix(n, values);
    responses = Matrix(n, columns);
    for (auto& v : targets.data) v = unit(random);
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t c = 0; c < columns; ++c) {
        float sum = 0.1f * normal(random);
        for (std::size_t k = 0; k < values; ++k) sum += targets(r, k) * mixing(k, c);
        responses(r, c) = sum;
      }
  };
  Matrix trainTargets, trainResponses, testTargets, testResponses;
  make(rows, trainTargets, trainResponses);
  make(3, testTargets, testResponses);
  std::vector<std::int32_t> all(columns);
  for (std::size_t c = 0; c < columns; ++c) all[c] = std::int32_t(c);
  const auto decoder = fitLowLevelDecoder(ResponseRows::of(trainResponses), trainTargets, all, {});
  EXPECT_EQ(decoder.side, 2);
  // At the input's own size the reconstruction is the decoded block means, rounded to 8 bits.
  const auto images = reconstructLowLevel(decoder, ResponseRows::of(testResponses), 2);
  // The ridge shrinks towards the mean a little; values spread with SD 0.29.
  ASSERT_EQ(images.size(), 3u);
  double absError = 0;
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t k = 0; k < values; ++k) {
      EXPECT_NEAR(images[r].rgb[k] / 255.0, testTargets(r, k), 0.12) << "row " << r << " value " << k;
      absError += std::abs(images[r].rgb[k] / 255.0 - testTargets(r, k));
    }
  EXPECT_LT(absError / 36, 0.05);
  EXPECT_THROW(fitLowLevelDecoder(ResponseRows::of(trainResponses), Matrix(rows, 10), all, {}), std::invalid_argument);
}

TEST(HighLevelReconstruction, DecodedEmbeddingsTakeTheTrainingMeanAndSpread) {
  // Shrunk predictions (mean 0.1, SD 0.01 in column 0) become training-like (mean 2, SD 3) with their order kept.
  const Matrix decoded(3, 2, {0.09f, 5.0f, 0.10f, 5.0f, 0.11f, 5.0f});
  const Matrix train(2, 2, {-1.0f, 0.0f, 5.0f, 4.0f});
  const Matrix out = matchTrainingDistribution(decoded, train);
  const double z = std::sqrt(1.5);  // (0.11 - 0.10) / population SD of {0.09, 0.10, 0.11}
  EXPECT_NEAR(out(0, 0), 2 - 3 * z, 1e-4);
  EXPECT_NEAR(out(1, 0), 2, 1e-4);
  EXPECT_NEAR(out(2, 0), 2 + 3 * z, 1e-4);
  EXPECT_NEAR(out(1, 1), 2, 1e-6);  // no spread in column 1: the training mean
  EXPECT_THROW(matchTrainingDistribution(decoded, Matrix(2, 3)), std::invalid_argument);
}

TEST(HighLevelReconstruction, CandidateEmbeddingsWeighedByTheirPosterior) {
  // Trial 0: candidates 0 and 1 equally likely, 2 unlikely; with the top 2, the mean of their embeddings.
  const MatrixD logPosterior(1, 3, {std::log(0.45), std::log(0.45), std::log(0.1)});
  const Matrix embeddings(3, 2, {1, 0, 0, 1, 5, 5});
  const Matrix out = posteriorWeightedEmbedding(logPosterior, embeddings, 2);
  EXPECT_NEAR(out(0, 0), 0.5, 1e-6);
  EXPECT_NEAR(out(0, 1), 0.5, 1e-6);
  const Matrix all = posteriorWeightedEmbedding(logPosterior, embeddings, 3);
  EXPECT_NEAR(all(0, 0), 0.45 + 0.5, 1e-5);
  EXPECT_THROW(posteriorWeightedEmbedding(logPosterior, Matrix(2, 2), 1), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
