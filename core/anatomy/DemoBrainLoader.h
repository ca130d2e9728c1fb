#pragma once
// Loads the demo brain: from the mesh cache when its key matches the template and parameters (warm start),
// otherwise by extracting it from Colin27 and writing the cache. Same function for the GUI's loading job and
// for `voxellens render --demo`.
#include "core/anatomy/DemoBrainSource.h"
#include "core/io/MeshCacheFile.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct DemoBrainMeshes {
  CachedMeshes meshes;
  bool fromCache = false;
  std::string cacheWarning;  // non-empty when the cache could not be written (the brain is still returned)
};

DemoBrainMeshes loadDemoBrain(const JobContext& context, const DemoBrainParameters& parameters = {});

}  // namespace vl::core
