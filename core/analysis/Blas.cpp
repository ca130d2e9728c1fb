#include "core/analysis/Blas.h"

#include <dlfcn.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/base/ThreadCount.h"

extern "C" {
// Reference BLAS / LAPACK Fortran interface (column-major, every argument by pointer).
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const float* alpha,
            const float* a, const int* lda, const float* b, const int* ldb, const float* beta, float* c,
            const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* b, const int* ldb, const double* beta, double* c,
            const int* ldc);
void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda, double* s, double* u,
             const int* ldu, double* vt, const int* ldvt, double* work, const int* lwork, int* iwork, int* info);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info);
}

namespace vl::core::blas {
namespace {

int toInt(std::size_t value, const char* what) {
  if (value > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument(std::string("BLAS: ") + what + " " + std::to_string(value) +
                                " exceeds the 32-bit index range of the BLAS interface");
  return static_cast<int>(value);
}

// Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: the same call with A and B swapped.
template <typename T, typename Gemm>
void rowMajorGemm(Gemm call, bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, T alpha,
                  const T* a, std::size_t lda, const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  const char ta = transB ? 'T' : 'N', tb = transA ? 'T' : 'N';
  const int mi = toInt(n, "columns"), ni = toInt(m, "rows"), ki = toInt(std::max<std::size_t>(k, 1), "inner size");
  const int la = toInt(std::max<std::size_t>(ldb, 1), "stride"), lb = toInt(std::max<std::size_t>(lda, 1), "stride");
  const int lc = toInt(std::max<std::size_t>(ldc, 1), "stride");
  if (k == 0) {  // BLAS would still scale C by beta; do the same without calling it with k = 0
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
    return;
  }
  call(&ta, &tb, &mi, &ni, &ki, &alpha, b, &la, a, &lb, &beta, c, &lc);
}

template <typename Function>
Function lookUp(const char* symbol) {
  return reinterpret_cast<Function>(::dlsym(RTLD_DEFAULT, symbol));
}

}  // namespace

void gemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
          std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
  rowMajorGemm<float>(sgemm_, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a,
          std::size_t lda, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc) {
  rowMajorGemm<double>(dgemm_, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

ThinSvd thinSvd(std::vector<double> a, std::size_t rows, std::size_t cols) {
  // Row-major m x n is column-major A^T (n x m): its SVD A^T = V S U^T gives LAPACK's "U" = V (n x q, column-major,
  // which is Vt q x n row-major) and "VT" = U^T (q x m column-major, which is U m x q row-major).
  ThinSvd out;
  out.rows = rows;
  out.cols = cols;
  out.rank = std::min(rows, cols);
  if (out.rank == 0) return out;
  const int m = toInt(cols, "columns"), n = toInt(rows, "rows"), q = static_cast<int>(out.rank);
  out.s.resize(out.rank);
  out.vt.resize(out.rank * cols);
  out.u.resize(rows * out.rank);
  std::vector<int> iwork(8 * static_cast<std::size_t>(q));
  const char jobz = 'S';
  int info = 0, lwork = -1;
  double query = 0;
  dgesdd_(&jobz, &m, &n, a.data(), &m, out.s.data(), out.vt.data(), &m, out.u.data(), &q, &query, &lwork,
          iwork.data(), &info);
  if (info != 0) throw std::runtime_error("LAPACK dgesdd workspace query failed (info " + std::to_string(info) + ")");
  lwork = static_cast<int>(query) + 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  dgesdd_(&jobz, &m, &n, a.data(), &m, out.s.data(), out.vt.data(), &m, out.u.data(), &q, work.data(), &lwork,
          iwork.data(), &info);
  if (info != 0)
    throw std::runtime_error("LAPACK dgesdd failed on a " + std::to_string(rows) + " x " + std::to_string(cols) +
                             " matrix (info " + std::to_string(info) +
                             (info > 0 ? ": the decomposition did not converge)" : ": bad argument)"));
  return out;
}
SymmetricEigen symmetricEigen(std::vector<double> a, std::size_t size) {
  if (a.size() != size * size)
    throw std::invalid_argument("symmetric eigendecomposition: " + std::to_string(a.size()) + " values for a " +
                                std::to_string(size) + " x " + std::to_string(size) + " matrix");
  SymmetricEigen out;
  out.size = size;
  if (size == 0) return out;
  // Column-major, the row-major buffer is the transpose: the same symmetric matrix, and eigenvector k (LAPACK's
  // column k) is row k of the row-major result.
  const int n = toInt(size, "size");
  const char jobz = 'V', uplo = 'U';
  out.values.resize(size);
  int info = 0, lwork = -1, liwork = -1, iquery = 0;
  double query = 0;
  dsyevd_(&jobz, &uplo, &n, a.data(), &n, out.values.data(), &query, &lwork, &iquery, &liwork, &info);
  if (info != 0) throw std::runtime_error("LAPACK dsyevd workspace query failed (info " + std::to_string(info) + ")");
  lwork = static_cast<int>(query) + 1;
  liwork = std::max(iquery, 1);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  dsyevd_(&jobz, &uplo, &n, a.data(), &n, out.values.data(), work.data(), &lwork, iwork.data(), &liwork, &info);
  if (info != 0)
    throw std::runtime_error("LAPACK dsyevd failed on a " + std::to_string(size) + " x " + std::to_string(size) +
                             " matrix (info " + std::to_string(info) +
                             (info > 0 ? ": the decomposition did not converge)" : ": bad argument)"));
  out.vectors = std::move(a);
  return out;
}

bool setThreads(int threads) {
  using Setter = void (*)(int);
  const auto set = lookUp<Setter>("openblas_set_num_threads");
  if (!set) return false;
  set(std::max(1, threads));
  return true;
}

int defaultThreads() { return coresOrEnvironment("OPENBLAS_NUM_THREADS", 4096); }

int threads() {
  using Getter = int (*)();
  const auto get = lookUp<Getter>("openblas_get_num_threads");
  return get ? get() : 1;
}

const char* name() {
  using Config = const char* (*)();
  const auto config = lookUp<Config>("openblas_get_config");
  return config ? config() : "reference BLAS";
}

}  // namespace vl::core::blas
