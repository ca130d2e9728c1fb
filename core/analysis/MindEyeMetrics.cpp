#include "core/analysis/MindEyeMetrics.h"

#include <stdexcept>
#include <string>

#include "core/analysis/Correlation.h"
#include "core/analysis/ImageResize.h"

namespace vl::core {
namespace {
FloatImage atMindEyeSize(const FloatImage& image) {
  return resizedBilinear(image, kMindEyeImageSize, kMindEyeImageSize);
}

void checkPair(const FloatImage& seen, const FloatImage& reconstructed) {
  if (seen.channels != reconstructed.channels)
    throw std::invalid_argument("MindEye metrics: the seen image has " + std::to_string(seen.channels) +
                                " channels, the reconstruction " + std::to_string(reconstructed.channels));
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
    checkPair(seen[i], reconstructed[i]);
    const FloatImage a = atMindEyeSize(seen[i]), b = atMindEyeSize(reconstructed[i]);  // once for both scores
    scores.pixCorr += pearson(a.pixels, b.pixels) / double(seen.size());
    scores.ssim += ssim(b, a, 1.0) / double(seen.size());
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
  const MatrixD p = centredUnitRows(reconstructedFeatures), s = centredUnitRows(seenFeatures);
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
