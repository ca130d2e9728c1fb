#pragma once
// For every vertex, the nearest of several seed vertices along mesh edges (multi-source Dijkstra) and the path
// length to it: a Voronoi partition of the surface by seeds. Used to carry values from a sparse set of vertices
// (response columns, V1 border vertices) to the vertices around them. Edge paths overestimate the true geodesic by
// a few per cent (see GeodesicDistance.h); for assigning each vertex to its nearest seed that bias is shared by all
// seeds and does not matter.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/geometry/MeshAdjacency.h"
#include "core/model/Surface.h"

namespace vl::core {

struct NearestSeed {
  std::vector<std::int32_t> seed;  // per vertex: index into the seed list (not the vertex id), -1 when unreached
  std::vector<float> distance;     // per vertex: edge-path length to that seed in mm, +inf when unreached
};

// `allowed` (empty = every vertex) limits the vertices the search may enter; seeds outside it still start a front.
// Vertices farther than maxDistance stay unreached. Ties are broken deterministically (the same input gives the
// same partition). Throws std::invalid_argument for seeds outside the mesh or an `allowed` of the wrong length.
NearestSeed nearestSeeds(const Surface& surface, const MeshAdjacency& adjacency, std::span<const std::int32_t> seeds,
                         std::span<const std::uint8_t> allowed = {},
                         float maxDistance = std::numeric_limits<float>::infinity());

}  // namespace vl::core
