// GCV-bracketed exact leave-one-out against the exhaustive search: the same alphas and coefficients where the LOO
// curve is unimodal, the documented local minimum where it has two (sklearn LOO curves as fixtures), a bracket that
// must be widened, chunked == unchunked, the work counted, and sklearn's chosen alphas on the RidgeTest fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "core/analysis/RidgeCv.h"
#include "tests/support/RidgeFixtures.h"

using namespace vl::core;

namespace {

std::map<std::string, MatrixD> readFixture(const std::string& name) { return vl::fixtures::readRidgeFixture(name); }

// Correlated features (a shared factor) and voxels whose signal-to-noise ratio spans two orders of magnitude.
void correlatedProblem(std::size_t n, std::size_t p, std::size_t v, unsigned seed, MatrixD& X, MatrixD& Y) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  X = MatrixD(n, p);
  for (std::size_t i = 0; i < n; ++i) {
    const double shared = normal(rng);
    for (std::size_t k = 0; k < p; ++k) X(i, k) = 0.8 * shared + normal(rng);
  }
  MatrixD W(p, v);
  for (auto& w : W.data) w = normal(rng) / std::sqrt(double(p));
  Y = MatrixD(n, v);
  for (std::size_t j = 0; j < v; ++j) {
    const double gain = std::pow(10.0, -1.5 + 2.0 * double(j) / double(v - 1));
    for (std::size_t i = 0; i < n; ++i) {
      double s = 1.0;
      for (std::size_t k = 0; k < p; ++k) s += X(i, k) * W(k, j);
      Y(i, j) = gain * s + normal(rng);
    }
  }
}

std::vector<double> logGrid(double first, double last, int count) {
  std::vector<double> grid;
  for (int i = 0; i < count; ++i) grid.push_back(first * std::pow(last / first, double(i) / (count - 1)));
  return grid;
}

RidgeFit<double> fitLoo(const MatrixD& X, const MatrixD& Y, const std::vector<double>& alphas, bool exhaustive,
                        std::size_t chunk = 4096) {
  RidgeOptions o;
  o.alphas = alphas;
  o.precision = RidgePrecision::Float64;
  o.exhaustiveSearch = exhaustive;
  o.chunkSize = chunk;
  return fitRidgeCv(X, Y, o);
}

std::size_t gridIndex(const std::vector<double>& alphas, double alpha) {
  for (std::size_t i = 0; i < alphas.size(); ++i)
    if (alphas[i] == alpha) return i;
  ADD_FAILURE() << "alpha " << alpha << " is not on the grid";
  return alphas.size();
}

// The exact LOO curve of every voxel: curves[alpha][voxel] (a one-alpha grid reports the LOO MSE at that alpha).
std::vector<std::vector<double>> looCurves(const MatrixD& X, const MatrixD& Y, const std::vector<double>& alphas) {
  std::vector<std::vector<double>> curves;
  for (double a : alphas) curves.push_back(fitLoo(X, Y, {a}, true).cvMse);
  return curves;
}

// Local minima of one voxel's curve as the grid search sees them: smaller than the previous alpha (the earlier
// alpha wins ties) and not larger than the next.
std::vector<std::size_t> localMinima(const std::vector<std::vector<double>>& curves, std::size_t voxel) {
  std::vector<std::size_t> minima;
  for (std::size_t i = 0; i < curves.size(); ++i)
    if ((i == 0 || curves[i][voxel] < curves[i - 1][voxel]) &&
        (i + 1 == curves.size() || curves[i][voxel] <= curves[i + 1][voxel]))
      minima.push_back(i);
  return minima;
}

// Per voxel: with one local minimum the bracketed choice is the exhaustive one; with several it is one of them.
// Returns the number of voxels with a unimodal curve.
std::size_t expectExhaustiveWhereUnimodal(const RidgeFit<double>& bracketed, const RidgeFit<double>& exhaustive,
                                          const std::vector<std::vector<double>>& curves,
                                          const std::vector<double>& alphas) {
  std::size_t unimodal = 0;
  for (std::size_t j = 0; j < bracketed.alphas.size(); ++j) {
    const auto minima = localMinima(curves, j);
    const std::size_t chosen = gridIndex(alphas, bracketed.alphas[j]);
    EXPECT_NE(std::find(minima.begin(), minima.end(), chosen), minima.end()) << "voxel " << j;
    if (minima.size() != 1) continue;
    ++unimodal;
    EXPECT_EQ(bracketed.alphas[j], exhaustive.alphas[j]) << "voxel " << j;
    EXPECT_NEAR(bracketed.cvMse[j], exhaustive.cvMse[j], 1e-10 * exhaustive.cvMse[j]) << "voxel " << j;
    EXPECT_NEAR(bracketed.intercepts[j], exhaustive.intercepts[j], 1e-10 * (1 + std::abs(exhaustive.intercepts[j])));
    for (std::size_t k = 0; k < bracketed.weights.rows; ++k)
      EXPECT_NEAR(bracketed.weights(k, j), exhaustive.weights(k, j), 1e-10 * (1 + std::abs(exhaustive.weights(k, j))));
  }
  return unimodal;
}

void expectSameFit(const RidgeFit<double>& a, const RidgeFit<double>& b) {
  for (std::size_t j = 0; j < a.alphas.size(); ++j) {
    EXPECT_EQ(a.alphas[j], b.alphas[j]) << "voxel " << j;
    EXPECT_NEAR(a.cvMse[j], b.cvMse[j], 1e-10 * b.cvMse[j]) << "voxel " << j;
    EXPECT_NEAR(a.intercepts[j], b.intercepts[j], 1e-10 * (1 + std::abs(b.intercepts[j])));
  }
  ASSERT_EQ(a.weights.data.size(), b.weights.data.size());
  for (std::size_t i = 0; i < a.weights.data.size(); ++i)
    EXPECT_NEAR(a.weights.data[i], b.weights.data[i], 1e-10 * (1 + std::abs(b.weights.data[i])));
}

}  // namespace

TEST(RidgeBracket, EqualsExhaustiveOnCorrelatedDataAndDoesLessWork) {
  MatrixD X, Y;
  correlatedProblem(120, 30, 200, 7, X, Y);
  const auto alphas = logGrid(0.1, 1e5, 13);
  const auto bracketed = fitLoo(X, Y, alphas, false);
  const auto exhaustive = fitLoo(X, Y, alphas, true);
  const std::size_t unimodal = expectExhaustiveWhereUnimodal(bracketed, exhaustive, looCurves(X, Y, alphas), alphas);
  EXPECT_GE(unimodal, 190u);  // the weakest voxels' curves are nearly flat at large alphas and may have two minima
  std::map<double, int> spread;
  for (double a : exhaustive.alphas) ++spread[a];
  EXPECT_GE(spread.size(), 4u) << "the design must spread the chosen alphas over the grid";

  EXPECT_EQ(exhaustive.work.cvEvaluations, 200u * 13u);
  EXPECT_EQ(exhaustive.work.exhaustiveEvaluations, 200u * 13u);
  EXPECT_EQ(bracketed.work.exhaustiveEvaluations, 200u * 13u);
  // At least the bracket (2 alphas at the grid's ends, 3 inside) for every voxel, far fewer than all 13.
  EXPECT_GE(bracketed.work.cvEvaluations, 200u * 2u);
  EXPECT_LE(bracketed.work.cvEvaluations, 200u * 4u);
  EXPECT_DOUBLE_EQ(exhaustive.work.flops, exhaustive.work.exhaustiveFlops);
  EXPECT_LT(bracketed.work.flops, 0.5 * bracketed.work.exhaustiveFlops);
  EXPECT_DOUBLE_EQ(bracketed.work.exhaustiveFlops, exhaustive.work.exhaustiveFlops);
}

TEST(RidgeBracket, FineGridWidensTheBracketAndStillEqualsExhaustive) {
  // 61 alphas a factor 1.26 apart: GCV's choice is often a few steps from LOO's, so brackets must be widened.
  MatrixD X, Y;
  correlatedProblem(40, 12, 120, 11, X, Y);
  const auto alphas = logGrid(1e-2, 1e4, 61);
  const auto bracketed = fitLoo(X, Y, alphas, false);
  const auto exhaustive = fitLoo(X, Y, alphas, true);
  EXPECT_GT(bracketed.work.bracketExtensions, 0u);
  const std::size_t unimodal = expectExhaustiveWhereUnimodal(bracketed, exhaustive, looCurves(X, Y, alphas), alphas);
  EXPECT_GE(unimodal, 100u);
}

TEST(RidgeBracket, TwoMinimaGiveTheLocalMinimumNearestGcvsChoice) {
  const auto f = readFixture("two_minima.txt");
  const std::vector<double> alphas(f.at("alphas").data.begin(), f.at("alphas").data.end());
  const auto& loo = f.at("loo").data;  // sklearn's exact LOO curve
  // The design: local minima at 2 and 16, the global one at 16.
  EXPECT_TRUE(loo[2] < loo[1] && loo[2] < loo[3]);
  EXPECT_LT(loo[16], loo[2]);
  const auto bracketed = fitLoo(f.at("X"), f.at("Y"), alphas, false);
  const auto exhaustive = fitLoo(f.at("X"), f.at("Y"), alphas, true);
  EXPECT_EQ(gridIndex(alphas, exhaustive.alphas[0]), 16u);
  // Documented in docs/ridge.md: GCV is smallest at index 2, LOO over {1, 2, 3} is smallest inside, so the
  // bracketed search keeps the local minimum 2 without looking further.
  EXPECT_EQ(gridIndex(alphas, bracketed.alphas[0]), 2u);
  EXPECT_EQ(bracketed.work.bracketExtensions, 0u);
  EXPECT_EQ(bracketed.work.cvEvaluations, 3u);
  EXPECT_NEAR(bracketed.cvMse[0], loo[2], 1e-9 * loo[2]);
  EXPECT_NEAR(exhaustive.cvMse[0], loo[16], 1e-9 * loo[16]);
}

TEST(RidgeBracket, MinimumOnTheEdgeWidensUntilItIsLocal) {
  const auto f = readFixture("extended.txt");
  const std::vector<double> alphas(f.at("alphas").data.begin(), f.at("alphas").data.end());
  const auto& loo = f.at("loo").data;
  EXPECT_TRUE(loo[5] < loo[4] && loo[5] < loo[6]);
  EXPECT_LT(loo[16], loo[5]);
  const auto bracketed = fitLoo(f.at("X"), f.at("Y"), alphas, false);
  // GCV picks 4; LOO over {3, 4, 5} is smallest at the edge 5, so 6 is evaluated once and 5 is kept.
  EXPECT_EQ(gridIndex(alphas, bracketed.alphas[0]), 5u);
  EXPECT_EQ(bracketed.work.bracketExtensions, 1u);
  EXPECT_EQ(bracketed.work.cvEvaluations, 4u);
  EXPECT_NEAR(bracketed.cvMse[0], loo[5], 1e-9 * loo[5]);
  const auto exhaustive = fitLoo(f.at("X"), f.at("Y"), alphas, true);
  EXPECT_EQ(gridIndex(alphas, exhaustive.alphas[0]), 16u);
}

TEST(RidgeBracket, ChunkedEqualsUnchunked) {
  MatrixD X, Y;
  correlatedProblem(60, 20, 97, 3, X, Y);
  const auto alphas = logGrid(1e-2, 1e5, 29);
  const auto whole = fitLoo(X, Y, alphas, false, 100000);
  const auto chunked = fitLoo(X, Y, alphas, false, 7);
  expectSameFit(chunked, whole);
  EXPECT_EQ(chunked.work.cvEvaluations, whole.work.cvEvaluations);
  EXPECT_EQ(chunked.work.bracketExtensions, whole.work.bracketExtensions);
}

TEST(RidgeBracket, SklearnFixturesGiveSklearnsAlphasInBothModes) {
  for (const char* file : {"gcv_svd.txt", "gcv_eigen.txt"}) {
    SCOPED_TRACE(file);
    const auto f = readFixture(file);
    const std::vector<double> alphas(f.at("alphas").data.begin(), f.at("alphas").data.end());
    for (bool exhaustive : {false, true}) {
      const auto fit = fitLoo(f.at("X"), f.at("Y"), alphas, exhaustive);
      for (std::size_t j = 0; j < fit.alphas.size(); ++j) {
        EXPECT_EQ(fit.alphas[j], f.at("alpha").data[j]) << "voxel " << j << (exhaustive ? " exhaustive" : "");
        EXPECT_NEAR(fit.cvMse[j], -f.at("best_score").data[j], 1e-6 * std::abs(f.at("best_score").data[j]));
        for (std::size_t k = 0; k < fit.weights.rows; ++k)
          EXPECT_NEAR(fit.weights(k, j), f.at("coef")(k, j), 1e-6 * (1 + std::abs(f.at("coef")(k, j))));
      }
    }
  }
}

namespace {
// NSD-like: each image shown three times (groups = images), responses = the image's signal + fresh noise.
void repeatedStimuli(std::size_t images, std::size_t p, std::size_t v, unsigned seed, MatrixD& X, MatrixD& Y,
                     std::vector<std::int64_t>& groups) {
  MatrixD imageX, imageY;
  correlatedProblem(images, p, v, seed, imageX, imageY);
  std::mt19937 rng(seed + 100);
  std::normal_distribution<double> normal(0.0, 1.0);
  const std::size_t repeats = 3, n = images * repeats;
  X = MatrixD(n, p);
  Y = MatrixD(n, v);
  groups.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t image = i % images;
    groups[i] = static_cast<std::int64_t>(image);
    for (std::size_t k = 0; k < p; ++k) X(i, k) = imageX(image, k);
    // imageY already holds one noise draw; a second, fresh one per trial makes the repeats differ.
    for (std::size_t j = 0; j < v; ++j) Y(i, j) = imageY(image, j) + normal(rng);
  }
}

RidgeFit<double> fitGrouped(const MatrixD& X, const MatrixD& Y, const std::vector<std::int64_t>& groups,
                            const std::vector<double>& alphas, bool exhaustive, std::size_t chunk = 4096) {
  RidgeOptions o;
  o.alphas = alphas;
  o.precision = RidgePrecision::Float64;
  o.selection = RidgeSelection::GroupKFold;
  o.groups = groups;
  o.exhaustiveSearch = exhaustive;
  o.chunkSize = chunk;
  return fitRidgeCv(X, Y, o);
}
}  // namespace

// The grouped k-fold search is bracketed by the GCV of each fold's training part (summed over folds): measured on
// NSD-like data to give the exhaustive choice (docs/ridge.md). Where the grouped CV curve is unimodal the result
// must be the exhaustive one, coefficients included; the work must be well under the exhaustive search's.
TEST(RidgeBracket, GroupedKFoldBracketEqualsExhaustiveOnRepeatedStimuli) {
  MatrixD X, Y;
  std::vector<std::int64_t> groups;
  repeatedStimuli(150, 30, 200, 11, X, Y, groups);
  const auto alphas = logGrid(0.1, 1e5, 13);
  const auto bracketed = fitGrouped(X, Y, groups, alphas, false);
  const auto exhaustive = fitGrouped(X, Y, groups, alphas, true);
  // The grouped CV curve of every voxel, one alpha at a time.
  std::vector<std::vector<double>> curves;
  for (double a : alphas) curves.push_back(fitGrouped(X, Y, groups, {a}, true).cvMse);
  const std::size_t unimodal = expectExhaustiveWhereUnimodal(bracketed, exhaustive, curves, alphas);
  EXPECT_GE(unimodal, 185u);  // 450 noisy trials: a few weak voxels have a bumpy grouped-CV curve
  std::size_t same = 0;
  for (std::size_t j = 0; j < 200; ++j) same += bracketed.alphas[j] == exhaustive.alphas[j];
  EXPECT_GE(same, 199u);
  std::map<double, int> spread;
  for (double a : exhaustive.alphas) ++spread[a];
  EXPECT_GE(spread.size(), 4u) << "the design must spread the chosen alphas over the grid";
  EXPECT_EQ(exhaustive.work.cvEvaluations, 200u * 13u);
  EXPECT_LE(bracketed.work.cvEvaluations, 200u * 6u);  // 5.1 per voxel measured, of 13
  EXPECT_LT(bracketed.work.flops, 0.6 * bracketed.work.exhaustiveFlops);
  EXPECT_DOUBLE_EQ(exhaustive.work.flops, exhaustive.work.exhaustiveFlops);
}

TEST(RidgeBracket, GroupedKFoldChunkedEqualsUnchunked) {
  MatrixD X, Y;
  std::vector<std::int64_t> groups;
  repeatedStimuli(40, 12, 61, 5, X, Y, groups);
  const auto alphas = logGrid(1e-2, 1e5, 29);
  const auto whole = fitGrouped(X, Y, groups, alphas, false, 100000);
  const auto chunked = fitGrouped(X, Y, groups, alphas, false, 7);
  expectSameFit(chunked, whole);
  EXPECT_EQ(chunked.work.cvEvaluations, whole.work.cvEvaluations);
}
