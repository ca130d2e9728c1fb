#pragma once
// Grows a voxel set with the topology of a ball (one component, no tunnels, no cavities) inside an allowed mask: from
// a seed, voxels bordering the set join in order of decreasing likelihood, but only when they are simple points under
// (6, 26) connectivity and keep the set well-composed (core/anatomy/SimplePoint.h). A voxel that would close a
// tunnel or a cavity waits until its neighbourhood changes, so handles of the mask are cut where the likelihood is
// lowest. The result's voxel boundary is a genus-0 2-manifold.
#include <cstdint>
#include <vector>

#include "core/anatomy/VoxelGrid.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct GrowthSeed {
  VoxelIndex centre{0, 0, 0};
  double radiusVoxels = 0;  // allowed voxels within this distance of the centre join before any other
};

struct GrowthResult {
  std::vector<std::uint8_t> grown;  // 1 inside the set
  std::size_t voxels = 0;           // how many joined
  std::size_t allowedVoxels = 0;    // how many the mask allowed
};

// likelihood and allowed have size.count() values. Voxels on the grid's border never join. Throws
// std::invalid_argument when the sizes disagree or the seed is not an allowed interior voxel.
GrowthResult growWithoutHandles(const GridSize& size, const std::vector<float>& likelihood,
                                const std::vector<std::uint8_t>& allowed, const GrowthSeed& seed,
                                const JobContext& context = {});

}  // namespace vl::core
