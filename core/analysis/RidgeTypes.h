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
};

template <typename T>
struct RidgeFit {
  BasicMatrix<T> weights;            // p x v, in the units of the original X columns
  std::vector<T> intercepts;         // v: mean(Y) - mean(X) W (0 without fitIntercept)
  std::vector<double> alphas;        // v: the chosen alpha per voxel
  std::vector<double> cvMse;         // v: LOO mean squared error (LeaveOneOut) or mean over folds of the held-out
                                     //    fold MSE (KFold/GroupKFold) at the chosen alpha
};

}  // namespace vl::core
