#include "core/analysis/ColumnZScore.h"

#include <cmath>
#include <vector>

namespace vl::core {

void zscoreColumns(float* values, std::size_t rows, std::size_t columns) {
  // Two passes in row order (the matrix is trials x columns and rows are contiguous): means, then squared
  // deviations, both in double; a one-pass sum of squares would cancel badly for betas with a large mean.
  std::vector<double> mean(columns, 0.0), spread(columns, 0.0);
  std::vector<std::size_t> finite(columns, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      if (std::isfinite(row[c])) {
        mean[c] += row[c];
        ++finite[c];
      }
  }
  for (std::size_t c = 0; c < columns; ++c) mean[c] = finite[c] ? mean[c] / static_cast<double>(finite[c]) : 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      if (std::isfinite(row[c])) {
        const double d = row[c] - mean[c];
        spread[c] += d * d;
      }
  }
  std::vector<double> scale(columns, 0.0);
  for (std::size_t c = 0; c < columns; ++c) {
    const double sd = finite[c] >= 2 ? std::sqrt(spread[c] / static_cast<double>(finite[c])) : 0.0;
    // Relative threshold: float betas that are "constant" may differ in the last bits.
    scale[c] = sd > 1e-7 * (std::abs(mean[c]) + 1e-30) && sd > 0 ? 1.0 / sd : 0.0;
  }
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = values + r * columns;
    for (std::size_t c = 0; c < columns; ++c)
      row[c] = std::isfinite(row[c]) && scale[c] != 0.0 ? static_cast<float>((row[c] - mean[c]) * scale[c]) : 0.0f;
  }
}

}  // namespace vl::core
