#include "core/analysis/Rsa.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace vl::core {

template <typename T>
std::vector<double> rdm(const BasicMatrix<T>& patterns, RdmMetric metric) {
  const std::size_t n = patterns.rows, p = patterns.cols;
  if (n < 2 || p == 0) throw std::invalid_argument("rdm: need at least 2 items with features");
  // Centred, unit-norm rows make 1 - r a dot product; plain rows for Euclidean.
  std::vector<double> rows;
  if (metric == RdmMetric::Correlation) rows = centredUnitRows(patterns).data;
  else rows.assign(patterns.data.begin(), patterns.data.end());
  std::vector<double> out;
  out.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      double s = 0;
      const double* a = rows.data() + i * p;
      const double* b = rows.data() + j * p;
      if (metric == RdmMetric::Correlation) {
        for (std::size_t k = 0; k < p; ++k) s += a[k] * b[k];
        out.push_back(1.0 - s);
      } else {
        for (std::size_t k = 0; k < p; ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
        out.push_back(std::sqrt(s));
      }
    }
  return out;
}

std::vector<double> averageRanks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (i + j) / 2.0 + 1.0;  // average of ranks i+1 .. j+1
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("spearman: sizes differ");
  return pearson(averageRanks(a), averageRanks(b));
}

template std::vector<double> rdm(const Matrix&, RdmMetric);
template std::vector<double> rdm(const MatrixD&, RdmMetric);

}  // namespace vl::core
