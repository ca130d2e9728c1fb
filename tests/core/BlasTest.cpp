// The row-major BLAS/LAPACK wrappers the ridge runs on (core/analysis/Blas.h): each transpose case of gemm against
// a plain triple loop, the thin SVD against its definition, and the OpenBLAS thread setter found at run time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <random>
#include <vector>

#include "core/analysis/Blas.h"
#include "tests/support/ScopedVariable.h"

using namespace vl::core;

namespace {
std::vector<double> randomValues(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> out(count);
  for (double& x : out) x = normal(rng);
  return out;
}
}  // namespace

TEST(Blas, RowMajorGemmMatchesLoopsForEveryTransposeAndStride) {
  const std::size_t m = 5, n = 3, k = 4, pad = 2;  // row strides wider than the rows
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      const std::size_t aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
      const auto a = randomValues(aRows * (aCols + pad), 1), b = randomValues(bRows * (bCols + pad), 2);
      auto c = randomValues(m * (n + pad), 3);
      const auto c0 = c;
      blas::gemm(ta, tb, m, n, k, 2.0, a.data(), aCols + pad, b.data(), bCols + pad, 0.5, c.data(), n + pad);
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
          double sum = 0;
          for (std::size_t q = 0; q < k; ++q)
            sum += (ta ? a[q * (aCols + pad) + i] : a[i * (aCols + pad) + q]) *
                   (tb ? b[j * (bCols + pad) + q] : b[q * (bCols + pad) + j]);
          EXPECT_NEAR(c[i * (n + pad) + j], 2.0 * sum + 0.5 * c0[i * (n + pad) + j], 1e-12) << ta << tb;
        }
      // The padding columns are not written.
      for (std::size_t i = 0; i < m; ++i) EXPECT_EQ(c[i * (n + pad) + n], c0[i * (n + pad) + n]);
    }
  std::vector<float> af = {1, 2, 3, 4}, bf = {5, 6, 7, 8}, cf(4);
  blas::gemm(false, false, 2, 2, 2, 1.0f, af.data(), 2, bf.data(), 2, 0.0f, cf.data(), 2);
  EXPECT_EQ(cf, (std::vector<float>{19, 22, 43, 50}));
}

TEST(Blas, ThinSvdOfRowMajorMatricesReconstructsThemWithOrthonormalFactors) {
  for (auto [rows, cols] : {std::pair<std::size_t, std::size_t>{7, 4}, {4, 7}}) {
    const auto a = randomValues(rows * cols, 4);
    const auto svd = blas::thinSvd(a, rows, cols);
    const std::size_t q = std::min(rows, cols);
    ASSERT_EQ(svd.rank, q);
    for (std::size_t k = 1; k < q; ++k) EXPECT_GE(svd.s[k - 1], svd.s[k]);
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j) {
        double sum = 0;
        for (std::size_t k = 0; k < q; ++k) sum += svd.u[i * q + k] * svd.s[k] * svd.vt[k * cols + j];
        EXPECT_NEAR(sum, a[i * cols + j], 1e-12);
      }
    for (std::size_t k = 0; k < q; ++k)
      for (std::size_t l = 0; l < q; ++l) {
        double uu = 0, vv = 0;
        for (std::size_t i = 0; i < rows; ++i) uu += svd.u[i * q + k] * svd.u[i * q + l];
        for (std::size_t j = 0; j < cols; ++j) vv += svd.vt[k * cols + j] * svd.vt[l * cols + j];
        EXPECT_NEAR(uu, k == l ? 1.0 : 0.0, 1e-12);
        EXPECT_NEAR(vv, k == l ? 1.0 : 0.0, 1e-12);
      }
  }
}

TEST(Blas, SymmetricEigenOfAGramMatrixGivesAscendingValuesAndOrthonormalRowVectors) {
  const std::size_t rows = 9, n = 5;
  const auto x = randomValues(rows * n, 5);
  std::vector<double> gram(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t r = 0; r < rows; ++r) gram[i * n + j] += x[r * n + i] * x[r * n + j];
  const auto eigen = blas::symmetricEigen(gram, n);
  ASSERT_EQ(eigen.values.size(), n);
  for (std::size_t k = 1; k < n; ++k) EXPECT_LE(eigen.values[k - 1], eigen.values[k]);
  EXPECT_GT(eigen.values.front(), 0.0);  // 9 random rows of 5: positive definite
  // A v_k = lambda_k v_k for every row k, and the rows are orthonormal.
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      double av = 0;
      for (std::size_t j = 0; j < n; ++j) av += gram[i * n + j] * eigen.vectors[k * n + j];
      EXPECT_NEAR(av, eigen.values[k] * eigen.vectors[k * n + i], 1e-10);
    }
    for (std::size_t l = 0; l < n; ++l) {
      double dot = 0;
      for (std::size_t j = 0; j < n; ++j) dot += eigen.vectors[k * n + j] * eigen.vectors[l * n + j];
      EXPECT_NEAR(dot, k == l ? 1.0 : 0.0, 1e-12);
    }
  }
  EXPECT_THROW(blas::symmetricEigen(std::vector<double>(6), 3), std::invalid_argument);
}

// The build links the reference interface; on Debian's alternatives it is the threaded OpenBLAS, whose setter is
// found at run time and takes effect.
TEST(Blas, ThreadCountIsSetThroughOpenBlasWhenItIsTheLoadedBlas) {
  const int before = blas::threads();
  if (!blas::setThreads(1)) GTEST_SKIP() << "the loaded BLAS has no thread setter: " << blas::name();
  EXPECT_EQ(blas::threads(), 1);
  ASSERT_TRUE(blas::setThreads(2));
  EXPECT_EQ(blas::threads(), 2);
  blas::setThreads(before);
  EXPECT_NE(std::string(blas::name()).find("OpenBLAS"), std::string::npos) << blas::name();
}

// A fit's default BLAS thread count: one per core, or the user's $OPENBLAS_NUM_THREADS (the ThreadSanitizer run sets
// 1); values outside 1 .. 4096 or not numbers are ignored rather than trusted.
TEST(Blas, DefaultThreadsAreTheCoresUnlessOpenBlasNumThreadsAsks) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  {
    vl::fixtures::ScopedVariable unset("OPENBLAS_NUM_THREADS", nullptr);
    EXPECT_EQ(blas::defaultThreads(), cores);
  }
  {
    vl::fixtures::ScopedVariable one("OPENBLAS_NUM_THREADS", "1");
    EXPECT_EQ(blas::defaultThreads(), 1);
  }
  {
    vl::fixtures::ScopedVariable many("OPENBLAS_NUM_THREADS", "12");
    EXPECT_EQ(blas::defaultThreads(), 12);
  }
  for (const char* bad : {"0", "-3", "lots", "100000"}) {
    vl::fixtures::ScopedVariable value("OPENBLAS_NUM_THREADS", bad);
    EXPECT_EQ(blas::defaultThreads(), cores) << bad;
  }
}
