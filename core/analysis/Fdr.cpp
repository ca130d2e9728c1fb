#include "core/analysis/Fdr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace vl::core {

std::vector<double> benjaminiHochbergQ(std::span<const double> pValues) {
  std::vector<double> q(pValues.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < pValues.size(); ++i)
    if (!std::isnan(pValues[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pValues[a] < pValues[b]; });
  const double m = double(order.size());
  double running = 1.0;
  for (std::size_t rank = order.size(); rank-- > 0;) {
    running = std::min(running, pValues[order[rank]] * m / double(rank + 1));
    q[order[rank]] = running;
  }
  return q;
}

std::vector<bool> fdrDiscoveries(std::span<const double> pValues, double level) {
  if (!(level > 0 && level < 1))
    throw std::invalid_argument("FDR level " + std::to_string(level) + ": expected a fraction in (0, 1)");
  const auto q = benjaminiHochbergQ(pValues);
  std::vector<bool> out(q.size());
  for (std::size_t i = 0; i < q.size(); ++i) out[i] = !std::isnan(q[i]) && q[i] <= level;
  return out;
}

}  // namespace vl::core
