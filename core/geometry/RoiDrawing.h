#pragma once
// The geometry behind drawing an ROI on a hemisphere: which of its surfaces distances are measured on, and the
// vertex sets a disc or a brush stroke covers. Distances in mm mean cortex, so they are measured on the white
// surface (or pial/midthickness) even when the view shows the inflated one; every surface of a hemisphere shares
// its vertex ids, so a vertex picked on the inflated surface is the same vertex on the white one.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/geometry/MeshAdjacency.h"
#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

namespace vl::core {

// The surface to measure geodesic distances on: white, else midthickness, else pial, else the first surface that
// is not inflated, spherical or flat, else the first one (nullptr when there is none).
std::shared_ptr<const Surface> geodesicSurfaceOf(const std::vector<std::shared_ptr<const Surface>>& surfaces);

// The vertices within `radius` mm along the surface of any of `centres` (a disc around each, joined), in ascending
// order. One fast-marching pass from all centres at once. Throws std::invalid_argument for a radius that is not
// positive and finite, or for centres outside the mesh.
std::vector<std::int32_t> verticesWithinRadius(const Surface& surface, std::span<const std::int32_t> centres,
                                               float radius, const JobContext& context = {});

// The vertices of a shortest path along the surface from `from` to `to`, both included, `from` first: downhill
// from `to` through the geodesic distance to `from`, one edge at a time. Empty when `to` lies farther than
// `maxLength` mm along the surface (or is not connected). A brush stroke joins its dabs with it, so that a fast
// drag, which picks vertices far apart, still paints one unbroken band.
std::vector<std::int32_t> geodesicPath(const Surface& surface, const MeshAdjacency& adjacency, std::int32_t from,
                                       std::int32_t to, float maxLength);

}  // namespace vl::core
