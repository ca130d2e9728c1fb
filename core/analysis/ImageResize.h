#pragma once
// Bilinear resizing as PyTorch's F.interpolate(mode="bilinear", align_corners=False) computes it (what torchvision's
// Resize does to a tensor when it enlarges an image): pixel centres at half-integers, source positions clamped at
// the first and last pixel, no antialiasing filter. MindEye resizes every image to 425 x 425 this way before PixCorr
// and SSIM (MindEyeMetrics.h).
#include <cstddef>

#include "core/analysis/ImageMetrics.h"

namespace vl::core {

// Throws std::invalid_argument for an empty or inconsistent image or a zero target size.
FloatImage resizedBilinear(const FloatImage& image, std::size_t width, std::size_t height);

}  // namespace vl::core
