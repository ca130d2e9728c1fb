#pragma once
// What a voxelwise encoding fit takes and gives (fitEncodingModel in core/analysis/EncodingModel.h). Plain types, no
// LibTorch, so that fit folders (core/study) can be written and read by programs that do not fit.
#include <cstddef>
#include <optional>
#include <vector>

#include "core/analysis/RidgeTypes.h"
#include "core/base/Matrix.h"

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

}  // namespace vl::core
