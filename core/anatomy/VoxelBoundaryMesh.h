#pragma once
// The faces between foreground and background voxels, each split into two triangles, wound counter-clockwise seen
// from the background. Vertices are voxel corners, shared by every face that meets there, at grid coordinates
// (voxel (i, j, k) spans i-0.5..i+0.5, ...). For a well-composed 6-connected set (core/anatomy/SimplePoint.h) this is
// a closed 2-manifold whose Euler characteristic is twice the number of components minus twice the handles.
#include <cstdint>
#include <vector>

#include "core/anatomy/VoxelGrid.h"
#include "core/model/Surface.h"

namespace vl::core {

// Voxels on the grid's border must be background. Throws std::invalid_argument otherwise or on a size mismatch.
Surface voxelBoundaryMesh(const GridSize& size, const std::vector<std::uint8_t>& foreground);

}  // namespace vl::core
