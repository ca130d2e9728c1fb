#pragma once
// Named colour maps as evenly spaced control points, sampled with linear interpolation in RGB.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace vl::render {

using Rgb = std::array<float, 3>;

struct ColourMap {
  std::string name;
  std::vector<Rgb> controlPoints;  // at t = 0, 1/(n-1), ..., 1

  Rgb sample(double t) const;  // t is clamped to [0, 1]
};

// Throws std::invalid_argument naming the known maps when `name` is not one of them.
const ColourMap& colourMap(std::string_view name);
std::vector<std::string> colourMapNames();

}  // namespace vl::render
