#include "core/analysis/AdjustedRand.h"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace vl::core {
namespace {
double pairs(double n) { return n * (n - 1) / 2; }
}  // namespace

double adjustedRandIndex(std::span<const int> first, std::span<const int> second) {
  if (first.size() != second.size())
    throw std::invalid_argument("adjusted Rand index: " + std::to_string(first.size()) + " and " +
                                std::to_string(second.size()) + " labels (one per item expected in both)");
  std::map<std::pair<int, int>, double> table;
  std::map<int, double> rows, cols;
  for (std::size_t i = 0; i < first.size(); ++i) {
    table[{first[i], second[i]}] += 1;
    rows[first[i]] += 1;
    cols[second[i]] += 1;
  }
  double index = 0, rowPairs = 0, colPairs = 0;
  for (const auto& [cell, n] : table) index += pairs(n);
  for (const auto& [label, n] : rows) rowPairs += pairs(n);
  for (const auto& [label, n] : cols) colPairs += pairs(n);
  const double total = pairs(double(first.size()));
  if (total == 0) return 1.0;
  const double expected = rowPairs * colPairs / total;
  const double maximum = (rowPairs + colPairs) / 2;
  if (maximum == expected) return 1.0;  // both partitions trivial in the same way
  return (index - expected) / (maximum - expected);
}

}  // namespace vl::core
