#pragma once
// Options and results of the voxelwise ridge engine (RidgeCv.h). Plain types: no LibTorch here.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

enum class RidgeSelection {
  LeaveOneOut,  // exact efficient LOO from one decomposition, as sklearn's RidgeCV(cv=None, alpha_per_target=True)
  KFold,        // contiguous folds (sklearn KFold(shuffle=False) sizes: the first n % k folds get one extra sample)
  GroupKFold,   // whole groups per fold, assigned like sklearn GroupKFold: largest group first to the lightest fold
};

enum class RidgePrecision { Float32, Float64 };

// 10^-2 .. 10^5, 8 values (one per decade).
std::vector<double> defaultRidgeAlphas();

// "leave-one-out", "k-fold" or "grouped k-fold", as fit folders record it.
std::string toString(RidgeSelection selection);

struct RidgeOptions {
  std::vector<double> alphas = defaultRidgeAlphas();  // all > 0; ties between alphas go to the earlier one
  bool fitIntercept = true;        // centre X and Y (the intercept is not penalised)
  bool standardizeFeatures = false;  // scale X columns to unit variance (ddof 0); weights reported in original units
  RidgePrecision precision = RidgePrecision::Float32;  // dtype of the voxel GEMMs; decompositions always run in double
  std::size_t chunkSize = 4096;    // voxels per chunk (bounds peak memory, see RidgeCv.h)
  RidgeSelection selection = RidgeSelection::LeaveOneOut;
  int folds = 5;                   // KFold / GroupKFold
  std::vector<std::int64_t> groups;  // GroupKFold: one group id per sample
  // false: the CV error (exact LOO, or the k-fold held-out error) is evaluated only at each voxel's GCV-best alpha
  // (for k-fold, GCV of each fold's training part, averaged over folds) and its grid neighbours, the bracket widened
  // until the minimum is interior: a local minimum of the voxel's CV curve (docs/ridge.md says when it can differ
  // from the global one). true: the CV error at every alpha.
  bool exhaustiveSearch = false;
};

// How much cross-validation work a fit did, to compare the bracketed search with the exhaustive one.
struct RidgeWork {
  std::size_t cvEvaluations = 0;         // (voxel, alpha) pairs whose CV error (LOO or held-out) was computed
  std::size_t exhaustiveEvaluations = 0;  // voxels x alphas: what the exhaustive search computes
  std::size_t bracketExtensions = 0;     // one per voxel and step the bracket was widened
  double flops = 0;                      // GEMM flops of the voxel work (projections, CV residuals, weights, GCV)
  double exhaustiveFlops = 0;            // the same count for the exhaustive search
};

template <typename T>
struct RidgeFit {
  BasicMatrix<T> weights;            // p x v, in the units of the original X columns
  std::vector<T> intercepts;         // v: mean(Y) - mean(X) W (0 without fitIntercept)
  std::vector<double> alphas;        // v: the chosen alpha per voxel
  std::vector<double> cvMse;         // v: LOO mean squared error (LeaveOneOut) or mean over folds of the held-out
                                     //    fold MSE (KFold/GroupKFold) at the chosen alpha
  RidgeWork work;                    // LeaveOneOut: the work done (zeros for the k-fold modes)
};

}  // namespace vl::core
