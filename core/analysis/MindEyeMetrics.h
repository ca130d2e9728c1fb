#pragma once
// Reconstruction and identification scores exactly as MindEye (Scotti et al. 2023, its Reconstruction_Metrics
// notebook) reports them on NSD, so that a VoxelLens number can be set beside the papers' numbers:
// - PixCorr: both images resized to 425 x 425 (ImageResize.h), Pearson r of all RGB values of the pair, averaged
//   over pairs.
// - SSIM: both resized to 425 x 425, then grey by skimage's rgb2gray (BT.709), then skimage's
//   structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)
//   (ImageMetrics.h), averaged over pairs. Pixel values in [0, 1].
// - 2-way identification on features of the images (MindEye: AlexNet, Inception, CLIP, EffNet, SwAV; here the names
//   of whatever feature spaces the caller uses must be reported with the score), as Brain-Diffuser's
//   pairwise_corr_all, which MindEye reuses: r(i, j) = Pearson r of seen image i's and reconstruction j's features;
//   for each reconstruction j, the share of the other seen images i with r(i, j) < r(j, j) (ties count as
//   failures); averaged over j. Chance 0.5.
// The 300-way retrieval in both directions is core/fitting/Retrieval.h (brain -> image on the similarity matrix,
// image -> brain on its transpose).
#include <cstddef>
#include <span>

#include "core/analysis/ImageMetrics.h"
#include "core/base/Matrix.h"

namespace vl::core {

inline constexpr std::size_t kMindEyeImageSize = 425;

// One pair. Throws std::invalid_argument for an empty image or different channel counts.
double mindEyePixCorr(const FloatImage& seen, const FloatImage& reconstructed);
double mindEyeSsim(const FloatImage& seen, const FloatImage& reconstructed);

// Averages over pairs (seen[i], reconstructed[i]). Throws std::invalid_argument when the counts differ or are 0.
struct MindEyeImageScores {
  double pixCorr = 0, ssim = 0;
  std::size_t pairs = 0;
};
MindEyeImageScores mindEyeImageScores(std::span<const FloatImage> seen, std::span<const FloatImage> reconstructed);

// items x features each, row i of both belonging to item i. Throws std::invalid_argument for different shapes or
// fewer than 2 items.
double mindEyeTwoWay(const MatrixD& reconstructedFeatures, const MatrixD& seenFeatures);

}  // namespace vl::core
