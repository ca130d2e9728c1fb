#pragma once
// The distribution of a layer's values, for the Layers dock's histogram threshold editor: equal-width bins over
// the finite values (NaN and infinities, "no data", are counted apart and never binned).
#include <cstddef>
#include <span>
#include <vector>

namespace vl::core {

struct ValueHistogram {
  double low = 0, high = 0;          // the binned range; low == high when every finite value is the same
  std::vector<std::size_t> counts;   // bin b holds values in [low + b w, low + (b + 1) w), the last bin includes high
  std::size_t finite = 0, nonFinite = 0;

  double binWidth() const { return counts.empty() ? 0.0 : (high - low) / static_cast<double>(counts.size()); }
  bool empty() const { return finite == 0; }
};

// Bins the finite values of every span over [min, max] of those values. Throws std::invalid_argument for bins < 1.
ValueHistogram valueHistogram(const std::vector<std::span<const float>>& parts, int bins);

}  // namespace vl::core
