#pragma once
// Colours for labels that come without any (atlas volumes, generated ROIs): hues a golden angle apart, so that
// neighbouring indices never look alike.
#include <array>
#include <cmath>
#include <cstddef>

namespace vl::core {

inline std::array<float, 4> distinctLabelColour(std::size_t index) {
  const double hue = std::fmod(double(index) * 137.508, 360.0) / 60.0;
  const double x = 1.0 - std::abs(std::fmod(hue, 2.0) - 1.0);
  const double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
  const auto& c = rgb[static_cast<int>(hue) % 6];
  return {float(0.25 + 0.7 * c[0]), float(0.25 + 0.7 * c[1]), float(0.25 + 0.7 * c[2]), 1.0f};
}

}  // namespace vl::core
