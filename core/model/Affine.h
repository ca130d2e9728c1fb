#pragma once
// A 4x4 affine transform in row-major order (NIfTI sform/qform convention: world = M * [i j k 1]).
#include <array>

namespace vl::core {

struct Affine {
  std::array<double, 16> m{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  std::array<double, 3> apply(double x, double y, double z) const {
    return {m[0] * x + m[1] * y + m[2] * z + m[3], m[4] * x + m[5] * y + m[6] * z + m[7],
            m[8] * x + m[9] * y + m[10] * z + m[11]};
  }
  // Inverse of the affine part; throws std::domain_error for a singular matrix.
  Affine inverse() const;
};

}  // namespace vl::core
