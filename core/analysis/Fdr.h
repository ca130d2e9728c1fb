#pragma once
// Benjamini-Hochberg false discovery rate (Benjamini & Hochberg 1995) over a family of p-values: the adjusted
// q-value of each test, q_(i) = min over j >= i of p_(j) * m / j (sorted ascending, m tests, capped at 1), and
// which tests are discoveries at a level (q <= level). NaN p-values are not tests: they keep NaN and do not count
// in m.
#include <span>
#include <vector>

namespace vl::core {

std::vector<double> benjaminiHochbergQ(std::span<const double> pValues);
// Throws std::invalid_argument for a level outside (0, 1).
std::vector<bool> fdrDiscoveries(std::span<const double> pValues, double level = 0.05);

}  // namespace vl::core
