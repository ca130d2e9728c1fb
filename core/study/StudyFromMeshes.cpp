#include "core/study/StudyFromMeshes.h"

#include <algorithm>
#include <cmath>

#include "core/base/ParallelFor.h"
#include "core/geometry/LaplacianSmoothing.h"
#include "core/geometry/MeanCurvature.h"
#include "core/geometry/SulcalDepth.h"

namespace vl::core {
namespace {
constexpr int kCurvatureSmoothingIterations = 4;


// The q-quantile of |value| over both hemispheres, ignoring NaN.
double absoluteQuantile(const SurfaceLayer& layer, double q) {
  std::vector<float> magnitudes;
  for (const auto& values : layer.values)
    for (float v : values)
      if (std::isfinite(v)) magnitudes.push_back(std::abs(v));
  if (magnitudes.empty()) return 1.0;
  const auto nth = magnitudes.begin() + static_cast<std::ptrdiff_t>(q * double(magnitudes.size() - 1));
  std::nth_element(magnitudes.begin(), nth, magnitudes.end());
  return std::max(1e-6, double(*nth));
}
}  // namespace

void addShadingLayers(CachedMeshes& meshes) {
  SurfaceLayer curvature{kCurvatureLayerName, LayerKind::Shading, {}};
  SurfaceLayer depth{kSulcalDepthLayerName, LayerKind::Shading, {}};
  // One surface per thread: the hemispheres are independent, and sulcal depth's 150 smoothing passes are most of
  // a study's opening time.
  std::vector<std::vector<float>> curvatures(meshes.surfaces.size()), depths(meshes.surfaces.size());
  parallelFor(meshes.surfaces.size(), [&](std::size_t i) {
    const auto& surface = meshes.surfaces[i];
    // Mean curvature of an iso-surface carries voxel-scale noise; two rings of averaging keep the folding pattern
    // and remove the speckle.
    const auto adjacency = MeshAdjacency::build(surface.vertexCount(), surface.triangles);
    curvatures[i] = smoothVertexValues(computeMeanCurvature(surface), adjacency, kCurvatureSmoothingIterations);
    depths[i] = computeSulcalDepth(surface);
  }, {}, "Shading");
  for (std::size_t i = 0; i < meshes.surfaces.size(); ++i) {
    curvature.values[hemisphereIndex(meshes.surfaces[i].hemisphere)] = std::move(curvatures[i]);
    depth.values[hemisphereIndex(meshes.surfaces[i].hemisphere)] = std::move(depths[i]);
  }
  meshes.layers.push_back(std::move(curvature));
  meshes.layers.push_back(std::move(depth));
}

LayerDisplay shadingDisplayFor(const SurfaceLayer& layer) {
  LayerDisplay display;
  // Most vertices saturate to sulcus or gyrus grey, as in Freeview's binary curvature, with a soft edge between.
  const double spread = absoluteQuantile(layer, 0.5);
  display.colourMap = "curvature";  // render/ColourMap: sulcus grey to gyrus grey
  display.rangeMin = -spread;
  display.rangeMax = spread;
  display.invert = true;  // negative = gyral crown = light
  return display;
}

std::shared_ptr<Study> buildStudyFromMeshes(const CachedMeshes& meshes, std::string name) {
  auto study = std::make_shared<Study>();
  study->name = std::move(name);
  for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right}) {
    std::vector<std::shared_ptr<const Surface>> surfaces;
    for (const auto& surface : meshes.surfaces)
      if (surface.hemisphere == h) surfaces.push_back(std::make_shared<Surface>(surface));
    if (!surfaces.empty()) study->setSurfaces(h, std::move(surfaces));
  }
  // Sulcal depth below curvature so that switching curvature off reveals it.
  for (const char* layerName : {kSulcalDepthLayerName, kCurvatureLayerName}) {
    auto it = std::find_if(meshes.layers.begin(), meshes.layers.end(),
                           [layerName](const auto& l) { return l.name == layerName; });
    if (it == meshes.layers.end()) continue;
    auto display = shadingDisplayFor(*it);
    display.visible = it->name == kCurvatureLayerName;
    study->addLayer(std::make_shared<SurfaceLayer>(*it), display);
  }
  return study;
}

}  // namespace vl::core
