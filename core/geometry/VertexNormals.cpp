#include "core/geometry/VertexNormals.h"

#include <cmath>

namespace vl::core {

std::vector<Vec3f> computeVertexNormals(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles) {
  std::vector<std::array<double, 3>> sum(vertices.size(), {0, 0, 0});
  for (const auto& t : triangles) {
    const auto& a = vertices[static_cast<std::size_t>(t[0])];
    const auto& b = vertices[static_cast<std::size_t>(t[1])];
    const auto& c = vertices[static_cast<std::size_t>(t[2])];
    const double u[3] = {double(b[0]) - a[0], double(b[1]) - a[1], double(b[2]) - a[2]};
    const double w[3] = {double(c[0]) - a[0], double(c[1]) - a[1], double(c[2]) - a[2]};
    // The cross product's length is twice the triangle area: summing it weights by area.
    const double n[3] = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    for (int corner = 0; corner < 3; ++corner)
      for (int d = 0; d < 3; ++d) sum[static_cast<std::size_t>(t[corner])][d] += n[d];
  }
  std::vector<Vec3f> normals(vertices.size(), Vec3f{0, 0, 0});
  for (std::size_t v = 0; v < vertices.size(); ++v) {
    const double len = std::sqrt(sum[v][0] * sum[v][0] + sum[v][1] * sum[v][1] + sum[v][2] * sum[v][2]);
    if (len > 0)
      normals[v] = {float(sum[v][0] / len), float(sum[v][1] / len), float(sum[v][2] / len)};
  }
  return normals;
}

}  // namespace vl::core
