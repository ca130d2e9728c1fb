#include "core/geometry/RoiDrawing.h"

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

}  // namespace vl::core
