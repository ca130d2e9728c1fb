#pragma once
// Scores of reconstructed images against the images that were seen, as MindEye reports them (MindEyeMetrics.h):
// PixCorr and SSIM after the resize to 425 px, and 2-way identification on features of the reconstructions: the
// study's image embedding (standing in for CLIP) and Gabor energy (GaborEnergyFeatures.h, standing in for AlexNet's
// early layers).
#include <cstddef>
#include <vector>

#include "core/analysis/GaborEnergyFeatures.h"
#include "core/analysis/ImageMetrics.h"
#include "core/ml/BundleRunners.h"
#include "core/model/Stimulus.h"

namespace vl::core {

struct ReconstructionScores {
  double pixCorr = 0, ssim = 0;
  double twoWayEmbedding = 0, twoWayGabor = 0;  // chance 0.5; twoWayGabor NaN when seen and reconstructed
                                                // images differ in size
  std::size_t pairs = 0;
};

// RGB in [0, 1].
FloatImage toFloatImage(const StimulusImage& image);

// seen[i] and reconstructed[i] belong together. Throws std::invalid_argument for different counts, fewer than 2
// pairs or images of different sizes within `reconstructed`.
ReconstructionScores scoreReconstructions(const std::vector<StimulusImage>& seen,
                                          const std::vector<StimulusImage>& reconstructed,
                                          const ImageEmbedder& embedder, const JobContext& context = {});

}  // namespace vl::core
