#include "core/anatomy/VoxelBoundaryMesh.h"

#include <stdexcept>
#include <unordered_map>

namespace vl::core {

Surface voxelBoundaryMesh(const GridSize& size, const std::vector<std::uint8_t>& foreground) {
  if (foreground.size() != static_cast<std::size_t>(size.count()))
    throw std::invalid_argument("voxel boundary mesh: the mask must have one value per voxel");
  Surface surface;
  // Corner (i, j, k) sits at grid position (i - 0.5, j - 0.5, k - 0.5); corners are numbered on a grid one larger.
  const std::int64_t cx = size.nx + 1, cy = size.ny + 1;
  std::unordered_map<std::int64_t, std::int32_t> vertexOfCorner;
  auto vertex = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
    const auto [it, inserted] =
        vertexOfCorner.try_emplace(i + cx * (j + cy * k), static_cast<std::int32_t>(surface.vertices.size()));
    if (inserted) surface.vertices.push_back({float(i) - 0.5f, float(j) - 0.5f, float(k) - 0.5f});
    return it->second;
  };
  const std::int64_t step[3] = {1, size.nx, size.nx * size.ny};
  for (std::int64_t k = 0; k < size.nz; ++k)
    for (std::int64_t j = 0; j < size.ny; ++j)
      for (std::int64_t i = 0; i < size.nx; ++i) {
        const std::int64_t index = size.index(i, j, k);
        if (!foreground[static_cast<std::size_t>(index)]) continue;
        if (!size.isInterior(i, j, k))
          throw std::invalid_argument("voxel boundary mesh: foreground voxel on the grid's border");
        for (int axis = 0; axis < 3; ++axis)
          for (int sign : {-1, 1}) {
            if (foreground[static_cast<std::size_t>(index + sign * step[axis])]) continue;
            // The face's corner square spans the two other axes b, c; (a, b, c) cyclic so e_b x e_c = e_a.
            const int b = (axis + 1) % 3, c = (axis + 2) % 3;
            std::int64_t base[3] = {i, j, k};
            if (sign > 0) base[axis] += 1;
            std::int32_t corner[4];
            for (int q = 0; q < 4; ++q) {
              std::int64_t p[3] = {base[0], base[1], base[2]};
              if (q == 1 || q == 2) p[b] += 1;
              if (q == 2 || q == 3) p[c] += 1;
              corner[q] = vertex(p[0], p[1], p[2]);
            }
            if (sign > 0) {
              surface.triangles.push_back({corner[0], corner[1], corner[2]});
              surface.triangles.push_back({corner[0], corner[2], corner[3]});
            } else {
              surface.triangles.push_back({corner[0], corner[2], corner[1]});
              surface.triangles.push_back({corner[0], corner[3], corner[2]});
            }
          }
      }
  return surface;
}

}  // namespace vl::core
