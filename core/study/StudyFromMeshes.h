#pragma once
// Turns meshes (the demo brain's or the user's surfaces) into a Study with curvature shading on top (sulci dark,
// gyri light) and sulcal depth as a second, hidden shading layer.
#include <memory>
#include <string>

#include "core/io/MeshCacheFile.h"
#include "core/model/Study.h"

namespace vl::core {

inline constexpr const char* kCurvatureLayerName = "Curvature";
inline constexpr const char* kSulcalDepthLayerName = "Sulcal depth";

// Adds per-vertex curvature and sulcal depth layers to meshes that only carry surfaces.
void addShadingLayers(CachedMeshes& meshes);
// A Study holding the meshes' surfaces (per hemisphere, in order) and their shading layers, curvature shown on
// top and sulcal depth hidden beneath it. A hemisphere without surfaces stays empty.
std::shared_ptr<Study> buildStudyFromMeshes(const CachedMeshes& meshes, std::string name);
// The grey shading display for a curvature-like layer: a symmetric range from the layer's own spread, inverted so
// that negative (gyral, FreeSurfer sign) values are light.
LayerDisplay shadingDisplayFor(const SurfaceLayer& layer);

}  // namespace vl::core
