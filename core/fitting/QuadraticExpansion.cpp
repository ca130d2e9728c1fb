#include "core/fitting/QuadraticExpansion.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/analysis/Blas.h"

namespace vl::core {

QuadraticExpansion fitQuadraticExpansion(const Matrix& features, std::span<const std::int32_t> rows,
                                         std::size_t components) {
  std::vector<std::int32_t> all;
  if (rows.empty()) {
    all.resize(features.rows);
    std::iota(all.begin(), all.end(), 0);
    rows = all;
  }
  const std::size_t n = rows.size(), d = features.cols;
  if (n < 2) throw std::invalid_argument("quadratic expansion: " + std::to_string(n) + " rows; expected at least 2");
  if (components == 0 || components > std::min(n - 1, d))
    throw std::invalid_argument("quadratic expansion: " + std::to_string(components) + " components of " +
                                std::to_string(d) + " features on " + std::to_string(n) + " rows; expected 1 to " +
                                std::to_string(std::min(n - 1, d)));
  QuadraticExpansion expansion;
  expansion.mean.assign(d, 0.0);
  for (const auto r : rows) {
    if (r < 0 || static_cast<std::size_t>(r) >= features.rows)
      throw std::invalid_argument("quadratic expansion: row " + std::to_string(r) + " of " +
                                  std::to_string(features.rows));
    for (std::size_t f = 0; f < d; ++f) {
      const float v = features(static_cast<std::size_t>(r), f);
      if (!std::isfinite(v))
        throw std::invalid_argument("quadratic expansion: feature " + std::to_string(f) + " of row " +
                                    std::to_string(r) + " is NaN or infinite");
      expansion.mean[f] += v;
    }
  }
  for (auto& m : expansion.mean) m /= double(n);
  std::vector<double> centred(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t f = 0; f < d; ++f)
      centred[i * d + f] = features(static_cast<std::size_t>(rows[i]), f) - expansion.mean[f];
  const blas::ThinSvd svd = blas::thinSvd(std::move(centred), n, d);
  expansion.basis = MatrixD(d, components);
  for (std::size_t k = 0; k < components; ++k) {
    const double sd = svd.s[k] / std::sqrt(double(n));
    if (!(sd > 0))
      throw std::invalid_argument("quadratic expansion: the features span fewer than " + std::to_string(components) +
                                  " dimensions over the fitting rows");
    for (std::size_t f = 0; f < d; ++f) expansion.basis(f, k) = svd.vt[k * d + f] / sd;
  }
  return expansion;
}

Matrix expandQuadratic(const QuadraticExpansion& expansion, const Matrix& features) {
  const std::size_t d = expansion.mean.size(), k = expansion.components();
  if (features.cols != d)
    throw std::invalid_argument("quadratic expansion: " + std::to_string(features.cols) +
                                " features; the expansion was fitted on " + std::to_string(d));
  Matrix out(features.rows, expansion.outputs());
  std::vector<double> centred(d), z(k);
  for (std::size_t r = 0; r < features.rows; ++r) {
    for (std::size_t f = 0; f < d; ++f) centred[f] = features(r, f) - expansion.mean[f];
    for (std::size_t c = 0; c < k; ++c) {
      double s = 0;
      for (std::size_t f = 0; f < d; ++f) s += centred[f] * expansion.basis(f, c);
      z[c] = s;
    }
    std::size_t o = 0;
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = a; b < k; ++b) out(r, o++) = static_cast<float>(z[a] * z[b]);
  }
  return out;
}

}  // namespace vl::core
