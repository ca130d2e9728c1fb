#pragma once
// A scalar image on a regular grid, converted to float, with its voxel-to-world transform.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/Affine.h"

namespace vl::core {

struct Volume {
  std::array<std::int64_t, 4> dims{0, 0, 0, 1};  // nx, ny, nz, frames
  std::array<double, 3> spacing{1, 1, 1};         // mm
  Affine voxelToWorld;                            // (i, j, k) -> scanner/MNI mm
  std::string sourceDatatype;                     // e.g. "UINT8", as stored in the file
  std::vector<float> voxels;                      // x fastest, then y, z, frame

  std::size_t voxelsPerFrame() const { return static_cast<std::size_t>(dims[0] * dims[1] * dims[2]); }
  float at(std::int64_t i, std::int64_t j, std::int64_t k, std::int64_t frame = 0) const {
    return voxels[static_cast<std::size_t>(((frame * dims[2] + k) * dims[1] + j) * dims[0] + i)];
  }
};

}  // namespace vl::core
