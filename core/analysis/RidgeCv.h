#pragma once
// Voxelwise ridge regression with one regularisation strength per voxel (target), chosen from a grid by exact
// leave-one-out (sklearn RidgeCV(alphas, alpha_per_target=True) semantics), contiguous k-fold or grouped k-fold CV.
//
// Plain BLAS (sgemm/dgemm) and LAPACK (dgesdd) through core/analysis/Blas.h, no LibTorch: the thin front end
// (`voxellens fit`) and the LibTorch layers call the same code. The BLAS thread count is the process's
// (blas::setThreads).
//
// Method (LeaveOneOut): one thin decomposition Xc = U S V^T of the centred (optionally standardised) design, in
// double, shared by every alpha and every voxel (from the Gram matrix's eigendecomposition when n >= p and the design
// is well conditioned, else LAPACK's SVD: docs/ridge.md). For alpha a, with f_k = s_k^2 / (s_k^2 + a), the hat matrix is
// H_a = U diag(f) U^T (+ 11^T / n for the unpenalised intercept, the direction sklearn's _RidgeGCV adds as a column
// of ones with its regularisation cancelled), and the exact LOO residuals are e = (y - H_a y) / (1 - diag(H_a)).
// The voxel work is GEMMs: B = U^T Yc once per chunk, then per alpha R = Yc - U (f o B) (n x r x chunk), then the
// weights W = V (s / (s^2 + a_j) o B) for the chosen a_j. The cost is about (alphas + 2) * 2 n r v flops with
// r = min(n, p), so it runs near the BLAS sgemm rate. By default (options.exhaustiveSearch = false) the residual
// GEMM runs only where it can matter: GCV for every alpha needs only B (2 r alphas c flops), exact LOO is evaluated at
// each voxel's GCV-best alpha and its two grid neighbours (voxels grouped by alpha, so each evaluation is one GEMM),
// and where the LOO minimum is on the bracket's edge the bracket grows by one alpha on that side until the minimum
// is interior. The result is a local minimum of the voxel's LOO curve over the grid: the exhaustive choice whenever
// that curve is unimodal (docs/ridge.md: when it is not, and the measured share of equal alphas). KFold/GroupKFold decompose each training fold once and
// predict the held-out rows as ((Xtest - mean) V) (s / (s^2 + a) o U^T Yc_train).
//
// Peak memory (values of the compute dtype, besides inputs and outputs): O(n p + p r + n r) for the decomposition
// (times `folds` for k-fold), plus O(n * chunk + r * chunk + alphas * chunk) for one voxel chunk. Chunked results
// equal unchunked ones (each voxel is independent; only the chunk's GEMM shapes change).
//
// Cancellation and progress: `context.throwIfStopped()` runs before every per-alpha GEMM and every fold, and
// progress is reported per chunk, so the stop latency is about one GEMM of 2 n r chunk flops (lower chunkSize if it
// must be shorter). The decompositions (LAPACK SVD of n x p in double, once, or once per fold) cannot be
// interrupted from inside.
//
// Errors: std::invalid_argument for inconsistent shapes, empty or non-positive alphas, bad folds or groups.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/base/Matrix.h"
#include "core/analysis/RidgeTypes.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

// X: n samples x p features; Y: n samples x v voxels. T is float or double (storage type of inputs and results);
// options.precision chooses the dtype of the voxel GEMMs independently.
template <typename T>
RidgeFit<T> fitRidgeCv(const BasicMatrix<T>& X, const BasicMatrix<T>& Y, const RidgeOptions& options,
                       const JobContext& context = {});

// X W + intercepts: (m x p) -> (m x v).
template <typename T>
BasicMatrix<T> predictRidge(const RidgeFit<T>& fit, const BasicMatrix<T>& X);

// Fold index per sample, contiguous blocks as sklearn KFold(n_splits=k, shuffle=False).
std::vector<int> kFoldAssignment(std::size_t samples, int folds);
// Fold index per sample: groups are never split; distinct groups sorted by size (largest first, ties by smaller
// id) go one by one to the fold with the fewest samples so far (lowest fold index on ties), as sklearn GroupKFold.
std::vector<int> groupKFoldAssignment(const std::vector<std::int64_t>& groups, int folds);

extern template RidgeFit<float> fitRidgeCv(const Matrix&, const Matrix&, const RidgeOptions&, const JobContext&);
extern template RidgeFit<double> fitRidgeCv(const MatrixD&, const MatrixD&, const RidgeOptions&, const JobContext&);
extern template Matrix predictRidge(const RidgeFit<float>&, const Matrix&);
extern template MatrixD predictRidge(const RidgeFit<double>&, const MatrixD&);

}  // namespace vl::core
