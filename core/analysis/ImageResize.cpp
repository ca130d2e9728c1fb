#include "core/analysis/ImageResize.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace vl::core {
namespace {
// For each output index: the two source indices and the weight of the second (PyTorch's
// area_pixel_compute_source_index with align_corners = false, then the clamp of upsample_bilinear2d).
struct Taps {
  std::vector<std::size_t> first, second;
  std::vector<double> weight;
};

Taps tapsFor(std::size_t in, std::size_t out) {
  Taps taps;
  const double scale = double(in) / double(out);
  for (std::size_t o = 0; o < out; ++o) {
    const double source = std::max(0.0, scale * (double(o) + 0.5) - 0.5);
    const auto lower = std::min(static_cast<std::size_t>(source), in - 1);
    taps.first.push_back(lower);
    taps.second.push_back(lower + 1 < in ? lower + 1 : lower);
    taps.weight.push_back(lower + 1 < in ? source - double(lower) : 0.0);
  }
  return taps;
}
}  // namespace

FloatImage resizedBilinear(const FloatImage& image, std::size_t width, std::size_t height) {
  if (image.width == 0 || image.height == 0 || image.channels == 0 ||
      image.pixels.size() != image.width * image.height * image.channels)
    throw std::invalid_argument("resize: an image of " + std::to_string(image.width) + " x " +
                                std::to_string(image.height) + " x " + std::to_string(image.channels) + " with " +
                                std::to_string(image.pixels.size()) + " values");
  if (width == 0 || height == 0) throw std::invalid_argument("resize: the target size must not be zero");
  const Taps across = tapsFor(image.width, width), down = tapsFor(image.height, height);
  FloatImage out;
  out.width = width;
  out.height = height;
  out.channels = image.channels;
  out.pixels.resize(width * height * image.channels);
  const std::size_t c = image.channels;
  auto at = [&](std::size_t y, std::size_t x, std::size_t k) { return double(image.pixels[(y * image.width + x) * c + k]); };
  for (std::size_t y = 0; y < height; ++y) {
    const std::size_t y0 = down.first[y], y1 = down.second[y];
    const double wy = down.weight[y];
    for (std::size_t x = 0; x < width; ++x) {
      const std::size_t x0 = across.first[x], x1 = across.second[x];
      const double wx = across.weight[x];
      for (std::size_t k = 0; k < c; ++k) {
        const double top = (1 - wx) * at(y0, x0, k) + wx * at(y0, x1, k);
        const double bottom = (1 - wx) * at(y1, x0, k) + wx * at(y1, x1, k);
        out.pixels[(y * width + x) * c + k] = float((1 - wy) * top + wy * bottom);
      }
    }
  }
  return out;
}

}  // namespace vl::core
