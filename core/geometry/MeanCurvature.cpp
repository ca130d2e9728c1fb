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
    const std::size_t idx[3] = {static_cast<std::size_t>(t[0]), static_cast<std::size_t>(t[1]),
                                static_cast<std::size_t>(t[2])};
    double cot[3];
    for (int corner = 0; corner < 3; ++corner) {
      // The angle at `corner` weighs the opposite edge (i, j).
      const auto k = idx[corner], i = idx[(corner + 1) % 3], j = idx[(corner + 2) % 3];
      cot[corner] = cotangent(sub(x[i], x[k]), sub(x[j], x[k]));
      const double w = 0.5 * cot[corner];
      const V3 eij = sub(x[j], x[i]);
      for (int d = 0; d < 3; ++d) {
        laplacian[i][d] += w * eij[d];
        laplacian[j][d] -= w * eij[d];
      }
    }
    // Mixed Voronoi areas (Meyer et al. 2003): exact Voronoi cells for non-obtuse triangles, area fractions for
    // obtuse ones. Barycentric thirds would bias curvature by >10% at irregular vertices.
    const double a = 0.5 * norm(cross(sub(x[idx[1]], x[idx[0]]), sub(x[idx[2]], x[idx[0]])));
    const int obtuse = cot[0] < 0 ? 0 : cot[1] < 0 ? 1 : cot[2] < 0 ? 2 : -1;
    for (int corner = 0; corner < 3; ++corner) {
      const auto v = idx[corner];
      if (obtuse >= 0) {
        area[v] += corner == obtuse ? a / 2.0 : a / 4.0;
        continue;
      }
      const auto next = idx[(corner + 1) % 3], previous = idx[(corner + 2) % 3];
      const V3 toNext = sub(x[next], x[v]), toPrevious = sub(x[previous], x[v]);
      // Edge (v, next) is opposite the corner before v; edge (v, previous) opposite the corner after v.
      area[v] += (dot(toNext, toNext) * cot[(corner + 2) % 3] + dot(toPrevious, toPrevious) * cot[(corner + 1) % 3]) / 8.0;
    }
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
