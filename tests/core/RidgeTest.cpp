// Voxelwise ridge: sklearn RidgeCV fixtures (alphas, coefficients, LOO scores), closed-form ridge and brute-force
// leave-one-out / k-fold refits computed here independently, a designed best alpha per voxel group, chunking,
// float64, prediction, fold assignment, cancellation and progress.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stop_token>
#include <thread>

#include "core/analysis/Blas.h"
#include "core/analysis/RidgeCv.h"
#include "tests/support/RidgeFixtures.h"

using namespace vl::core;

namespace {

std::map<std::string, MatrixD> readFixture(const std::string& name) { return vl::fixtures::readRidgeFixture(name); }

MatrixD gaussian(std::size_t rows, std::size_t cols, std::mt19937& rng, double sd = 1.0, double mean = 0.0) {
  std::normal_distribution<double> normal(mean, sd);
  MatrixD m(rows, cols);
  for (auto& x : m.data) x = normal(rng);
  return m;
}

Matrix toFloat(const MatrixD& m) {
  Matrix f(m.rows, m.cols);
  for (std::size_t i = 0; i < m.data.size(); ++i) f.data[i] = static_cast<float>(m.data[i]);
  return f;
}

// Solves A x = b (A square, row-major) by Gaussian elimination with partial pivoting.
std::vector<double> solve(std::vector<double> a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t piv = k;
    for (std::size_t i = k + 1; i < n; ++i)
      if (std::abs(a[i * n + k]) > std::abs(a[piv * n + k])) piv = i;
    for (std::size_t j = 0; j < n; ++j) std::swap(a[k * n + j], a[piv * n + j]);
    std::swap(b[k], b[piv]);
    for (std::size_t i = k + 1; i < n; ++i) {
      const double m = a[i * n + k] / a[k * n + k];
      for (std::size_t j = k; j < n; ++j) a[i * n + j] -= m * a[k * n + j];
      b[i] -= m * b[k];
    }
  }
  std::vector<double> x(n);
  for (std::size_t k = n; k-- > 0;) {
    double s = b[k];
    for (std::size_t j = k + 1; j < n; ++j) s -= a[k * n + j] * x[j];
    x[k] = s / a[k * n + k];
  }
  return x;
}

// Closed-form ridge on the rows `use` of X and column j of Y: w = (Xc^T Xc + a I)^-1 Xc^T yc, b = my - mx . w.
struct Closed {
  std::vector<double> w;
  double b;
};
Closed closedForm(const MatrixD& X, const MatrixD& Y, std::size_t j, double alpha, const std::vector<std::size_t>& use,
                  bool standardize = false) {
  const std::size_t p = X.cols;
  std::vector<double> mx(p, 0.0), sd(p, 1.0);
  double my = 0;
  for (auto i : use) {
    for (std::size_t k = 0; k < p; ++k) mx[k] += X(i, k) / use.size();
    my += Y(i, j) / use.size();
  }
  if (standardize)
    for (std::size_t k = 0; k < p; ++k) {
      double v = 0;
      for (auto i : use) v += (X(i, k) - mx[k]) * (X(i, k) - mx[k]) / use.size();
      sd[k] = std::sqrt(v);
    }
  std::vector<double> a(p * p, 0.0), rhs(p, 0.0);
  for (auto i : use)
    for (std::size_t k = 0; k < p; ++k) {
      const double xk = (X(i, k) - mx[k]) / sd[k];
      rhs[k] += xk * (Y(i, j) - my);
      for (std::size_t l = 0; l < p; ++l) a[k * p + l] += xk * (X(i, l) - mx[l]) / sd[l];
    }
  for (std::size_t k = 0; k < p; ++k) a[k * p + k] += alpha;
  Closed c{solve(a, rhs), my};
  for (std::size_t k = 0; k < p; ++k) {
    c.w[k] /= sd[k];
    c.b -= mx[k] * c.w[k];
  }
  return c;
}

double predictOne(const Closed& c, const MatrixD& X, std::size_t i) {
  double y = c.b;
  for (std::size_t k = 0; k < X.cols; ++k) y += X(i, k) * c.w[k];
  return y;
}

// Brute-force CV: refit for every held-out set; returns [voxel][alpha] mean over folds of the fold MSE.
std::vector<std::vector<double>> bruteForceCv(const MatrixD& X, const MatrixD& Y, const std::vector<double>& alphas,
                                              const std::vector<int>& foldOf, bool standardize = false) {
  const int k = *std::max_element(foldOf.begin(), foldOf.end()) + 1;
  std::vector<std::vector<double>> mse(Y.cols, std::vector<double>(alphas.size(), 0.0));
  for (int f = 0; f < k; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < X.rows; ++i) (foldOf[i] == f ? test : train).push_back(i);
    for (std::size_t j = 0; j < Y.cols; ++j)
      for (std::size_t a = 0; a < alphas.size(); ++a) {
        const Closed c = closedForm(X, Y, j, alphas[a], train, standardize);
        double sse = 0;
        for (auto i : test) sse += std::pow(Y(i, j) - predictOne(c, X, i), 2);
        mse[j][a] += sse / test.size() / k;
      }
  }
  return mse;
}

std::vector<int> leaveOneOutFolds(std::size_t n) {
  std::vector<int> f(n);
  std::iota(f.begin(), f.end(), 0);
  return f;
}

// Checks alphas (argmin of the brute-force scores, first on ties), scores, weights and intercepts.
void expectMatchesBruteForce(const RidgeFit<double>& fit, const MatrixD& X, const MatrixD& Y, const RidgeOptions& o,
                             const std::vector<int>& foldOf) {
  const auto mse = bruteForceCv(X, Y, o.alphas, foldOf, o.standardizeFeatures);
  std::vector<std::size_t> all(X.rows);
  std::iota(all.begin(), all.end(), 0);
  for (std::size_t j = 0; j < Y.cols; ++j) {
    const std::size_t best = std::min_element(mse[j].begin(), mse[j].end()) - mse[j].begin();
    EXPECT_EQ(fit.alphas[j], o.alphas[best]) << "voxel " << j;
    EXPECT_NEAR(fit.cvMse[j], mse[j][best], 1e-9 * mse[j][best]) << "voxel " << j;
    const Closed c = closedForm(X, Y, j, fit.alphas[j], all, o.standardizeFeatures);
    for (std::size_t k = 0; k < X.cols; ++k) EXPECT_NEAR(fit.weights(k, j), c.w[k], 1e-9 * (1 + std::abs(c.w[k])));
    EXPECT_NEAR(fit.intercepts[j], c.b, 1e-9 * (1 + std::abs(c.b)));
  }
}

// A problem whose voxels need different alphas: signal strength falls and noise grows across voxels.
void mixedProblem(std::size_t n, std::size_t p, std::size_t v, unsigned seed, MatrixD& X, MatrixD& Y) {
  std::mt19937 rng(seed);
  X = gaussian(n, p, rng, 1.5, 0.7);
  const MatrixD W = gaussian(p, v, rng);
  const MatrixD noise = gaussian(n, v, rng);
  Y = MatrixD(n, v);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < v; ++j) {
      double s = 3.0 + j;  // offset: exercises the intercept
      for (std::size_t k = 0; k < p; ++k) s += X(i, k) * W(k, j) * std::pow(0.3, double(j % 5));
      Y(i, j) = s + noise(i, j) * (0.2 + j);
    }
}

}  // namespace

TEST(RidgeSklearn, GcvMatchesRidgeCvInSvdAndEigenBranches) {
  for (const char* file : {"gcv_svd.txt", "gcv_eigen.txt"}) {
    SCOPED_TRACE(file);
    auto fx = readFixture(file);
    RidgeOptions o;
    o.alphas = fx["alphas"].data;
    o.precision = RidgePrecision::Float64;
    const auto fit = fitRidgeCv(fx["X"], fx["Y"], o);
    const std::size_t v = fx["Y"].cols, p = fx["X"].cols;
    for (std::size_t j = 0; j < v; ++j) {
      EXPECT_EQ(fit.alphas[j], fx["alpha"].data[j]) << "voxel " << j;
      const double sk = -fx["best_score"].data[j];
      EXPECT_NEAR(fit.cvMse[j], sk, 1e-6 * sk) << "voxel " << j;
      EXPECT_NEAR(fit.intercepts[j], fx["intercept"].data[j], 1e-4 * std::abs(fx["intercept"].data[j]));
      for (std::size_t k = 0; k < p; ++k) {
        const double ref = fx["coef"](k, j);
        EXPECT_NEAR(fit.weights(k, j), ref, 1e-4 * std::abs(ref)) << "coef " << k << "," << j;
      }
    }
    // Default float32 GEMMs on float data: same alphas, coefficients to float tolerance.
    o.precision = RidgePrecision::Float32;
    const auto fit32 = fitRidgeCv(toFloat(fx["X"]), toFloat(fx["Y"]), o);
    for (std::size_t j = 0; j < v; ++j) {
      EXPECT_EQ(fit32.alphas[j], fx["alpha"].data[j]) << "voxel " << j;
      double scale = 0;
      for (std::size_t k = 0; k < p; ++k) scale = std::max(scale, std::abs(fx["coef"](k, j)));
      for (std::size_t k = 0; k < p; ++k) EXPECT_NEAR(fit32.weights(k, j), fx["coef"](k, j), 2e-4 * scale);
    }
    // Float64 GEMMs with float storage: the option really changes the arithmetic (closer to sklearn than float32).
    o.precision = RidgePrecision::Float64;
    const auto fit64f = fitRidgeCv(toFloat(fx["X"]), toFloat(fx["Y"]), o);
    for (std::size_t j = 0; j < v; ++j) EXPECT_EQ(fit64f.alphas[j], fx["alpha"].data[j]);
  }
}

TEST(RidgeClosedForm, LeaveOneOutEqualsBruteForceRefits) {
  MatrixD X, Y;
  mixedProblem(24, 5, 6, 11, X, Y);
  RidgeOptions o;
  o.precision = RidgePrecision::Float64;
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, leaveOneOutFolds(X.rows));
  // Standardised: the efficient LOO keeps the full-data column scales (as any closed-form LOO must), so the
  // reference is brute-force LOO on X / sd, with weights mapped back by 1 / sd.
  o.standardizeFeatures = true;
  auto fit = fitRidgeCv(X, Y, o);
  MatrixD scaled = X;
  for (std::size_t k = 0; k < X.cols; ++k) {
    double m = 0, v = 0;
    for (std::size_t i = 0; i < X.rows; ++i) m += X(i, k) / X.rows;
    for (std::size_t i = 0; i < X.rows; ++i) v += (X(i, k) - m) * (X(i, k) - m) / X.rows;
    for (std::size_t i = 0; i < X.rows; ++i) scaled(i, k) = X(i, k) / std::sqrt(v);
    for (std::size_t j = 0; j < Y.cols; ++j) fit.weights(k, j) *= std::sqrt(v);
  }
  o.standardizeFeatures = false;
  expectMatchesBruteForce(fit, scaled, Y, o, leaveOneOutFolds(X.rows));
  // A tall design whose last column nearly repeats the first (condition number about 1e5): the decomposition from
  // the Gram matrix cannot resolve it and the SVD is taken instead; the well-conditioned ones above take the Gram
  // path. Both must equal the refits.
  mixedProblem(30, 5, 6, 13, X, Y);
  {
    std::mt19937 rng(14);
    std::normal_distribution<double> tiny(0.0, 1e-5);
    for (std::size_t i = 0; i < X.rows; ++i) X(i, 4) = X(i, 0) + tiny(rng);
  }
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, leaveOneOutFolds(X.rows));
  // n <= p (the Gram/eigen regime, full rank after centring).
  mixedProblem(9, 14, 5, 12, X, Y);
  o.standardizeFeatures = false;
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, leaveOneOutFolds(X.rows));
}

TEST(RidgeClosedForm, KFoldAndGroupKFoldEqualBruteForceRefits) {
  MatrixD X, Y;
  mixedProblem(23, 4, 6, 21, X, Y);
  RidgeOptions o;
  o.precision = RidgePrecision::Float64;
  o.selection = RidgeSelection::KFold;
  o.folds = 4;
  const auto folds = kFoldAssignment(23, 4);
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, folds);
  o.standardizeFeatures = true;
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, folds);

  o.standardizeFeatures = false;
  o.selection = RidgeSelection::GroupKFold;
  o.folds = 3;
  o.groups.resize(23);
  for (std::size_t i = 0; i < 23; ++i) o.groups[i] = static_cast<std::int64_t>((i * 7) % 6) * 10;  // 6 groups
  const auto groupFolds = groupKFoldAssignment(o.groups, 3);
  expectMatchesBruteForce(fitRidgeCv(X, Y, o), X, Y, o, groupFolds);
}

TEST(RidgeFolds, AssignmentsAreContiguousAndKeepGroupsWhole) {
  EXPECT_EQ(kFoldAssignment(10, 3), (std::vector<int>{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}));
  // Group sizes: 7 -> 4 samples, 3 -> 3, 5 -> 2, 9 -> 2, 1 -> 1. Largest first to the lightest fold:
  // 7 -> f0 (4), 3 -> f1 (3), 5 -> f1? no: f2 (0) gets 5 (2), 9 -> f2 (4)? lightest is f2 (2) -> f2 (4), 1 -> f1 (4).
  const std::vector<std::int64_t> groups{7, 3, 7, 5, 9, 3, 7, 1, 5, 3, 9, 7};
  EXPECT_EQ(groupKFoldAssignment(groups, 3), (std::vector<int>{0, 1, 0, 2, 2, 1, 0, 1, 2, 1, 2, 0}));
  EXPECT_THROW(kFoldAssignment(3, 4), std::invalid_argument);
  EXPECT_THROW(groupKFoldAssignment({1, 1, 2}, 3), std::invalid_argument);
}

TEST(RidgeSelection, DesignedBestAlphaIsChosenPerVoxelGroup) {
  // Three voxel groups of 60: y = X w + e with e ~ N(0, 1) and w ~ N(0, 1/alpha*), for which the Bayes-optimal
  // ridge penalty is alpha* = sigma^2 / tau^2. Group A: alpha* = 1, B: alpha* = 100, C: pure noise (-> largest).
  std::mt19937 rng(5);
  const std::size_t n = 200, p = 60, perGroup = 60;
  const MatrixD X = gaussian(n, p, rng);
  const std::vector<double> target{1.0, 100.0, 0.0};
  MatrixD Y(n, 3 * perGroup);
  const MatrixD e = gaussian(n, 3 * perGroup, rng);
  for (std::size_t g = 0; g < 3; ++g)
    for (std::size_t j = g * perGroup; j < (g + 1) * perGroup; ++j) {
      const MatrixD w = gaussian(p, 1, rng, target[g] > 0 ? 1.0 / std::sqrt(target[g]) : 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        double s = e(i, j);
        for (std::size_t k = 0; k < p; ++k) s += X(i, k) * w.data[k];
        Y(i, j) = s;
      }
    }
  for (auto selection : {RidgeSelection::LeaveOneOut, RidgeSelection::KFold, RidgeSelection::GroupKFold}) {
    RidgeOptions o;
    o.selection = selection;
    o.folds = 5;
    for (std::size_t i = 0; i < n; ++i) o.groups.push_back(static_cast<std::int64_t>(i / 10));
    const auto fit = fitRidgeCv(toFloat(X), toFloat(Y), o);
    for (std::size_t g = 0; g < 3; ++g) {
      std::map<double, int> counts;
      for (std::size_t j = g * perGroup; j < (g + 1) * perGroup; ++j) ++counts[fit.alphas[j]];
      std::string histogram;
      for (auto [a, c] : counts) histogram += std::to_string(a) + ":" + std::to_string(c) + " ";
      SCOPED_TRACE("mode " + std::to_string(int(selection)) + " group " + std::to_string(g) + ": " + histogram);
      const double wanted = target[g] > 0 ? target[g] : 1e5;
      const auto modal = std::max_element(counts.begin(), counts.end(),
                                          [](const auto& a, const auto& b) { return a.second < b.second; });
      EXPECT_EQ(modal->first, wanted);
      EXPECT_GE(modal->second, 30);
      int within = 0, above = 0;  // within one grid step (a factor 10), further above
      for (auto [a, c] : counts) {
        if (a >= wanted / 10.01 && a <= wanted * 10.01) within += c;
        if (a > wanted * 10.01) above += c;
      }
      if (g == 0) {
        EXPECT_EQ(above, 0);  // below alpha* = 1 the LOO curve is flat: 0.01 and 0.1 do occur
      } else if (g == 1) {
        EXPECT_GE(within, 57);
      } else {
        EXPECT_GE(counts.begin()->first, 1e3);  // pure noise: only 1e3..1e5 (the curve is flat once W ~ 0)
      }
    }
  }
}

TEST(RidgeChunks, ChunkedEqualsUnchunkedAndPredictUsesTheFit) {
  MatrixD Xd, Yd;
  mixedProblem(60, 12, 37, 31, Xd, Yd);
  const Matrix X = toFloat(Xd), Y = toFloat(Yd);
  for (auto selection : {RidgeSelection::LeaveOneOut, RidgeSelection::KFold}) {
    RidgeOptions o;
    o.selection = selection;
    o.chunkSize = 100000;
    const auto whole = fitRidgeCv(X, Y, o);
    o.chunkSize = 5;
    const auto chunked = fitRidgeCv(X, Y, o);
    for (std::size_t j = 0; j < Y.cols; ++j) {
      EXPECT_EQ(whole.alphas[j], chunked.alphas[j]);
      EXPECT_NEAR(whole.cvMse[j], chunked.cvMse[j], 1e-5 * whole.cvMse[j]);
      EXPECT_NEAR(whole.intercepts[j], chunked.intercepts[j], 1e-4 * (1 + std::abs(whole.intercepts[j])));
    }
    for (std::size_t i = 0; i < whole.weights.data.size(); ++i)
      EXPECT_NEAR(whole.weights.data[i], chunked.weights.data[i], 1e-5 * (1 + std::abs(whole.weights.data[i])));
    const Matrix pred = predictRidge(chunked, X);
    for (std::size_t i = 0; i < X.rows; i += 7)
      for (std::size_t j = 0; j < Y.cols; ++j) {
        double s = chunked.intercepts[j];
        for (std::size_t k = 0; k < X.cols; ++k) s += double(X(i, k)) * chunked.weights(k, j);
        EXPECT_NEAR(pred(i, j), s, 1e-4 * (1 + std::abs(s)));
      }
  }
}

TEST(RidgeInputs, InconsistentInputsThrow) {
  Matrix X(10, 3, 1.0f), Y(9, 2, 1.0f);
  EXPECT_THROW(fitRidgeCv(X, Y, {}), std::invalid_argument);
  Y = Matrix(10, 2, 1.0f);
  RidgeOptions o;
  o.alphas = {1.0, -1.0};
  EXPECT_THROW(fitRidgeCv(X, Y, o), std::invalid_argument);
  o.alphas = {};
  EXPECT_THROW(fitRidgeCv(X, Y, o), std::invalid_argument);
  o = {};
  o.selection = RidgeSelection::GroupKFold;
  o.groups = {1, 2, 3};
  EXPECT_THROW(fitRidgeCv(X, Y, o), std::invalid_argument);
}

TEST(RidgeJobs, CancellationStopsWithinAChunksGemmAndProgressIsReported) {
  blas::setThreads(blas::defaultThreads());  // the cores, or 1 in the ThreadSanitizer run
  std::mt19937 rng(3);
  const std::size_t n = 1500, p = 256, v = 24000;
  Matrix X(n, p), Y(n, v);
  std::normal_distribution<float> normal;
  for (auto& x : X.data) x = normal(rng);
  for (auto& y : Y.data) y = normal(rng);
  RidgeOptions o;
  o.alphas = std::vector<double>(10, 1.0);
  for (int i = 0; i < 10; ++i) o.alphas[i] = std::pow(10.0, i - 3);
  o.chunkSize = 2000;

  std::stop_source stop;
  std::atomic<int> reports{0};
  std::atomic<double> lastFraction{0};
  JobContext context(stop.get_token(), [&](const JobProgress& pr) {
    EXPECT_GE(pr.fraction, lastFraction.load());
    lastFraction = pr.fraction;
    ++reports;
  });
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> requestedAt{0};
  std::jthread canceller([&] {
    while (reports < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // well inside the chunk loop
    requestedAt = Clock::now().time_since_epoch().count();
    stop.request_stop();
  });
  EXPECT_THROW(fitRidgeCv(X, Y, o, context), JobCancelled);
  const auto latency = Clock::now() - Clock::time_point(Clock::duration(requestedAt.load()));
  const double latencyMs = std::chrono::duration<double, std::milli>(latency).count();
  std::printf("ridge cancel honoured after %.1f ms\n", latencyMs);
  // One chunk's GEMM is the stop latency (RidgeCv.h); the margin is for ctest -j2 on a busy shared 2-core machine,
  // where BLAS threads wait for a CPU (the measured values are in the commit that set it).
  EXPECT_LT(latencyMs, 1500);
  EXPECT_LT(lastFraction.load(), 1.0);
}
