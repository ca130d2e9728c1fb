#pragma once
// Agreement of two partitions of the same items, corrected for chance: the adjusted Rand index of Hubert & Arabie
// (1985), from the contingency table n_ij of the two labelings with row sums a_i and column sums b_j:
//   ARI = (sum_ij C(n_ij, 2) - E) / ((sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2 - E),
//   E   = sum_i C(a_i, 2) * sum_j C(b_j, 2) / C(n, 2).
// 1 for identical partitions (whatever the label numbers), about 0 for independent ones, negative below chance.
#include <span>

namespace vl::core {

// Labels are any integers (they name groups, their values do not matter). Throws std::invalid_argument for
// labelings of different lengths. Two partitions that both put every item apart, or both in one group, agree: 1.
double adjustedRandIndex(std::span<const int> first, std::span<const int> second);

}  // namespace vl::core
