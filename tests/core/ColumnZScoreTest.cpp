#include "core/analysis/ColumnZScore.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vl::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(ColumnZScore, ScalesEachColumnToMeanZeroAndPopulationSdOne) {
  MatrixD m(4, 2, {1, 10, 2, 20, 3, 30, 6, 60});
  zscoreColumns(m);
  // Column 0: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
  EXPECT_NEAR(m(0, 0), (1 - 3) / std::sqrt(3.5), 1e-12);
  EXPECT_NEAR(m(3, 0), (6 - 3) / std::sqrt(3.5), 1e-12);
  // Scale does not matter: column 1 is column 0 times ten.
  for (std::size_t r = 0; r < 4; ++r) EXPECT_NEAR(m(r, 1), m(r, 0), 1e-12);
}

TEST(ColumnZScore, NonFiniteValuesAreLeftOutOfTheStatisticsAndBecomeZero) {
  const double inf = std::numeric_limits<double>::infinity();
  MatrixD m(5, 1, {1, kNaN, 3, inf, 5});
  zscoreColumns(m);
  // The statistics of {1, 3, 5}: mean 3, population sd sqrt(8 / 3).
  const double sd = std::sqrt(8.0 / 3.0);
  EXPECT_NEAR(m(0, 0), -2 / sd, 1e-12);
  EXPECT_EQ(m(1, 0), 0.0);
  EXPECT_NEAR(m(2, 0), 0.0, 1e-12);
  EXPECT_EQ(m(3, 0), 0.0);
  EXPECT_NEAR(m(4, 0), 2 / sd, 1e-12);

  // The float path (NSD betas) follows the same rule.
  Matrix f(5, 1, {1, std::nanf(""), 3, -std::numeric_limits<float>::infinity(), 5});
  zscoreColumns(f);
  EXPECT_NEAR(f(0, 0), -2 / sd, 1e-6);
  EXPECT_EQ(f(1, 0), 0.0f);
  EXPECT_EQ(f(3, 0), 0.0f);
  EXPECT_NEAR(f(4, 0), 2 / sd, 1e-6);
}

TEST(ColumnZScore, ColumnsWithoutVarianceBecomeZero) {
  // A constant column, one with a single finite value, one with none, one constant up to float rounding.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Matrix m(3, 4, {7, 1, nan, 1000.0f, 7, nan, nan, 1000.0001f, 7, nan, nan, 1000.0f});
  zscoreColumns(m);
  for (float value : m.data) EXPECT_EQ(value, 0.0f);
}

}  // namespace
}  // namespace vl::core
