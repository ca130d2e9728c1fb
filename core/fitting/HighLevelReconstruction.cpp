#include "core/fitting/HighLevelReconstruction.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace vl::core {
namespace {

void columnMoments(const Matrix& m, std::vector<double>& mean, std::vector<double>& sd) {
  mean.assign(m.cols, 0.0);
  sd.assign(m.cols, 0.0);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t c = 0; c < m.cols; ++c) mean[c] += m(r, c);
  for (auto& v : mean) v /= double(m.rows);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t c = 0; c < m.cols; ++c) sd[c] += (m(r, c) - mean[c]) * (m(r, c) - mean[c]);
  for (auto& v : sd) v = std::sqrt(v / double(m.rows));
}

}  // namespace

Matrix matchTrainingDistribution(const Matrix& decoded, const Matrix& trainTargets) {
  if (decoded.cols != trainTargets.cols || decoded.rows < 2 || trainTargets.rows < 2)
    throw std::invalid_argument("rescaling decoded embeddings: " + std::to_string(decoded.rows) + " x " +
                                std::to_string(decoded.cols) + " decoded, " + std::to_string(trainTargets.rows) +
                                " x " + std::to_string(trainTargets.cols) +
                                " training targets (the same dimensions and at least 2 rows each expected)");
  std::vector<double> decodedMean, decodedSd, trainMean, trainSd;
  columnMoments(decoded, decodedMean, decodedSd);
  columnMoments(trainTargets, trainMean, trainSd);
  Matrix out(decoded.rows, decoded.cols);
  for (std::size_t r = 0; r < decoded.rows; ++r)
    for (std::size_t c = 0; c < decoded.cols; ++c) {
      const double z = decodedSd[c] > 0 ? (decoded(r, c) - decodedMean[c]) / decodedSd[c] : 0.0;
      out(r, c) = static_cast<float>(trainMean[c] + z * trainSd[c]);
    }
  return out;
}

}  // namespace vl::core
