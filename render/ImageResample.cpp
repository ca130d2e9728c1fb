#include "render/ImageResample.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vl::render {

RenderedImage resampleImage(const RenderedImage& image, int width, int height) {
  if (image.width <= 0 || image.height <= 0 || image.rgb.size() != std::size_t(image.width) * image.height * 3)
    throw std::invalid_argument("cannot resample an empty image");
  if (width < 1 || height < 1)
    throw std::invalid_argument("cannot resample to " + std::to_string(width) + "x" + std::to_string(height));
  RenderedImage out;
  out.width = width;
  out.height = height;
  out.rgb.resize(std::size_t(width) * height * 3);
  const bool alpha = !image.alpha.empty();
  if (alpha) out.alpha.resize(std::size_t(width) * height);
  const double sx = double(image.width) / width, sy = double(image.height) / height;
  const int samplesX = std::max(1, int(std::ceil(sx))), samplesY = std::max(1, int(std::ceil(sy)));
  // One channel of the source at a continuous position (pixel centres at integer + 0.5), bilinear.
  const auto sample = [&](double x, double y, int channel) {
    x = std::clamp(x - 0.5, 0.0, double(image.width - 1));
    y = std::clamp(y - 0.5, 0.0, double(image.height - 1));
    const int x0 = int(x), y0 = int(y);
    const int x1 = std::min(x0 + 1, image.width - 1), y1 = std::min(y0 + 1, image.height - 1);
    const double fx = x - x0, fy = y - y0;
    const auto at = [&](int px, int py) {
      const std::size_t i = std::size_t(py) * image.width + px;
      return channel < 3 ? double(image.rgb[3 * i + channel]) : double(image.alpha[i]);
    };
    return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
  };
  const int channels = alpha ? 4 : 3;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c) {
        double sum = 0;
        for (int j = 0; j < samplesY; ++j)
          for (int i = 0; i < samplesX; ++i)
            sum += sample((x + (i + 0.5) / samplesX) * sx, (y + (j + 0.5) / samplesY) * sy, c);
        const auto value = std::uint8_t(std::lround(std::clamp(sum / (samplesX * samplesY), 0.0, 255.0)));
        const std::size_t o = std::size_t(y) * width + x;
        if (c < 3) out.rgb[3 * o + c] = value;
        else out.alpha[o] = value;
      }
  return out;
}

}  // namespace vl::render
