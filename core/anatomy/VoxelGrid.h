#pragma once
// A binary or scalar image on a plain index grid (x fastest), the working form of the anatomy steps that do not
// need ITK: topology-preserving growth and boundary meshing.
#include <array>
#include <cstdint>
#include <vector>

namespace vl::core {

struct GridSize {
  std::int64_t nx = 0, ny = 0, nz = 0;
  std::int64_t count() const { return nx * ny * nz; }
  std::int64_t index(std::int64_t i, std::int64_t j, std::int64_t k) const { return i + nx * (j + ny * k); }
  bool isInterior(std::int64_t i, std::int64_t j, std::int64_t k) const {
    return i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1;
  }
};

using VoxelIndex = std::array<std::int64_t, 3>;

}  // namespace vl::core
