#include "core/analysis/ColumnZScore.h"

#include <cmath>
#include <type_traits>
#include <vector>

namespace vl::core {
namespace {

template <typename T>
void zscore(T* values, std::size_t rows, std::size_t columns) {
  // Two passes in row order (rows are contiguous): means, then squared deviations, both in double; a one-pass sum
  // of squares would cancel badly for betas with a large mean.
  std::vector<double> mean(columns, 0.0), spread(columns, 0.0);
  std::vector<std::size_t> finite(columns, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    const T* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      if (std::isfinite(row[c])) {
        mean[c] += row[c];
        ++finite[c];
      }
  }
  for (std::size_t c = 0; c < columns; ++c) mean[c] = finite[c] ? mean[c] / static_cast<double>(finite[c]) : 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const T* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      if (std::isfinite(row[c])) {
        const double d = row[c] - mean[c];
        spread[c] += d * d;
      }
  }
  // Relative threshold: values that are "constant" may still differ in their last bits.
  const double rounding = std::is_same_v<T, float> ? 1e-7 : 1e-15;
  std::vector<double> scale(columns, 0.0);
  for (std::size_t c = 0; c < columns; ++c) {
    const double sd = finite[c] >= 2 ? std::sqrt(spread[c] / static_cast<double>(finite[c])) : 0.0;
    scale[c] = sd > rounding * std::abs(mean[c]) && sd > 0 ? 1.0 / sd : 0.0;
  }
  for (std::size_t r = 0; r < rows; ++r) {
    T* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      row[c] = std::isfinite(row[c]) && scale[c] != 0.0 ? static_cast<T>((row[c] - mean[c]) * scale[c]) : T(0);
  }
}

}  // namespace

void zscoreColumns(float* values, std::size_t rows, std::size_t columns) { zscore(values, rows, columns); }
void zscoreColumns(double* values, std::size_t rows, std::size_t columns) { zscore(values, rows, columns); }

}  // namespace vl::core
