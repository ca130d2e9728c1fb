#include "core/analysis/Scores.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vl::core {
namespace {

template <typename T>
void checkSameShape(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  if (a.rows != b.rows || a.cols != b.cols)
    throw std::invalid_argument("scores: predicted is " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
                                ", measured " + std::to_string(b.rows) + " x " + std::to_string(b.cols));
}

// Column means, walking rows in memory order.
template <typename T>
std::vector<double> columnMeans(const BasicMatrix<T>& m) {
  std::vector<double> mean(m.cols, 0.0);
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t j = 0; j < m.cols; ++j) mean[j] += m(i, j);
  for (auto& x : mean) x /= static_cast<double>(m.rows);
  return mean;
}

}  // namespace

template <typename T>
std::vector<double> pearsonPerColumn(const BasicMatrix<T>& predicted, const BasicMatrix<T>& measured) {
  checkSameShape(predicted, measured);
  const auto mp = columnMeans(predicted), mm = columnMeans(measured);
  std::vector<double> sxy(predicted.cols, 0.0), sxx(predicted.cols, 0.0), syy(predicted.cols, 0.0);
  for (std::size_t i = 0; i < predicted.rows; ++i)
    for (std::size_t j = 0; j < predicted.cols; ++j) {
      const double x = predicted(i, j) - mp[j], y = measured(i, j) - mm[j];
      sxy[j] += x * y;
      sxx[j] += x * x;
      syy[j] += y * y;
    }
  std::vector<double> r(predicted.cols);
  for (std::size_t j = 0; j < r.size(); ++j)
    r[j] = (sxx[j] > 0 && syy[j] > 0) ? sxy[j] / std::sqrt(sxx[j] * syy[j]) : std::numeric_limits<double>::quiet_NaN();
  return r;
}

template <typename T>
std::vector<double> r2PerColumn(const BasicMatrix<T>& predicted, const BasicMatrix<T>& measured) {
  checkSameShape(predicted, measured);
  const auto mm = columnMeans(measured);
  std::vector<double> res(predicted.cols, 0.0), tot(predicted.cols, 0.0);
  for (std::size_t i = 0; i < predicted.rows; ++i)
    for (std::size_t j = 0; j < predicted.cols; ++j) {
      const double e = double(measured(i, j)) - predicted(i, j), d = measured(i, j) - mm[j];
      res[j] += e * e;
      tot[j] += d * d;
    }
  std::vector<double> r2(predicted.cols);
  for (std::size_t j = 0; j < r2.size(); ++j)
    r2[j] = tot[j] > 0 ? 1.0 - res[j] / tot[j] : (res[j] == 0 ? 1.0 : 0.0);
  return r2;
}

template std::vector<double> pearsonPerColumn(const Matrix&, const Matrix&);
template std::vector<double> pearsonPerColumn(const MatrixD&, const MatrixD&);
template std::vector<double> r2PerColumn(const Matrix&, const Matrix&);
template std::vector<double> r2PerColumn(const MatrixD&, const MatrixD&);

}  // namespace vl::core
