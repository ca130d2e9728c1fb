#include "core/geometry/SurfaceArea.h"

#include <cmath>

namespace vl::core {

double surfaceArea(const Surface& surface) {
  double total = 0;
  for (const auto& t : surface.triangles) {
    const auto& a = surface.vertices[t[0]];
    const auto& b = surface.vertices[t[1]];
    const auto& c = surface.vertices[t[2]];
    const double u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const double v[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    const double x = u[1] * v[2] - u[2] * v[1], y = u[2] * v[0] - u[0] * v[2], z = u[0] * v[1] - u[1] * v[0];
    total += 0.5 * std::sqrt(x * x + y * y + z * z);
  }
  return total;
}

}  // namespace vl::core
