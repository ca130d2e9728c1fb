// Scores, noise ceiling, retrieval, image metrics and RSA against hand-computed values and numbers printed by
// tests/data/ridge/metrics_reference.py (numpy / scipy / sklearn) for the same formula-built inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "core/analysis/ImageMetrics.h"
#include "core/analysis/ColumnZScore.h"
#include "core/analysis/NoiseCeiling.h"
#include "core/fitting/Retrieval.h"
#include "core/analysis/Rsa.h"
#include "core/analysis/Scores.h"

using namespace vl::core;

namespace {

// The script's images: A = 0.5 + 0.4 sin(0.3 x + 0.2 y), B = A + 0.1 cos(0.7 x y + 0.5), 20 x 16.
constexpr std::size_t kW = 20, kH = 16;
MatrixD imageA(double offset = 0.0) {
  MatrixD m(kH, kW);
  for (std::size_t y = 0; y < kH; ++y)
    for (std::size_t x = 0; x < kW; ++x) m(y, x) = 0.5 + 0.4 * std::sin(0.3 * x + 0.2 * y) + offset;
  return m;
}
MatrixD imageB() {
  MatrixD m = imageA();
  for (std::size_t y = 0; y < kH; ++y)
    for (std::size_t x = 0; x < kW; ++x) m(y, x) += 0.1 * std::cos(0.7 * x * y + 0.5);
  return m;
}
FloatImage asImage(const MatrixD& grey) {
  FloatImage im{grey.cols, grey.rows, 1, {}};
  for (double v : grey.data) im.pixels.push_back(static_cast<float>(v));
  return im;
}
FloatImage rgbImage() {  // R = A, G = 0.5 + 0.3 cos(0.25 x - 0.4 y), B = (x + y) / 40
  const MatrixD a = imageA();
  FloatImage im{kW, kH, 3, {}};
  for (std::size_t y = 0; y < kH; ++y)
    for (std::size_t x = 0; x < kW; ++x) {
      im.pixels.push_back(static_cast<float>(a(y, x)));
      im.pixels.push_back(static_cast<float>(0.5 + 0.3 * std::cos(0.25 * x - 0.4 * y)));
      im.pixels.push_back(static_cast<float>((x + y) / 40.0));
    }
  return im;
}

}  // namespace

TEST(AnalysisScores, PearsonAndR2PerVoxelMatchScipyAndSklearn) {
  const MatrixD measured(4, 2, {1, 2, 2, 0, 3, 5, 4, 1});
  const MatrixD predicted(4, 2, {1, 1.5, 2, 1, 3, 4, 5, 0});
  const auto r = pearsonPerColumn(predicted, measured);
  EXPECT_NEAR(r[0], 0.9827076298239908, 1e-14);
  EXPECT_NEAR(r[1], 0.9067521068905562, 1e-14);
  const auto r2 = r2PerColumn(predicted, measured);
  EXPECT_NEAR(r2[0], 0.8, 1e-14);  // SS_res 1, SS_tot 5
  EXPECT_NEAR(r2[1], 0.7678571428571428, 1e-14);
  // Constant measured column: sklearn gives 1 for a perfect prediction, else 0; Pearson is undefined.
  const Matrix constant(3, 1, {2, 2, 2}), perfect(3, 1, {2, 2, 2}), off(3, 1, {1, 2, 3});
  EXPECT_EQ(r2PerColumn(perfect, constant)[0], 1.0);
  EXPECT_EQ(r2PerColumn(off, constant)[0], 0.0);
  EXPECT_TRUE(std::isnan(pearsonPerColumn(off, constant)[0]));
  EXPECT_THROW(r2PerColumn(Matrix(3, 1), Matrix(4, 1)), std::invalid_argument);
}

TEST(AnalysisNoiseCeiling, HandComputedNsdFormula) {
  // Voxel 0: stimulus 10 trials {0.4, -0.2} (var 0.18), 20 {1.0, 0.6} (0.08), 30 {-0.9, -1.3} (0.08); stimulus 40 has
  // one trial and is ignored. Noise variance 0.34 / 3 = 17/150, signal variance 133/150, ncsnr^2 = 133/17,
  // NC(n = 1) = 100 * 133/150 = 88.667 %, NC(n = 2) = 100 * 133 / (133 + 8.5) = 93.993 %.
  // Voxel 1: repeats differ by 2 (noise variance 2 > 1): signal 0, NC 0. Voxel 2: identical repeats: NC 100.
  const std::vector<std::int64_t> ids{10, 20, 10, 30, 20, 30, 40};
  const MatrixD r(7, 3, {0.4, 1, 5,   //
                         1.0, 0, 6,   //
                         -0.2, -1, 5,  //
                         -0.9, 2, 7,  //
                         0.6, -2, 6,  //
                         -1.3, 0, 7,  //
                         3.0, 9, 1});
  const auto nc1 = noiseCeiling(r, ids, 1.0);
  EXPECT_NEAR(nc1.noiseSd[0], std::sqrt(17.0 / 150), 1e-12);
  EXPECT_NEAR(nc1.signalSd[0], std::sqrt(133.0 / 150), 1e-12);
  EXPECT_NEAR(nc1.ncsnr[0], std::sqrt(133.0 / 17), 1e-12);
  EXPECT_NEAR(nc1.ncPercent[0], 100.0 * 133 / 150, 1e-10);
  EXPECT_NEAR(nc1.noiseSd[1], std::sqrt((2.0 + 2.0 + 2.0) / 3), 1e-12);  // {1,-1}: 2, {0,-2}: 2, {2,0}: 2
  EXPECT_EQ(nc1.signalSd[1], 0.0);
  EXPECT_EQ(nc1.ncPercent[1], 0.0);
  EXPECT_EQ(nc1.noiseSd[2], 0.0);
  EXPECT_EQ(nc1.ncPercent[2], 100.0);
  const auto nc2 = noiseCeiling(r, ids, 2.0);
  EXPECT_NEAR(nc2.ncPercent[0], 100.0 * 133 / 141.5, 1e-10);
  // Unequal repeats (NSD's A/B/C form): two stimuli averaged over 3 trials, one over 1: mean 1/n = 5/9.
  EXPECT_NEAR(ncPercentFromNcsnr(2.0, std::vector<int>{3, 3, 1}), 100.0 * 4 / (4 + 5.0 / 9), 1e-12);
  EXPECT_NEAR(fractionOfCeiling(0.3, 60.0), 0.5, 1e-15);
  EXPECT_TRUE(std::isnan(fractionOfCeiling(0.3, 0.0)));
  EXPECT_THROW(noiseCeiling(r, {1, 2, 3}, 1.0), std::invalid_argument);
  EXPECT_THROW(noiseCeiling(MatrixD(2, 1, {1, 2}), {1, 2}, 1.0), std::invalid_argument);  // no repeats

  MatrixD z(4, 2, {1, 5, 2, 5, 3, 5, 6, 5});
  zscoreColumns(z);
  EXPECT_NEAR(z(0, 0), (1 - 3) / std::sqrt(3.5), 1e-12);  // mean 3, population variance 14 / 4
  EXPECT_EQ(z(2, 1), 0.0);
}

TEST(AnalysisRetrieval, IdentityAndKnownPermutation) {
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  Matrix truth(50, 16);
  for (auto& x : truth.data) x = normal(rng);
  Matrix scaled = truth;  // cosine ignores scale
  for (auto& x : scaled.data) x *= 3.0f;
  const MatrixD same = cosineSimilarity(scaled, truth);
  EXPECT_NEAR(same(3, 3), 1.0, 1e-6);
  EXPECT_EQ(topOneIdentification(same, 300, 5), 1.0);
  EXPECT_EQ(twoWayIdentification(same), 1.0);
  EXPECT_EQ(meanRank(same), 1.0);

  // One-hot embeddings, predicted_i = e_perm(i) with 4 fixed points among 10: fixed items are identified with rank 1;
  // the other 6 have similarity 0 to their own item, tie with 8 distractors and lose to one: rank 2, 2-way 4/9.
  const std::vector<std::size_t> perm{0, 2, 1, 3, 4, 6, 5, 7, 9, 8};
  MatrixD predicted(10, 10), oneHot(10, 10);
  for (std::size_t i = 0; i < 10; ++i) {
    predicted(i, perm[i]) = 1.0;
    oneHot(i, i) = 1.0;
  }
  const MatrixD s = cosineSimilarity(predicted, oneHot);
  EXPECT_EQ(s(1, 2), 1.0);
  EXPECT_EQ(s(1, 1), 0.0);
  EXPECT_DOUBLE_EQ(topOneIdentification(s), 0.4);
  EXPECT_DOUBLE_EQ(meanRank(s), 1.6);
  EXPECT_NEAR(twoWayIdentification(s), (4 + 6 * 4.0 / 9) / 10, 1e-15);
}

TEST(AnalysisRetrieval, NWaySubsetsAreRandomButSeeded) {
  // Item i is beaten only by item i+1: it is identified iff i+1 is not drawn, probability (n - k) / (n - 1).
  const std::size_t n = 1000;
  MatrixD s(n, n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    s(i, i) = 1.0;
    s(i, (i + 1) % n) = 2.0;
  }
  const double top1 = topOneIdentification(s, 300, 200, 7);
  EXPECT_NEAR(top1, 700.0 / 999, 0.01);
  EXPECT_EQ(top1, topOneIdentification(s, 300, 200, 7));
  EXPECT_NE(top1, topOneIdentification(s, 300, 200, 8));
  EXPECT_NEAR(twoWayIdentification(s), 998.0 / 999, 1e-12);
  EXPECT_DOUBLE_EQ(meanRank(s), 2.0);
}

TEST(AnalysisImages, SsimAndPixCorrMatchTheSkimageFormula) {
  const MatrixD a = imageA(), b = imageB();
  EXPECT_NEAR(ssim(a, a, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(ssim(a, imageA(0.1), 1.0), 0.9413364110985127, 1e-10);
  EXPECT_NEAR(ssim(a, b, 1.0), 0.8444451972818462, 1e-10);
  EXPECT_NEAR(ssim(a, b, 2.0), 0.8601616212091587, 1e-10);
  EXPECT_NEAR(ssim(rgbImage(), asImage(a), 1.0), 0.2334253685970019, 1e-6);  // float pixels
  EXPECT_NEAR(ssim(asImage(a), asImage(b), 1.0), 0.8444451972818462, 1e-6);
  EXPECT_NEAR(pixCorr(asImage(a), asImage(b)), 0.9700524819917895, 1e-6);
  EXPECT_NEAR(pixCorr(rgbImage(), asImage(b)), 0.5145598913387692, 1e-6);
  EXPECT_THROW(ssim(MatrixD(10, 20), MatrixD(10, 20), 1.0), std::invalid_argument);  // smaller than the window
  EXPECT_THROW(pixCorr(asImage(a), asImage(MatrixD(3, 3))), std::invalid_argument);
}

TEST(AnalysisRsa, RdmsAndSpearmanWithTiesMatchScipy) {
  MatrixD patterns(5, 4);
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t k = 0; k < 4; ++k) patterns(i, k) = std::sin(1.0 + i * 0.7 + k * k * 0.3) + 0.1 * i;
  const std::vector<double> corr{0.05636325368344686, 0.20658434069080078, 0.8530280558102544, 1.955750596768046,
                                 0.049841079426415136, 0.5339232119358084, 1.804513434149567, 0.28131981789492666,
                                 1.579247060033384, 0.8494849319819144};
  const std::vector<double> eucl{0.6232296216069639, 1.121256136599752, 1.8049078829260807, 2.4899265764999643,
                                 0.7395151744539281, 1.6965632323357782, 2.587494912860191, 1.038940731186097,
                                 2.04300827966811, 1.0637960860967262};
  const auto rc = rdm(patterns, RdmMetric::Correlation), re = rdm(patterns, RdmMetric::Euclidean);
  ASSERT_EQ(rc.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_NEAR(rc[i], corr[i], 1e-12) << i;
    EXPECT_NEAR(re[i], eucl[i], 1e-12) << i;
  }
  const std::vector<double> a{1, 2, 2, 3, 5, 5, 5, 0}, b{2, 1, 3, 3, 4, 6, 6, 1};
  EXPECT_EQ(averageRanks(a), (std::vector<double>{2, 3.5, 3.5, 5, 7, 7, 7, 1}));
  EXPECT_EQ(averageRanks(b), (std::vector<double>{3, 1.5, 4.5, 4.5, 6, 7.5, 7.5, 1.5}));
  EXPECT_NEAR(spearman(a, b), 0.900070320740819, 1e-12);
  EXPECT_NEAR(spearman(rc, rc), 1.0, 1e-12);
}
