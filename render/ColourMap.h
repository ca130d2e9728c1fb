#pragma once
// Named colour maps as control points, sampled with linear interpolation in RGB. Most maps are evenly spaced;
// maps with kinks (matplotlib's "hot") give the positions of their control points. Two-sided maps (Freeview's
// "heat") carry a second set of colours for negative values: both parts run from the lower threshold (t = 0) to
// the upper one (t = 1) by magnitude.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace vl::render {

using Rgb = std::array<float, 3>;

struct ColourMap {
  std::string name;
  std::vector<Rgb> controlPoints;       // positive part; at t = 0, 1/(n-1), ..., 1 unless `positions` is given
  std::vector<float> positions = {};    // empty, or one increasing t per control point from 0 to 1
  std::vector<Rgb> negativePoints = {}; // two-sided maps only: colours for negative values, evenly spaced

  bool twoSided() const { return !negativePoints.empty(); }
  Rgb sample(double t) const;          // t is clamped to [0, 1]
  Rgb sampleNegative(double t) const;  // the negative part of a two-sided map (the positive part otherwise)
};

// Throws std::invalid_argument naming the known maps when `name` is not one of them.
const ColourMap& colourMap(std::string_view name);
std::vector<std::string> colourMapNames();

}  // namespace vl::render
