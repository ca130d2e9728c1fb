#include "core/geometry/RoiDrawing.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/geometry/GeodesicDistance.h"

namespace vl::core {

std::shared_ptr<const Surface> geodesicSurfaceOf(const std::vector<std::shared_ptr<const Surface>>& surfaces) {
  for (SurfaceKind wanted : {SurfaceKind::White, SurfaceKind::Midthickness, SurfaceKind::Pial})
    for (const auto& surface : surfaces)
      if (surface && surface->kind == wanted) return surface;
  for (const auto& surface : surfaces) {
    if (!surface) continue;
    const auto kind = surface->kind;
    if (kind != SurfaceKind::Inflated && kind != SurfaceKind::VeryInflated && kind != SurfaceKind::Sphere &&
        kind != SurfaceKind::Flat)
      return surface;
  }
  return surfaces.empty() ? nullptr : surfaces.front();
}

std::vector<std::int32_t> verticesWithinRadius(const Surface& surface, std::span<const std::int32_t> centres,
                                               float radius, const JobContext& context) {
  if (!(radius > 0) || !std::isfinite(radius))
    throw std::invalid_argument("ROI radius must be a positive number of mm, not " + std::to_string(radius));
  if (centres.empty()) return {};
  const auto distance = geodesicDistance(surface, centres, radius, context);
  std::vector<std::int32_t> inside;
  for (std::size_t v = 0; v < distance.size(); ++v)
    if (distance[v] <= radius) inside.push_back(static_cast<std::int32_t>(v));
  return inside;
}

std::vector<std::int32_t> geodesicPath(const Surface& surface, const MeshAdjacency& adjacency, std::int32_t from,
                                       std::int32_t to, float maxLength) {
  const std::int32_t seeds[1] = {from};
  const auto distance = geodesicDistance(surface, seeds, maxLength);
  if (to < 0 || static_cast<std::size_t>(to) >= distance.size() || !(distance[to] <= maxLength)) return {};
  std::vector<std::int32_t> path{to};
  std::int32_t at = to;
  // Each step strictly lowers the distance, so the walk ends (at most one visit per vertex).
  while (at != from && path.size() <= distance.size()) {
    std::int32_t next = at;
    for (auto n = adjacency.offsets[at]; n < adjacency.offsets[at + 1]; ++n) {
      const auto candidate = adjacency.neighbours[static_cast<std::size_t>(n)];
      if (distance[candidate] < distance[next]) next = candidate;
    }
    if (next == at) break;  // a local minimum of the numerical field: the path so far is close enough
    path.push_back(at = next);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace vl::core
