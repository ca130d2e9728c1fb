#pragma once
// Vertex-to-vertex neighbourhoods of a triangle mesh in compressed rows: neighbours of vertex v are
// neighbours[offsets[v] .. offsets[v+1]). Built once, shared by smoothing, depth and (later) geodesics.
#include <cstdint>
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

struct MeshAdjacency {
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> neighbours;

  static MeshAdjacency build(std::size_t vertexCount, const std::vector<Triangle>& triangles);
  std::size_t degree(std::size_t vertex) const { return static_cast<std::size_t>(offsets[vertex + 1] - offsets[vertex]); }
};

}  // namespace vl::core
