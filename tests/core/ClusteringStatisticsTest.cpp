// k-means, the adjusted Rand index and Benjamini-Hochberg FDR (core/analysis), against hand-worked examples.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/analysis/AdjustedRand.h"
#include "core/analysis/Fdr.h"
#include "core/analysis/KMeans.h"

namespace vl::core {
namespace {

TEST(AdjustedRand, MatchesTheHandWorkedContingencyTable) {
  // Table n_ij = {{2,1,0},{0,1,2}}: sum C(n_ij,2) = 2, rows 3+3 -> 6, columns 1+1+1 -> 3, C(6,2) = 15,
  // E = 6*3/15 = 1.2, max = 4.5: ARI = 0.8 / 3.3.
  const int a[] = {0, 0, 0, 1, 1, 1};
  const int b[] = {0, 0, 1, 1, 2, 2};
  EXPECT_NEAR(adjustedRandIndex(a, b), 0.8 / 3.3, 1e-12);
  EXPECT_NEAR(adjustedRandIndex(b, a), 0.8 / 3.3, 1e-12);
}

TEST(AdjustedRand, IgnoresLabelNumbersAndRejectsDifferentLengths) {
  const int a[] = {0, 0, 1, 1, 2, 2};
  const int renamed[] = {5, 5, -1, -1, 9, 9};
  EXPECT_DOUBLE_EQ(adjustedRandIndex(a, renamed), 1.0);
  const int opposite[] = {0, 1, 0, 1, 0, 1};  // each group split evenly: below chance
  EXPECT_LT(adjustedRandIndex(a, opposite), 0.0);
  const int shorter[] = {0, 1};
  EXPECT_THROW(adjustedRandIndex(a, shorter), std::invalid_argument);
}

TEST(Fdr, BenjaminiHochbergOnAHandExample) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Sorted: 0.005 0.01 0.03 0.04 0.2 (m = 5); p*m/rank: 0.025 0.025 0.05 0.05 0.2, already non-decreasing.
  const double p[] = {0.01, 0.04, 0.03, 0.005, 0.2, nan};
  const auto q = benjaminiHochbergQ(p);
  EXPECT_NEAR(q[0], 0.025, 1e-12);
  EXPECT_NEAR(q[1], 0.05, 1e-12);
  EXPECT_NEAR(q[2], 0.05, 1e-12);
  EXPECT_NEAR(q[3], 0.025, 1e-12);
  EXPECT_NEAR(q[4], 0.2, 1e-12);
  EXPECT_TRUE(std::isnan(q[5]));
  EXPECT_EQ(fdrDiscoveries(p, 0.05), (std::vector<bool>{true, true, true, true, false, false}));
  EXPECT_EQ(fdrDiscoveries(p, 0.04), (std::vector<bool>{true, false, false, true, false, false}));
  // The step-up takes the minimum from above: 0.04 at rank 2 of 2 gives q 0.04 to the smaller 0.03 too.
  const double stepUp[] = {0.03, 0.04};
  const auto q2 = benjaminiHochbergQ(stepUp);
  EXPECT_NEAR(q2[0], 0.04, 1e-12);
  EXPECT_NEAR(q2[1], 0.04, 1e-12);
  EXPECT_THROW(fdrDiscoveries(p, 0.0), std::invalid_argument);
}

TEST(KMeans, FindsSeparatedBlobsTheSameWayForTheSameSeed) {
  std::mt19937 random(3);
  std::normal_distribution<double> noise(0.0, 0.3);
  const double centres[3][2] = {{0, 0}, {5, 5}, {-5, 5}};
  const std::size_t perBlob[3] = {50, 30, 20};
  MatrixD points(100, 2);
  std::vector<int> truth;
  std::size_t row = 0;
  for (int b = 0; b < 3; ++b)
    for (std::size_t i = 0; i < perBlob[b]; ++i, ++row) {
      points(row, 0) = centres[b][0] + noise(random);
      points(row, 1) = centres[b][1] + noise(random);
      truth.push_back(b);
    }
  KMeansOptions options;
  options.clusters = 3;
  const auto result = kMeans(points, options);
  EXPECT_DOUBLE_EQ(adjustedRandIndex(result.assignment, truth), 1.0);
  EXPECT_EQ(result.sizes, (std::vector<std::size_t>{50, 30, 20}));  // numbered by size
  EXPECT_EQ(result.assignment.front(), 0);
  EXPECT_NEAR(result.centroids(1, 0), 5.0, 0.2);
  EXPECT_EQ(kMeans(points, options).assignment, result.assignment);
  options.clusters = 101;
  EXPECT_THROW(kMeans(points, options), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
