#include "core/geometry/VolumeToSurface.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace vl::core {

std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          VolumeSampling method, std::int64_t frame) {
  if (frame < 0 || frame >= volume.dims[3]) throw std::out_of_range("no frame " + std::to_string(frame));
  const Affine toVoxel = volume.voxelToWorld.inverse();
  const auto nx = volume.dims[0], ny = volume.dims[1], nz = volume.dims[2];
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> values(vertices.size(), nan);
  for (std::size_t v = 0; v < vertices.size(); ++v) {
    const auto p = toVoxel.apply(vertices[v][0], vertices[v][1], vertices[v][2]);
    if (method == VolumeSampling::Nearest) {
      const auto i = std::llround(p[0]), j = std::llround(p[1]), k = std::llround(p[2]);
      if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) values[v] = volume.at(i, j, k, frame);
      continue;
    }
    // Trilinear between the eight voxel centres around p; outside the outermost centres there is nothing to
    // interpolate between, so the value is undefined.
    if (p[0] < 0 || p[1] < 0 || p[2] < 0 || p[0] > double(nx - 1) || p[1] > double(ny - 1) || p[2] > double(nz - 1))
      continue;
    const auto i = std::min<std::int64_t>(static_cast<std::int64_t>(p[0]), std::max<std::int64_t>(nx - 2, 0));
    const auto j = std::min<std::int64_t>(static_cast<std::int64_t>(p[1]), std::max<std::int64_t>(ny - 2, 0));
    const auto k = std::min<std::int64_t>(static_cast<std::int64_t>(p[2]), std::max<std::int64_t>(nz - 2, 0));
    const double fx = p[0] - double(i), fy = p[1] - double(j), fz = p[2] - double(k);
    auto at = [&](std::int64_t di, std::int64_t dj, std::int64_t dk) {
      return double(volume.at(std::min(i + di, nx - 1), std::min(j + dj, ny - 1), std::min(k + dk, nz - 1), frame));
    };
    const double c00 = at(0, 0, 0) * (1 - fx) + at(1, 0, 0) * fx, c10 = at(0, 1, 0) * (1 - fx) + at(1, 1, 0) * fx;
    const double c01 = at(0, 0, 1) * (1 - fx) + at(1, 0, 1) * fx, c11 = at(0, 1, 1) * (1 - fx) + at(1, 1, 1) * fx;
    values[v] = static_cast<float>((c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz);
  }
  return values;
}

}  // namespace vl::core
