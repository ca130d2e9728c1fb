#include "core/analysis/ValueHistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vl::core {

ValueHistogram valueHistogram(const std::vector<std::span<const float>>& parts, int bins) {
  if (bins < 1) throw std::invalid_argument("valueHistogram: bins must be at least 1");
  ValueHistogram h;
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const auto& part : parts)
    for (const float v : part) {
      if (!std::isfinite(v)) {
        ++h.nonFinite;
        continue;
      }
      ++h.finite;
      low = std::min(low, double(v));
      high = std::max(high, double(v));
    }
  h.counts.assign(static_cast<std::size_t>(bins), 0);
  if (h.finite == 0) return h;
  h.low = low;
  h.high = high;
  const double scale = high > low ? bins / (high - low) : 0.0;
  for (const auto& part : parts)
    for (const float v : part) {
      if (!std::isfinite(v)) continue;
      const auto bin = static_cast<std::size_t>(std::clamp((double(v) - low) * scale, 0.0, double(bins - 1)));
      ++h.counts[bin];
    }
  return h;
}

}  // namespace vl::core
