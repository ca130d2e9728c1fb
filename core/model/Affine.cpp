#include "core/model/Affine.h"

#include <cmath>
#include <stdexcept>

namespace vl::core {

Affine Affine::inverse() const {
  const double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
  const double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (std::abs(det) < 1e-300) throw std::domain_error("affine transform is singular");
  Affine r;
  const double inv[9] = {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
                         (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
                         (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) r.m[row * 4 + col] = inv[row * 3 + col];
    r.m[row * 4 + 3] = -(inv[row * 3] * m[3] + inv[row * 3 + 1] * m[7] + inv[row * 3 + 2] * m[11]);
  }
  return r;
}

}  // namespace vl::core
