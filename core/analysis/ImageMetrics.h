#pragma once
// Low-level image reconstruction metrics as used in the fMRI image-reconstruction literature (PixCorr, SSIM).
// Colour images are converted to grey with skimage.color.rgb2gray's weights (ITU-R BT.709 luma:
// 0.2125 R + 0.7154 G + 0.0721 B), the conversion those papers apply before SSIM.
#include <cstddef>
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

struct FloatImage {
  std::size_t width = 0, height = 0;
  std::size_t channels = 1;   // 1 (grey) or 3 (RGB), interleaved
  std::vector<float> pixels;  // height * width * channels, row-major
};

// height x width grey values.
MatrixD toGrey(const FloatImage& image);

// Pearson correlation of all grey pixel values of two images of the same size (NaN if one is constant).
double pixCorr(const FloatImage& a, const FloatImage& b);

// Mean SSIM of the grey images exactly as skimage.metrics.structural_similarity(a, b, data_range=dataRange,
// gaussian_weights=True, sigma=1.5, use_sample_covariance=False): local statistics from a Gaussian filter with
// sigma 1.5 truncated at 3.5 sigma (scipy.ndimage.gaussian_filter, mode "reflect"), i.e. an 11 x 11 window (skimage
// derives the window from sigma; it is 7 x 7 only for the uniform filter), K1 = 0.01, K2 = 0.03,
// C1 = (K1 L)^2, C2 = (K2 L)^2, and the mean of the SSIM map over the valid positions (5 pixels cropped on each
// side). Images must be at least 11 x 11 and the same size; throws std::invalid_argument otherwise.
double ssim(const FloatImage& a, const FloatImage& b, double dataRange);
double ssim(const MatrixD& greyA, const MatrixD& greyB, double dataRange);

}  // namespace vl::core
