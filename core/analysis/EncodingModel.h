#pragma once
// Fitting a voxelwise encoding model (stimulus features -> responses) and scoring it: the one function behind
// `voxellens fit` and the GUI's fitting jobs. Ridge per voxel (RidgeCv.h), cross-validated R^2 per voxel, and,
// when held-out data is given, Pearson r and R^2 on it.
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/EncodingFit.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

EncodingFitResult fitEncodingModel(const EncodingFitInput& input, const JobContext& context = {});

// Upper bound of the working memory of one fit besides inputs and outputs, in bytes, from the formula in RidgeCv.h:
// decomposition (n p + p r + n r) in double, per fold for k-fold, plus one chunk (n + r + alphas) * chunk in the
// compute dtype, plus the chunk's residuals n * chunk.
std::size_t ridgeMemoryBound(std::size_t samples, std::size_t features, const RidgeOptions& options);

}  // namespace vl::core
