#include "core/anatomy/DemoBrainLoader.h"

#include "core/study/StudyFromMeshes.h"
#include "core/io/NiftiReader.h"
#include "core/anatomy/CortexExtractor.h"

namespace vl::core {

DemoBrainMeshes loadDemoBrain(const JobContext& context, const DemoBrainParameters& parameters) {
  context.report(0.0, "Looking for the cached demo brain");
  const auto key = demoBrainCacheKey(parameters);
  const auto cacheFile = demoBrainCacheFile();
  DemoBrainMeshes result;
  if (auto cached = readMeshCacheIfValid(cacheFile, key)) {
    result.meshes = std::move(*cached);
    result.fromCache = true;
    context.report(1.0, "Demo brain loaded from the cache");
    return result;
  }
  context.report(0.01, "Reading the Colin27 template");
  const auto t1 = readNifti(colin27TemplatePath());
  const auto atlas = readNifti(aalAtlasPath());
  context.throwIfStopped();
  auto surfaces = extractCortex(t1, atlas, parameters, context.slice(0.05, 0.8));
  result.meshes.key = key;
  result.meshes.surfaces = {std::move(surfaces[0]), std::move(surfaces[1])};
  context.report(0.8, "Computing curvature and sulcal depth");
  addShadingLayers(result.meshes);
  context.throwIfStopped();
  try {
    writeMeshCache(cacheFile, result.meshes);
  } catch (const std::exception& e) {
    result.cacheWarning = e.what();
  }
  context.report(1.0, "Demo brain extracted");
  return result;
}

}  // namespace vl::core
