#include "core/geometry/MeshOrientation.h"

#include <utility>

namespace vl::core {

double signedVolume(const Surface& surface) {
  // Divergence theorem: sum of signed tetrahedra from the origin to each triangle.
  double volume = 0;
  for (const auto& t : surface.triangles) {
    const auto& a = surface.vertices[static_cast<std::size_t>(t[0])];
    const auto& b = surface.vertices[static_cast<std::size_t>(t[1])];
    const auto& c = surface.vertices[static_cast<std::size_t>(t[2])];
    volume += (double(a[0]) * (double(b[1]) * c[2] - double(b[2]) * c[1]) -
               double(a[1]) * (double(b[0]) * c[2] - double(b[2]) * c[0]) +
               double(a[2]) * (double(b[0]) * c[1] - double(b[1]) * c[0])) / 6.0;
  }
  return volume;
}

bool orientOutward(Surface& surface) {
  if (signedVolume(surface) >= 0) return false;
  for (auto& t : surface.triangles) std::swap(t[1], t[2]);
  return true;
}

}  // namespace vl::core
