#include "core/geometry/GeodesicDistance.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

namespace vl::core {
namespace {
using V3 = std::array<double, 3>;

V3 sub(const Vec3f& a, const Vec3f& b) { return {double(a[0]) - b[0], double(a[1]) - b[1], double(a[2]) - b[2]}; }
double dot(const V3& a, const V3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Distance at C through the triangle (A, B, C), given final distances dA at A and dB at B. The triangle is unfolded
// with A at the origin and B on the positive x axis; the virtual source S lies at distance dA from A and dB from B
// on the far side of AB from C. The result is valid only if the segment S-C crosses AB between A and B; otherwise
// the shortest path reaches C through A or B and the edge updates cover it.
double triangleUpdate(const Vec3f& a, double dA, const Vec3f& b, double dB, const Vec3f& c) {
  const V3 ab = sub(b, a), ac = sub(c, a);
  const double lengthAB = std::sqrt(dot(ab, ab));
  if (!(lengthAB > 0)) return kInfinity;
  const double cx = dot(ac, ab) / lengthAB;
  const double cy2 = dot(ac, ac) - cx * cx;
  if (!(cy2 > 0)) return kInfinity;  // degenerate triangle
  const double cy = std::sqrt(cy2);
  const double sx = (dA * dA - dB * dB + lengthAB * lengthAB) / (2.0 * lengthAB);
  const double sy2 = dA * dA - sx * sx;
  if (sy2 < 0) return kInfinity;  // |dA - dB| > |AB|: no consistent point source
  const double sy = -std::sqrt(sy2);
  // Where S-C crosses the x axis.
  const double crossing = sx + (cx - sx) * (-sy) / (cy - sy);
  if (crossing < 0 || crossing > lengthAB) return kInfinity;
  return std::sqrt((cx - sx) * (cx - sx) + (cy - sy) * (cy - sy));
}

// Triangles around each vertex in compressed rows (MeshAdjacency holds vertex neighbours only, without the fans).
struct VertexTriangles {
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> triangles;

  static VertexTriangles build(std::size_t vertexCount, const std::vector<Triangle>& mesh) {
    VertexTriangles result;
    result.offsets.assign(vertexCount + 1, 0);
    for (const auto& t : mesh)
      for (auto v : t) ++result.offsets[static_cast<std::size_t>(v) + 1];
    for (std::size_t v = 0; v < vertexCount; ++v) result.offsets[v + 1] += result.offsets[v];
    result.triangles.resize(static_cast<std::size_t>(result.offsets[vertexCount]));
    std::vector<std::int64_t> fill(result.offsets.begin(), result.offsets.end() - 1);
    for (std::size_t i = 0; i < mesh.size(); ++i)
      for (auto v : mesh[i])
        result.triangles[static_cast<std::size_t>(fill[static_cast<std::size_t>(v)]++)] = static_cast<std::int32_t>(i);
    return result;
  }
};
}  // namespace

std::vector<float> geodesicDistance(const Surface& surface, std::span<const std::int32_t> seeds, float maxDistance,
                                    const JobContext& context) {
  const std::size_t n = surface.vertexCount();
  for (auto s : seeds)
    if (s < 0 || static_cast<std::size_t>(s) >= n)
      throw std::invalid_argument("geodesicDistance: seed vertex " + std::to_string(s) + " outside a mesh of " +
                                  std::to_string(n) + " vertices");
  for (const auto& t : surface.triangles)
    for (auto v : t)
      if (v < 0 || static_cast<std::size_t>(v) >= n)
        throw std::invalid_argument("geodesicDistance: triangle index " + std::to_string(v) + " out of range");

  const auto fans = VertexTriangles::build(n, surface.triangles);
  const auto& x = surface.vertices;
  std::vector<double> distance(n, kInfinity);
  std::vector<std::uint8_t> final(n, 0);
  using Entry = std::pair<double, std::int32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> front;
  for (auto s : seeds) {
    distance[static_cast<std::size_t>(s)] = 0.0;
    front.emplace(0.0, s);
  }
  const double limit = std::isnan(maxDistance) ? kInfinity : double(maxDistance);
  std::size_t accepted = 0;
  while (!front.empty()) {
    const auto [d, vertex] = front.top();
    front.pop();
    const auto a = static_cast<std::size_t>(vertex);
    if (final[a] || d > distance[a]) continue;  // a stale entry
    if (d > limit) break;
    final[a] = 1;
    if (++accepted % 8192 == 0) {
      context.throwIfStopped();
      context.report(std::min(1.0, double(accepted) / double(n)), "Geodesic distance");
    }
    for (auto f = fans.offsets[a]; f < fans.offsets[a + 1]; ++f) {
      const auto& t = surface.triangles[static_cast<std::size_t>(fans.triangles[static_cast<std::size_t>(f)])];
      for (int corner = 0; corner < 3; ++corner) {
        const auto u = static_cast<std::size_t>(t[corner]);
        if (u == a) continue;
        // The third vertex of the triangle besides a and u.
        std::size_t w = a;
        for (int k = 0; k < 3; ++k) {
          const auto candidate = static_cast<std::size_t>(t[k]);
          if (candidate != a && candidate != u) w = candidate;
        }
        const V3 au = sub(x[u], x[a]);
        double best = d + std::sqrt(dot(au, au));
        if (w != a && final[w]) best = std::min(best, triangleUpdate(x[a], d, x[w], distance[w], x[u]));
        // A final vertex can still improve: next to an obtuse triangle it may have been accepted through an edge
        // before the far vertex of that triangle was known. Reopening it (label correcting) fixes the 2-3% error
        // such vertices would otherwise carry down the front; the tolerance keeps rounding from reopening anything.
        if (final[u] ? best < distance[u] - 1e-6 * (1.0 + distance[u]) : best < distance[u]) {
          distance[u] = best;
          final[u] = 0;
          front.emplace(best, static_cast<std::int32_t>(u));
        }
      }
    }
  }
  context.throwIfStopped();
  std::vector<float> result(n, std::numeric_limits<float>::infinity());
  for (std::size_t v = 0; v < n; ++v)
    if (final[v]) result[v] = static_cast<float>(distance[v]);
  return result;
}

std::vector<std::int32_t> geodesicDisc(const Surface& surface, std::int32_t centre, float radius,
                                       const JobContext& context) {
  const std::int32_t seeds[1] = {centre};
  const auto distance = geodesicDistance(surface, seeds, radius, context);
  std::vector<std::int32_t> disc;
  for (std::size_t v = 0; v < distance.size(); ++v)
    if (distance[v] <= radius) disc.push_back(static_cast<std::int32_t>(v));
  return disc;
}

}  // namespace vl::core
