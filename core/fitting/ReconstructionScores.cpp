#include "core/fitting/ReconstructionScores.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/analysis/MindEyeMetrics.h"

namespace vl::core {
namespace {

MatrixD toDouble(const Matrix& m) {
  MatrixD out(m.rows, m.cols);
  for (std::size_t i = 0; i < m.data.size(); ++i) out.data[i] = m.data[i];
  return out;
}

MatrixD gaborRows(const std::vector<StimulusImage>& images) {
  const GaborEnergyBank bank(images.front().width);
  MatrixD out(images.size(), bank.featureCount());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const auto f = bank.compute(images[i]);
    for (std::size_t k = 0; k < f.size(); ++k) out(i, k) = f[k];
  }
  return out;
}

}  // namespace

FloatImage toFloatImage(const StimulusImage& image) {
  FloatImage out;
  out.width = static_cast<std::size_t>(image.width);
  out.height = static_cast<std::size_t>(image.height);
  out.channels = 3;
  out.pixels.resize(image.rgb.size());
  for (std::size_t i = 0; i < image.rgb.size(); ++i) out.pixels[i] = image.rgb[i] / 255.0f;
  return out;
}

ReconstructionScores scoreReconstructions(const std::vector<StimulusImage>& seen,
                                          const std::vector<StimulusImage>& reconstructed,
                                          const ImageEmbedder& embedder, const JobContext& context) {
  if (seen.size() != reconstructed.size() || seen.size() < 2)
    throw std::invalid_argument("reconstruction scores: " + std::to_string(seen.size()) + " seen and " +
                                std::to_string(reconstructed.size()) +
                                " reconstructed images; expected the same number, at least 2");
  std::vector<FloatImage> a, b;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    a.push_back(toFloatImage(seen[i]));
    b.push_back(toFloatImage(reconstructed[i]));
  }
  ReconstructionScores scores;
  const auto image = mindEyeImageScores(a, b);
  scores.pixCorr = image.pixCorr;
  scores.ssim = image.ssim;
  scores.pairs = image.pairs;
  context.report(0.5, "Reconstruction scores: features of the reconstructions");
  scores.twoWayEmbedding = mindEyeTwoWay(toDouble(embedder.embed(reconstructed)), toDouble(embedder.embed(seen)));
  // Gabor features of both at the reconstructions' size (the seen images may be larger).
  const bool sameSize = seen.front().width == reconstructed.front().width &&
                        seen.front().height == reconstructed.front().height;
  if (sameSize) {
    scores.twoWayGabor = mindEyeTwoWay(gaborRows(reconstructed), gaborRows(seen));
  } else {
    scores.twoWayGabor = std::nan("");
  }
  context.report(1.0, "Reconstruction scores done");
  return scores;
}

}  // namespace vl::core
