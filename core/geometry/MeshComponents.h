#pragma once
// Connected pieces of a vertex subset along the mesh's edges (ROI cleanup, mask pieces): a component id per vertex
// (-1 outside the subset) and the vertex count of each component, in the order their first vertex appears.
#include <cstdint>
#include <vector>

#include "core/geometry/MeshAdjacency.h"

namespace vl::core {

struct MeshComponents {
  std::vector<std::int32_t> id;
  std::vector<std::size_t> sizes;
};

MeshComponents meshComponents(const MeshAdjacency& adjacency, const std::vector<std::uint8_t>& inside);

}  // namespace vl::core
