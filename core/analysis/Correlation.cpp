#include "core/analysis/Correlation.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace vl::core {
namespace {
template <typename T>
double pearsonOf(std::span<const T> a, std::span<const T> b) {
  if (a.size() != b.size() || a.size() < 2) throw std::invalid_argument("pearson: need two equal-length vectors");
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= n, mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = a[i] - ma, y = b[i] - mb;
    sab += x * y, saa += x * x, sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double pearson(std::span<const double> a, std::span<const double> b) { return pearsonOf(a, b); }
double pearson(std::span<const float> a, std::span<const float> b) { return pearsonOf(a, b); }

template <typename T>
MatrixD centredUnitRows(const BasicMatrix<T>& m) {
  MatrixD out(m.rows, m.cols);
  for (std::size_t r = 0; r < m.rows; ++r) {
    double mean = 0;
    for (std::size_t c = 0; c < m.cols; ++c) mean += m(r, c) / static_cast<double>(m.cols);
    double norm = 0;
    for (std::size_t c = 0; c < m.cols; ++c) norm += std::pow(out(r, c) = m(r, c) - mean, 2);
    for (std::size_t c = 0; c < m.cols; ++c)
      out(r, c) = norm > 0 ? out(r, c) / std::sqrt(norm) : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

template MatrixD centredUnitRows(const Matrix&);
template MatrixD centredUnitRows(const MatrixD&);

}  // namespace vl::core
