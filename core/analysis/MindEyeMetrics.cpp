#include "core/analysis/MindEyeMetrics.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/analysis/ImageResize.h"

namespace vl::core {
namespace {
double pearson(std::span<const float> a, std::span<const float> b) {
  const double n = double(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= n, mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = a[i] - ma, y = b[i] - mb;
    sab += x * y, saa += x * x, sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
}

FloatImage atMindEyeSize(const FloatImage& image) {
  return resizedBilinear(image, kMindEyeImageSize, kMindEyeImageSize);
}

void checkPair(const FloatImage& seen, const FloatImage& reconstructed) {
  if (seen.channels != reconstructed.channels)
    throw std::invalid_argument("MindEye metrics: the seen image has " + std::to_string(seen.channels) +
                                " channels, the reconstruction " + std::to_string(reconstructed.channels));
}

// Rows centred and scaled to unit norm, so that a dot product of two rows is their Pearson r.
MatrixD standardisedRows(const MatrixD& m) {
  MatrixD out(m.rows, m.cols);
  for (std::size_t r = 0; r < m.rows; ++r) {
    double mean = 0;
    for (std::size_t c = 0; c < m.cols; ++c) mean += m(r, c);
    mean /= double(m.cols);
    double norm = 0;
    for (std::size_t c = 0; c < m.cols; ++c) norm += (m(r, c) - mean) * (m(r, c) - mean);
    norm = std::sqrt(norm);
    for (std::size_t c = 0; c < m.cols; ++c) out(r, c) = norm > 0 ? (m(r, c) - mean) / norm : 0.0;
  }
  return out;
}
}  // namespace

double mindEyePixCorr(const FloatImage& seen, const FloatImage& reconstructed) {
  checkPair(seen, reconstructed);
  const FloatImage a = atMindEyeSize(seen), b = atMindEyeSize(reconstructed);
  return pearson(a.pixels, b.pixels);
}

double mindEyeSsim(const FloatImage& seen, const FloatImage& reconstructed) {
  checkPair(seen, reconstructed);
  return ssim(atMindEyeSize(reconstructed), atMindEyeSize(seen), 1.0);
}

MindEyeImageScores mindEyeImageScores(std::span<const FloatImage> seen, std::span<const FloatImage> reconstructed) {
  if (seen.empty() || seen.size() != reconstructed.size())
    throw std::invalid_argument("MindEye metrics: " + std::to_string(seen.size()) + " seen images and " +
                                std::to_string(reconstructed.size()) + " reconstructions (expected as many, > 0)");
  MindEyeImageScores scores;
  scores.pairs = seen.size();
  for (std::size_t i = 0; i < seen.size(); ++i) {
    scores.pixCorr += mindEyePixCorr(seen[i], reconstructed[i]) / double(seen.size());
    scores.ssim += mindEyeSsim(seen[i], reconstructed[i]) / double(seen.size());
  }
  return scores;
}

double mindEyeTwoWay(const MatrixD& reconstructedFeatures, const MatrixD& seenFeatures) {
  if (reconstructedFeatures.rows != seenFeatures.rows || reconstructedFeatures.cols != seenFeatures.cols ||
      seenFeatures.rows < 2)
    throw std::invalid_argument("2-way identification: features of " + std::to_string(reconstructedFeatures.rows) +
                                " x " + std::to_string(reconstructedFeatures.cols) + " and " +
                                std::to_string(seenFeatures.rows) + " x " + std::to_string(seenFeatures.cols) +
                                " (expected the same shape, at least 2 items)");
  const MatrixD p = standardisedRows(reconstructedFeatures), s = standardisedRows(seenFeatures);
  const std::size_t n = p.rows, f = p.cols;
  MatrixD r(n, n);  // r(i, j) = Pearson(seen image i, reconstruction j): np.corrcoef(reals, preds)[:n, n:]
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double dot = 0;
      for (std::size_t k = 0; k < f; ++k) dot += s(i, k) * p(j, k);
      r(i, j) = dot;
    }
  // success = r < diag(r) broadcast along rows, counted down each column: per reconstruction j, the other seen
  // images i that correlate with it less than its own seen image does.
  double total = 0;
  for (std::size_t j = 0; j < n; ++j) {
    std::size_t below = 0;
    for (std::size_t i = 0; i < n; ++i) below += i != j && r(i, j) < r(j, j);
    total += double(below) / double(n - 1);
  }
  return total / double(n);
}

}  // namespace vl::core
