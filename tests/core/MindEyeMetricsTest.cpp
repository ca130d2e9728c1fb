// MindEye's reconstruction metrics (core/analysis/MindEyeMetrics.h) against numbers computed the way its notebook
// computes them (tests/data/metrics/mindeye_reference.py: torch's bilinear resize, numpy, scipy), and the image ->
// brain direction of the decoder's retrieval.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/analysis/ImageResize.h"
#include "core/analysis/MindEyeMetrics.h"
#include "core/fitting/Retrieval.h"

using namespace vl::core;

namespace {
// The two 12 x 16 RGB images of mindeye_reference.py.
FloatImage image(bool seen) {
  FloatImage out;
  out.width = 16, out.height = 12, out.channels = 3;
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 16; ++x) {
      const double r = seen ? 0.5 + 0.4 * std::sin(0.3 * x + 0.2 * y) : 0.5 + 0.35 * std::sin(0.33 * x + 0.15 * y + 0.2);
      const double g = seen ? 0.5 + 0.3 * std::cos(0.25 * x - 0.4 * y) : 0.4 + 0.2 * std::cos(0.5 * x * y / 8.0);
      const double b = seen ? (x + y) / 30.0 : 0.3 + 0.02 * x;
      out.pixels.insert(out.pixels.end(), {float(r), float(g), float(b)});
    }
  return out;
}
}  // namespace

TEST(MindEyeMetrics, BilinearResizeMatchesTorchInterpolate) {
  const FloatImage big = resizedBilinear(image(true), 425, 425);
  ASSERT_EQ(big.width, 425u);
  ASSERT_EQ(big.height, 425u);
  auto at = [&](int y, int x, int c) { return big.pixels[(std::size_t(y) * 425 + std::size_t(x)) * 3 + std::size_t(c)]; };
  EXPECT_NEAR(at(0, 0, 0), 0.5, 1e-6);
  EXPECT_NEAR(at(100, 200, 1), 0.6990761160850525, 2e-6);
  EXPECT_NEAR(at(424, 424, 2), 0.8666666746139526, 2e-6);
  // A 2 x 1 image enlarged to 4 x 1: half-pixel centres, clamped at the edges (torch: 0, 0.25, 0.75, 1).
  FloatImage ramp;
  ramp.width = 2, ramp.height = 1, ramp.channels = 1, ramp.pixels = {0.0f, 1.0f};
  EXPECT_EQ(resizedBilinear(ramp, 4, 1).pixels, (std::vector<float>{0.0f, 0.25f, 0.75f, 1.0f}));
  EXPECT_THROW(resizedBilinear(ramp, 0, 4), std::invalid_argument);
}

TEST(MindEyeMetrics, PixCorrAndSsimAsMindEyeComputesThem) {
  const FloatImage seen = image(true), reconstructed = image(false);
  EXPECT_NEAR(mindEyePixCorr(seen, reconstructed), 0.6685434622465026, 1e-6);
  EXPECT_NEAR(mindEyeSsim(seen, reconstructed), 0.8971345827181101, 1e-5);
  EXPECT_NEAR(mindEyePixCorr(seen, seen), 1.0, 1e-9);
  EXPECT_NEAR(mindEyeSsim(seen, seen), 1.0, 1e-9);
  // At 64 px the same images score differently: the resize is part of the definition.
  EXPECT_GT(std::abs(ssim(reconstructed, seen, 1.0) - 0.8971345827181101), 0.01);
  const std::vector<FloatImage> seens{seen, seen}, reconstructions{reconstructed, seen};
  const auto scores = mindEyeImageScores(seens, reconstructions);
  EXPECT_EQ(scores.pairs, 2u);
  EXPECT_NEAR(scores.pixCorr, (0.6685434622465026 + 1.0) / 2, 1e-6);
  EXPECT_THROW(mindEyeImageScores(seens, std::vector<FloatImage>{seen}), std::invalid_argument);
}

TEST(MindEyeMetrics, TwoWayIsBrainDiffusersPairwiseCorrAll) {
  MatrixD reals(6, 8), preds(6, 8);
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t k = 0; k < 8; ++k) {
      reals(i, k) = std::sin(0.7 * double(i) + 0.9 * double(k)) + 0.1 * double(i);
      preds(i, k) = reals(i, k) + 0.6 * std::cos(1.3 * double(i) * double(k) + 0.4);
    }
  for (std::size_t k = 0; k < 8; ++k) std::swap(preds(2, k), preds(3, k));
  EXPECT_NEAR(mindEyeTwoWay(preds, reals), 0.8666666666666666, 1e-12);
  EXPECT_DOUBLE_EQ(mindEyeTwoWay(reals, reals), 1.0);
  // Ties count as failures: identical features everywhere give 0, not the 0.5 of counting them half.
  EXPECT_DOUBLE_EQ(mindEyeTwoWay(MatrixD(4, 3, 1.0), MatrixD(4, 3, 1.0)), 0.0);
  EXPECT_THROW(mindEyeTwoWay(MatrixD(1, 3), MatrixD(1, 3)), std::invalid_argument);
}

TEST(MindEyeMetrics, ImageToBrainRetrievalIsTheTransposedDirection) {
  // Three decoded embeddings all closest to image 0: brain -> image finds only item 0; image -> brain, where each
  // image picks among the decoded embeddings, finds images 0 and 2 (decoded 2 is the most image-2-like of them).
  MatrixD similarity(3, 3, 0.0);
  similarity(0, 0) = 0.9, similarity(0, 1) = 0.1, similarity(0, 2) = 0.0;
  similarity(1, 0) = 0.8, similarity(1, 1) = 0.5, similarity(1, 2) = 0.1;
  similarity(2, 0) = 0.7, similarity(2, 1) = 0.6, similarity(2, 2) = 0.4;
  EXPECT_NEAR(topOneIdentification(similarity, 300, 30, 0), 1.0 / 3, 1e-12);
  EXPECT_NEAR(topOneIdentification(transposed(similarity), 300, 30, 0), 2.0 / 3, 1e-12);
}
