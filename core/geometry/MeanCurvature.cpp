#include "core/geometry/MeanCurvature.h"

#include <algorithm>
#include <cmath>

#include "core/geometry/VertexNormals.h"

namespace vl::core {
namespace {
using V3 = std::array<double, 3>;
V3 sub(const Vec3f& a, const Vec3f& b) { return {double(a[0]) - b[0], double(a[1]) - b[1], double(a[2]) - b[2]}; }
double dot(const V3& a, const V3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
V3 cross(const V3& a, const V3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double norm(const V3& a) { return std::sqrt(dot(a, a)); }
// cot of the angle between u and w; clamped so that a sliver triangle cannot dominate its neighbourhood.
double cotangent(const V3& u, const V3& w) {
  const double s = norm(cross(u, w));
  return std::clamp(dot(u, w) / std::max(s, 1e-12), -1e3, 1e3);
}
}  // namespace

std::vector<float> computeMeanCurvature(const Surface& surface) {
  const auto& x = surface.vertices;
  const std::size_t n = x.size();
  std::vector<V3> laplacian(n, {0, 0, 0});
  std::vector<double> area(n, 0.0);
  for (const auto& t : surface.triangles) {
    for (int corner = 0; corner < 3; ++corner) {
      // The angle at `corner` weighs the opposite edge (i, j).
      const auto k = static_cast<std::size_t>(t[corner]);
      const auto i = static_cast<std::size_t>(t[(corner + 1) % 3]);
      const auto j = static_cast<std::size_t>(t[(corner + 2) % 3]);
      const double w = 0.5 * cotangent(sub(x[i], x[k]), sub(x[j], x[k]));
      const V3 eij = sub(x[j], x[i]);
      for (int d = 0; d < 3; ++d) {
        laplacian[i][d] += w * eij[d];
        laplacian[j][d] -= w * eij[d];
      }
    }
    const double a = 0.5 * norm(cross(sub(x[static_cast<std::size_t>(t[1])], x[static_cast<std::size_t>(t[0])]),
                                      sub(x[static_cast<std::size_t>(t[2])], x[static_cast<std::size_t>(t[0])])));
    for (int corner = 0; corner < 3; ++corner) area[static_cast<std::size_t>(t[corner])] += a / 3.0;
  }
  const auto normals = computeVertexNormals(surface.vertices, surface.triangles);
  std::vector<float> curvature(n, 0.0f);
  for (std::size_t v = 0; v < n; ++v) {
    if (area[v] <= 0) continue;
    // Laplace-Beltrami of position = -2 H n_out with H > 0 on convex parts; half its component along the outward
    // normal is therefore -H, which is FreeSurfer's sign.
    const V3 nv = {normals[v][0], normals[v][1], normals[v][2]};
    curvature[v] = static_cast<float>(0.5 * dot(laplacian[v], nv) / area[v]);
  }
  return curvature;
}

}  // namespace vl::core
