#pragma once
// The few BLAS and LAPACK routines the ridge engine needs (RidgeCv.h), on row-major buffers, through the Fortran
// symbols of the system's libblas.so.3 / liblapack.so.3 (Debian's alternatives point them at OpenBLAS). No
// headers of a particular BLAS are needed: the declarations are the reference Fortran interface.
#include <cstddef>
#include <vector>

namespace vl::core::blas {

// C (m x n) = alpha op(A) op(B) + beta C, row-major, op(A) m x k, op(B) k x n; lda/ldb/ldc are row strides.
void gemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
          std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);
void gemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a,
          std::size_t lda, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc);

// Thin SVD A = U diag(s) Vt of a row-major m x n matrix (LAPACK dgesdd): U m x q, s q (descending), Vt q x n,
// all row-major, q = min(m, n). Throws std::runtime_error when LAPACK reports a failure.
struct ThinSvd {
  std::vector<double> u, s, vt;
  std::size_t rows = 0, cols = 0, rank = 0;  // m, n, q
};
ThinSvd thinSvd(std::vector<double> a, std::size_t rows, std::size_t cols);

// Eigendecomposition of a symmetric n x n matrix (LAPACK dsyevd, divide and conquer; only its lower triangle in
// row-major order, i.e. LAPACK's upper, is read): values ascending, vectors row-major n x n with eigenvector k in
// row k. Throws std::runtime_error when LAPACK reports a failure.
struct SymmetricEigen {
  std::vector<double> values, vectors;
  std::size_t size = 0;
};
SymmetricEigen symmetricEigen(std::vector<double> a, std::size_t size);

// The BLAS's own thread count: OpenBLAS's setter (openblas_set_num_threads), looked up in the loaded libraries at
// run time since the reference interface has none. Returns false when the loaded BLAS has no such setter (a
// single-threaded reference BLAS: nothing to set).
bool setThreads(int threads);
// The thread count the BLAS reports (openblas_get_num_threads), or 1 when it has no such function.
int threads();
// The thread count a fit gives the BLAS unless told: one per core, or $OPENBLAS_NUM_THREADS when the user set it
// (1 .. 4096), as numpy honours it. The ThreadSanitizer run sets it to 1: OpenBLAS's pthreads are not instrumented.
int defaultThreads();
// "OpenBLAS 0.3.21 ..." (openblas_get_config) or "reference BLAS".
const char* name();

}  // namespace vl::core::blas
