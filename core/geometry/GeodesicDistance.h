#pragma once
// Geodesic (along-the-surface) distance from one or more seed vertices, in mm. Dijkstra on edge lengths follows the
// zig-zag of the edges and overestimates by up to ~8% in directions that cut across the triangles; here each
// vertex is also updated across the triangles it shares with two already-final vertices, by unfolding the triangle
// into the plane and placing a virtual point source at the two known distances (fast marching on triangles in the
// manner of Kimmel & Sethian 1998, with a point-source rather than a plane-wave front). Where the straight line
// from the virtual source misses the opposite edge (obtuse triangles, sources behind a vertex) the update falls back
// to the edge, as Dijkstra does. Error on regular meshes: well under 1%.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"

namespace vl::core {

// One distance per vertex; +infinity for vertices farther than maxDistance or not connected to any seed. The work
// stops once the front passes maxDistance, so a small disc on a large mesh costs little beyond one pass over the
// triangles. Throws std::invalid_argument for seeds outside the mesh.
std::vector<float> geodesicDistance(const Surface& surface, std::span<const std::int32_t> seeds,
                                    float maxDistance = std::numeric_limits<float>::infinity(),
                                    const JobContext& context = {});

// The vertices within `radius` mm along the surface of `centre` (including it), in ascending index order: a disc
// ROI around a clicked vertex.
std::vector<std::int32_t> geodesicDisc(const Surface& surface, std::int32_t centre, float radius,
                                       const JobContext& context = {});

}  // namespace vl::core
