#include "render/DemoBrainLoader.h"

#include "core/study/StudyFromMeshes.h"
#include "core/io/NiftiReader.h"
#include "render/CortexExtractor.h"

namespace vl::render {

DemoBrainMeshes loadDemoBrain(const core::JobContext& context, const core::DemoBrainParameters& parameters) {
  context.report(0.0, "Looking for the cached demo brain");
  const auto key = core::demoBrainCacheKey(parameters);
  const auto cacheFile = core::demoBrainCacheFile();
  DemoBrainMeshes result;
  if (auto cached = core::readMeshCacheIfValid(cacheFile, key)) {
    result.meshes = std::move(*cached);
    result.fromCache = true;
    context.report(1.0, "Demo brain loaded from the cache");
    return result;
  }
  context.report(0.01, "Reading the Colin27 template");
  const auto t1 = core::readNifti(core::colin27TemplatePath());
  const auto atlas = core::readNifti(core::aalAtlasPath());
  context.throwIfStopped();
  auto surfaces = extractCortex(t1, atlas, parameters, context.slice(0.05, 0.8));
  result.meshes.key = key;
  result.meshes.surfaces = {std::move(surfaces[0]), std::move(surfaces[1])};
  context.report(0.8, "Computing curvature and sulcal depth");
  core::addShadingLayers(result.meshes);
  context.throwIfStopped();
  try {
    core::writeMeshCache(cacheFile, result.meshes);
  } catch (const std::exception& e) {
    result.cacheWarning = e.what();
  }
  context.report(1.0, "Demo brain extracted");
  return result;
}

}  // namespace vl::render
