#pragma once
// The demo brain's anatomy in one place for the simulated subject: both white surfaces, the curvature shading and
// the two projected atlases (Harvard-Oxford cortical, Brodmann areas) as plain values, built from the demo meshes
// (core/anatomy/DemoBrainLoader.h extracts them with ITK, or loads them from its cache).
#include <array>

#include "core/io/MeshCacheFile.h"
#include "core/jobs/JobContext.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/model/SurfaceLayer.h"

namespace vl::core {

struct DemoAnatomy {
  std::array<Surface, 2> white;  // left, right
  SurfaceLayer curvature;
  Parcellation harvardOxford, brodmann;

  std::array<const Surface*, 2> surfaces() const { return {&white[0], &white[1]}; }
};

// Throws std::invalid_argument when the meshes lack a hemisphere or curvature, std::runtime_error when an atlas of
// Debian's mricron-data package is missing (the subject needs both).
DemoAnatomy demoAnatomyFromMeshes(const CachedMeshes& meshes, const JobContext& context = {});

}  // namespace vl::core
