#include "core/analysis/EncodingModel.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "core/analysis/RidgeCv.h"
#include "core/analysis/Scores.h"

namespace vl::core {
namespace {
// Population variance of each column (what the LOO mean squared error is compared against).
std::vector<double> columnVariances(const Matrix& m) {
  std::vector<double> mean(m.cols, 0.0), variance(m.cols, 0.0);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t c = 0; c < m.cols; ++c) mean[c] += m(r, c);
  for (auto& v : mean) v /= double(std::max<std::size_t>(m.rows, 1));
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t c = 0; c < m.cols; ++c) variance[c] += (m(r, c) - mean[c]) * (m(r, c) - mean[c]);
  for (auto& v : variance) v /= double(std::max<std::size_t>(m.rows, 1));
  return variance;
}
}  // namespace

std::size_t ridgeMemoryBound(std::size_t samples, std::size_t features, const RidgeOptions& options) {
  const std::size_t r = std::min(samples, features);
  const std::size_t folds = options.selection == RidgeSelection::LeaveOneOut ? 1 : std::size_t(options.folds);
  const std::size_t decomposition = folds * (samples * features + features * r + samples * r) * sizeof(double);
  const std::size_t valueBytes = options.precision == RidgePrecision::Float64 ? 8 : 4;
  // The voxel-major responses and the residuals of the voxels evaluated at one alpha (n each), the projection and
  // its scaled copy (r each), the weights before they are written back (p), the GCV scores (alphas).
  std::size_t perVoxel = 2 * samples + 2 * r + features + options.alphas.size();
  // k-fold keeps, per chunk, each fold's projection of its training responses (r values per voxel and fold) and the
  // folds' centred held-out responses (n values per voxel together) for the bracketed search.
  if (folds > 1) perVoxel += folds * r + samples;
  return decomposition + perVoxel * options.chunkSize * valueBytes;
}

EncodingFitResult fitEncodingModel(const EncodingFitInput& input, const JobContext& context) {
  if (input.testFeatures.has_value() != input.testResponses.has_value())
    throw std::invalid_argument("held-out features and responses must be given together");
  const auto start = std::chrono::steady_clock::now();
  EncodingFitResult result;
  result.memoryBoundBytes = ridgeMemoryBound(input.features.rows, input.features.cols, input.options);
  result.fit = fitRidgeCv(input.features, input.responses, input.options, context.slice(0.0, 0.95));
  const auto variance = columnVariances(input.responses);
  result.cvR2.resize(variance.size());
  for (std::size_t v = 0; v < variance.size(); ++v)
    result.cvR2[v] = variance[v] > 0 ? 1.0 - result.fit.cvMse[v] / variance[v] : 0.0;
  if (input.testFeatures) {
    context.report(0.95, "Scoring held-out data");
    const auto predicted = predictRidge(result.fit, *input.testFeatures);
    result.testR = pearsonPerColumn(predicted, *input.testResponses);
    result.testR2 = r2PerColumn(predicted, *input.testResponses);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  context.report(1.0, "Fitted");
  return result;
}

}  // namespace vl::core
