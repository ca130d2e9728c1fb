#pragma once
// Fitting a voxelwise encoding model (stimulus features -> responses) and scoring it: the one function behind
// `voxellens fit` and the GUI's fitting jobs. Ridge per voxel (RidgeCv.h), cross-validated R^2 per voxel, and,
// when held-out data is given, Pearson r and R^2 on it.
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Matrix.h"
#include "core/analysis/RidgeTypes.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct EncodingFitInput {
  Matrix features;             // n x p
  Matrix responses;            // n x v: the voxels being fitted (a chunk of a larger set, see firstVoxel)
  std::size_t firstVoxel = 0;  // index of responses' first column in the full data set
  RidgeOptions options;
  std::optional<Matrix> testFeatures, testResponses;  // m x p and m x v
};

struct EncodingFitResult {
  RidgeFit<float> fit;
  std::vector<double> cvR2;           // 1 - cvMse / variance of the voxel's training responses
  std::vector<double> testR, testR2;  // empty without test data
  double seconds = 0;
  std::size_t memoryBoundBytes = 0;   // ridgeMemoryBound for this fit
};

EncodingFitResult fitEncodingModel(const EncodingFitInput& input, const JobContext& context = {});

// Upper bound of the working memory of one fit besides inputs and outputs, in bytes, from the formula in RidgeCv.h:
// decomposition (n p + p r + n r) in double, per fold for k-fold, plus one chunk (n + r + alphas) * chunk in the
// compute dtype, plus the chunk's residuals n * chunk.
std::size_t ridgeMemoryBound(std::size_t samples, std::size_t features, const RidgeOptions& options);

std::string toString(RidgeSelection selection);

}  // namespace vl::core
