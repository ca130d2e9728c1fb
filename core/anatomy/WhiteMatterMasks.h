#pragma once
// The volume steps of the demo brain, on ITK filters: the template binned to the working grid and smoothed, the
// white-matter threshold, the AAL cerebellum (dilated) and brainstem removed, the hemispheres split at the midline,
// the largest 6-connected component of each kept and its cavities filled, and a seed deep inside each.
#include <array>
#include <cstdint>
#include <vector>

#include "core/anatomy/DemoBrainSource.h"
#include "core/anatomy/VoxelGrid.h"
#include "core/jobs/JobContext.h"
#include "core/model/Volume.h"

namespace vl::core {

struct WhiteMatterMasks {
  GridSize size;
  std::vector<float> smoothed;                       // smoothed template intensity: the growth's likelihood
  std::array<std::vector<std::uint8_t>, 2> masks;    // left, right: 1 = white matter of that hemisphere
  std::array<VoxelIndex, 2> seeds{};                 // the voxel of each mask farthest from its background
  std::array<double, 2> seedDepthVoxels{};           // that distance
  // Working voxel i lies at template index binning * i + (binning - 1) / 2 along each axis.
  int binning = 1;
  Affine templateVoxelToWorld;
};

// t1: the template; atlas: AAL labels in the same world space. Throws std::runtime_error when a hemisphere has no
// white matter above the threshold; honours cancellation between steps.
WhiteMatterMasks whiteMatterMasks(const Volume& t1, const Volume& atlas, const DemoBrainParameters& parameters,
                                  const JobContext& context = {});

}  // namespace vl::core
