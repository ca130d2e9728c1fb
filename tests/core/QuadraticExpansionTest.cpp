// The second-order expansion of a feature space: unit-variance, uncorrelated principal components of the fitting
// rows only, their products in the documented order, and an interaction of two features that a linear model of
// the features cannot express becomes one output.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/fitting/QuadraticExpansion.h"

namespace vl::core {
namespace {

// 4 independent features with SDs 3, 2, 1 and 0.1 (so the components are the feature axes, in that order),
// shifted by a mean, then rotated by a fixed orthogonal mix so that no component is a single input column.
Matrix plantedFeatures(std::size_t rows, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> normal;
  const double sd[4] = {3, 2, 1, 0.1};
  // A Householder reflection I - 2 v v^T / |v|^2 with v = (1, 1, 1, 1): orthogonal and dense.
  Matrix x(rows, 4);
  for (std::size_t r = 0; r < rows; ++r) {
    double a[4];
    for (int f = 0; f < 4; ++f) a[f] = sd[f] * normal(random);
    const double sum = a[0] + a[1] + a[2] + a[3];
    for (int f = 0; f < 4; ++f) x(r, static_cast<std::size_t>(f)) = static_cast<float>(a[f] - sum / 2.0 + 5.0);
  }
  return x;
}

double mean(const Matrix& m, std::size_t col, std::size_t rows) {
  double s = 0;
  for (std::size_t r = 0; r < rows; ++r) s += m(r, col);
  return s / double(rows);
}

TEST(QuadraticExpansion, ProductsOfUnitVarianceComponentsInOrder) {
  const Matrix x = plantedFeatures(4000, 1);
  const QuadraticExpansion e = fitQuadraticExpansion(x, {}, 3);
  EXPECT_EQ(e.components(), 3u);
  EXPECT_EQ(e.outputs(), 6u);
  const Matrix q = expandQuadratic(e, x);
  ASSERT_EQ(q.rows, 4000u);
  ASSERT_EQ(q.cols, 6u);
  // Order (0,0), (0,1), (0,2), (1,1), (1,2), (2,2): squares have mean 1 (unit variance, zero mean), products of
  // different components mean 0 (principal components are uncorrelated over the fitting rows).
  const bool square[6] = {true, false, false, true, false, true};
  for (std::size_t o = 0; o < 6; ++o) EXPECT_NEAR(mean(q, o, q.rows), square[o] ? 1.0 : 0.0, 1e-4) << "output " << o;
}

TEST(QuadraticExpansion, AnInteractionOfTheTwoLargestDirectionsIsOneOutput) {
  const Matrix x = plantedFeatures(4000, 2);
  const Matrix q = expandQuadratic(fitQuadraticExpansion(x, {}, 2), x);
  // Undo the reflection: the two largest latent directions are a0 and a1; their product is what a column tuned
  // to "property 0 when property 1" responds to.
  std::vector<double> target(x.rows), output(x.rows);
  for (std::size_t r = 0; r < x.rows; ++r) {
    double v[4], sum = 0;
    for (int f = 0; f < 4; ++f) sum += v[f] = x(r, static_cast<std::size_t>(f)) - 5.0;
    const double a0 = v[0] - sum / 2.0, a1 = v[1] - sum / 2.0;  // the reflection is its own inverse
    target[r] = a0 * a1;
    output[r] = q(r, 1);
  }
  double st = 0, so = 0, stt = 0, soo = 0, sto = 0;
  const double n = double(x.rows);
  for (std::size_t r = 0; r < x.rows; ++r) {
    st += target[r], so += output[r];
    stt += target[r] * target[r], soo += output[r] * output[r], sto += target[r] * output[r];
  }
  const double r = (sto - st * so / n) / std::sqrt((stt - st * st / n) * (soo - so * so / n));
  EXPECT_GT(std::abs(r), 0.99);  // the sign of a component is arbitrary, its product is not lost
}

TEST(QuadraticExpansion, OnlyTheFittingRowsShapeTheComponents) {
  Matrix x = plantedFeatures(1000, 3);
  std::vector<std::int32_t> rows;
  for (std::int32_t r = 0; r < 900; ++r) rows.push_back(r);
  const QuadraticExpansion before = fitQuadraticExpansion(x, rows, 2);
  for (std::size_t r = 900; r < 1000; ++r)
    for (std::size_t f = 0; f < 4; ++f) x(r, f) *= 100.0f;  // held-out rows, far away
  const QuadraticExpansion after = fitQuadraticExpansion(x, rows, 2);
  for (std::size_t i = 0; i < before.basis.data.size(); ++i) EXPECT_EQ(before.basis.data[i], after.basis.data[i]);
  for (std::size_t f = 0; f < 4; ++f) EXPECT_EQ(before.mean[f], after.mean[f]);
  // The squares of the held-out rows are expanded with the same components: far outside the unit variance.
  const Matrix q = expandQuadratic(after, x);
  EXPECT_GT(q(950, 0), 100.0f);
}

TEST(QuadraticExpansion, NamesBadInput) {
  const Matrix x = plantedFeatures(10, 4);
  EXPECT_THROW(fitQuadraticExpansion(x, {}, 0), std::invalid_argument);
  EXPECT_THROW(fitQuadraticExpansion(x, {}, 5), std::invalid_argument);  // only 4 features
  const std::vector<std::int32_t> one{3}, outside{0, 10};
  EXPECT_THROW(fitQuadraticExpansion(x, one, 1), std::invalid_argument);
  EXPECT_THROW(fitQuadraticExpansion(x, outside, 1), std::invalid_argument);
  Matrix bad = x;
  bad(2, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(fitQuadraticExpansion(bad, {}, 2), std::invalid_argument);
  Matrix flat(10, 3);  // every row the same: no direction has variance
  EXPECT_THROW(fitQuadraticExpansion(flat, {}, 1), std::invalid_argument);
  const QuadraticExpansion e = fitQuadraticExpansion(x, {}, 2);
  EXPECT_THROW(expandQuadratic(e, Matrix(3, 5)), std::invalid_argument);
  try {
    fitQuadraticExpansion(x, {}, 5);
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("expected 1 to 4"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace vl::core
