#include "core/geometry/VolumeToSurface.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

// Every sum below is float arithmetic in Workbench's order; a fused multiply-add would move points that sit on a
// voxel boundary to the other voxel, so contraction stays off even if someone builds with -march=native.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace vl::core {

namespace {

// Row-major 3x4: index = inv * [x y z 1], all float.
using FloatInverse = std::array<std::array<float, 4>, 3>;

// Workbench's VolumeSpace::computeInverse: the transform rounded to float (a NIfTI-1 sform is float already),
// [M | I] reduced to [I | M^-1] by float Gauss-Jordan elimination, pivoting on the largest magnitude below
// (MatrixFunctions::rref, the small-matrix branch).
FloatInverse workbenchInverse(const Affine& voxelToWorld) {
  static_cast<void>(voxelToWorld.inverse());  // throws std::domain_error when singular, rather than return junk
  std::array<std::array<float, 8>, 4> m{};
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) m[r][c] = r < 3 ? static_cast<float>(voxelToWorld.m[r * 4 + c]) : (c == 3 ? 1.f : 0.f);
    for (int c = 0; c < 4; ++c) m[r][4 + c] = r == c ? 1.f : 0.f;
  }
  int row = 0;
  for (int col = 0; col < 8 && row < 4; ++col) {
    float best = 0;
    int pivot = -1;
    for (int r = row; r < 4; ++r)
      if (std::abs(m[r][col]) > best) pivot = r, best = std::abs(m[r][col]);
    if (pivot < 0) continue;
    std::swap(m[pivot], m[row]);
    const float p = m[row][col];
    m[row][col] = 1;
    for (int c = col + 1; c < 8; ++c) m[row][c] /= p;
    for (int r = 0; r < 4; ++r) {
      if (r == row) continue;
      const float f = m[r][col];
      m[r][col] = 0;
      for (int c = col + 1; c < 8; ++c) m[r][c] -= f * m[row][c];
    }
    ++row;
  }
  FloatInverse inv{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) inv[r][c] = m[r][4 + c];
  return inv;
}

// Rounds like (int64_t)floor(x) but keeps NaN and huge coordinates (where that cast is undefined) outside.
inline std::int64_t floorIndex(float x) {
  constexpr float limit = 4.0e18f;
  if (!(x > -limit && x < limit)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(std::floor(x));
}
inline std::int64_t ceilIndex(float x) {
  constexpr float limit = 4.0e18f;
  if (!(x > -limit && x < limit)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(std::ceil(x));
}

}  // namespace

std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          const VolumeSamplingOptions& options) {
  const std::int64_t frame = options.frame;
  if (frame < 0 || frame >= volume.dims[3]) throw std::out_of_range("no frame " + std::to_string(frame));
  if (volume.voxels.size() != volume.voxelsPerFrame() * static_cast<std::size_t>(volume.dims[3]))
    throw std::invalid_argument("volume has " + std::to_string(volume.voxels.size()) + " voxels, dims say otherwise");
  const FloatInverse inv = workbenchInverse(volume.voxelToWorld);
  const std::array<std::int64_t, 3> n{volume.dims[0], volume.dims[1], volume.dims[2]};
  const float* voxels = volume.voxels.data() + static_cast<std::size_t>(frame) * volume.voxelsPerFrame();
  auto at = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
    return voxels[static_cast<std::size_t>((k * n[1] + j) * n[0] + i)];
  };
  auto inside = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
    return i >= 0 && j >= 0 && k >= 0 && i < n[0] && j < n[1] && k < n[2];
  };
  VolumeSampling method = options.method;
  // Workbench: "If the volume is a single slice, CUBIC and TRILINEAR will fail", so it samples such a volume
  // with the enclosing voxel.
  if (method == VolumeSampling::Trilinear && (n[0] == 1 || n[1] == 1 || n[2] == 1)) method = VolumeSampling::Enclosing;

  const float outside = options.outside == OutsideValue::Zero ? 0.0f : std::numeric_limits<float>::quiet_NaN();
  std::vector<float> values(vertices.size(), outside);
  auto sampleRange = [&](std::size_t first, std::size_t last) {
    for (std::size_t v = first; v < last; ++v) {
      const float x = vertices[v][0], y = vertices[v][1], z = vertices[v][2];
      // VolumeSpace::spaceToIndex, term by term.
      const float p[3] = {x * inv[0][0] + y * inv[0][1] + z * inv[0][2] + inv[0][3],
                          x * inv[1][0] + y * inv[1][1] + z * inv[1][2] + inv[1][3],
                          x * inv[2][0] + y * inv[2][1] + z * inv[2][2] + inv[2][3]};
      switch (method) {
        case VolumeSampling::Enclosing: {
          const auto i = floorIndex(0.5f + p[0]), j = floorIndex(0.5f + p[1]), k = floorIndex(0.5f + p[2]);
          if (inside(i, j, k)) values[v] = at(i, j, k);
          break;
        }
        case VolumeSampling::Nearest: {
          auto round = [](float c) {
            return std::abs(c) < 4.0e18f ? static_cast<std::int64_t>(std::llround(c)) : std::int64_t{-1};
          };
          const auto i = round(p[0]), j = round(p[1]), k = round(p[2]);
          if (inside(i, j, k)) values[v] = at(i, j, k);
          break;
        }
        case VolumeSampling::Trilinear: {
          // The validity test allows 0.01 voxel of rounding error beyond the outermost centres...
          bool valid = true;
          for (int a = 0; a < 3; ++a) {
            const auto lo = floorIndex(p[a] + 0.01f), hi = ceilIndex(p[a] - 0.01f);
            valid = valid && lo >= 0 && lo < n[a] && hi >= 0 && hi < n[a];
          }
          if (!valid) break;
          // ...and the weights then come from the nearest pair of centres, extrapolating inside that band.
          std::int64_t lo[3];
          float high[3];
          for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(std::max(floorIndex(p[a]), std::int64_t{0}), n[a] - 2);
            high[a] = p[a] - static_cast<float>(lo[a]);
          }
          const auto i0 = lo[0], j0 = lo[1], k0 = lo[2], i1 = i0 + 1, j1 = j0 + 1, k1 = k0 + 1;
          const float xl = 1.0f - high[0], xh = high[0];
          const float x00 = xl * at(i0, j0, k0) + xh * at(i1, j0, k0);
          const float x10 = xl * at(i0, j1, k0) + xh * at(i1, j1, k0);
          const float x01 = xl * at(i0, j0, k1) + xh * at(i1, j0, k1);
          const float x11 = xl * at(i0, j1, k1) + xh * at(i1, j1, k1);
          const float yl = 1.0f - high[1], yh = high[1];
          const float y0 = yl * x00 + yh * x10;
          const float y1 = yl * x01 + yh * x11;
          const float zl = 1.0f - high[2], zh = high[2];
          values[v] = zl * y0 + zh * y1;
          break;
        }
      }
    }
  };
  // Sampling is mostly waiting for voxels from memory, so big surfaces are split over a few threads (each vertex is
  // independent, so the result does not change).
  const std::size_t threads =
      vertices.size() < 32768 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  const std::size_t count = vertices.size(), chunk = (count + threads - 1) / threads;
  std::vector<std::thread> workers;
  try {
    for (std::size_t t = 1; t < threads; ++t)
      workers.emplace_back(sampleRange, std::min(t * chunk, count), std::min((t + 1) * chunk, count));
  } catch (const std::system_error&) {
    // No more threads to be had: the chunks nobody took are done below, on this one.
  }
  sampleRange(0, std::min(chunk, count));
  sampleRange(std::min((workers.size() + 1) * chunk, count), count);
  for (auto& worker : workers) worker.join();
  return values;
}

std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          VolumeSampling method, std::int64_t frame) {
  return sampleVolumeAtVertices(volume, vertices, VolumeSamplingOptions{method, frame, OutsideValue::Nan});
}

std::vector<float> workbenchVolumeToSurface(const Volume& volume, const std::vector<Vec3f>& vertices,
                                            VolumeSampling method, std::int64_t frame) {
  return sampleVolumeAtVertices(volume, vertices, VolumeSamplingOptions{method, frame, OutsideValue::Zero});
}

}  // namespace vl::core
