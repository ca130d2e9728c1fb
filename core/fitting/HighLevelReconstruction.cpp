#include "core/fitting/HighLevelReconstruction.h"

#include <algorithm>
#include <cmath>
#include <numeric>
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

Matrix posteriorWeightedEmbedding(const MatrixD& logPosterior, const Matrix& embeddings, std::size_t top) {
  if (logPosterior.cols != embeddings.rows || top == 0)
    throw std::invalid_argument("candidate embeddings: " + std::to_string(logPosterior.cols) + " candidates scored, " +
                                std::to_string(embeddings.rows) + " embeddings, top " + std::to_string(top));
  top = std::min(top, embeddings.rows);
  Matrix out(logPosterior.rows, embeddings.cols);
  std::vector<std::size_t> order(logPosterior.cols);
  for (std::size_t t = 0; t < logPosterior.rows; ++t) {
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(top), order.end(),
                      [&](std::size_t a, std::size_t b) { return logPosterior(t, a) > logPosterior(t, b); });
    const double best = logPosterior(t, order[0]);
    double total = 0;
    for (std::size_t k = 0; k < top; ++k) total += std::exp(logPosterior(t, order[k]) - best);
    for (std::size_t k = 0; k < top; ++k) {
      const double w = std::exp(logPosterior(t, order[k]) - best) / total;
      for (std::size_t d = 0; d < embeddings.cols; ++d) out(t, d) += static_cast<float>(w * embeddings(order[k], d));
    }
  }
  return out;
}

}  // namespace vl::core
