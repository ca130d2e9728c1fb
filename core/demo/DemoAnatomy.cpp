#include "core/demo/DemoAnatomy.h"

#include <algorithm>
#include <stdexcept>

#include "core/demo/DemoAtlases.h"
#include "core/io/TemplateFolder.h"
#include "core/study/StudyFromMeshes.h"

namespace vl::core {

DemoAnatomy demoAnatomyFromMeshes(const CachedMeshes& meshes, const JobContext& context) {
  DemoAnatomy anatomy;
  bool found[2] = {false, false};
  for (const auto& surface : meshes.surfaces) {
    const int h = hemisphereIndex(surface.hemisphere);
    if (found[h]) continue;  // the first surface of a hemisphere is its white surface (DemoBrainLoader order)
    anatomy.white[static_cast<std::size_t>(h)] = surface;
    anatomy.white[static_cast<std::size_t>(h)].kind = SurfaceKind::White;
    found[h] = true;
  }
  if (!found[0] || !found[1]) throw std::invalid_argument("demo anatomy: the demo meshes lack a hemisphere");
  const auto curvature = std::find_if(meshes.layers.begin(), meshes.layers.end(),
                                      [](const SurfaceLayer& l) { return l.name == kCurvatureLayerName; });
  if (curvature == meshes.layers.end()) throw std::invalid_argument("demo anatomy: the demo meshes have no curvature");
  anatomy.curvature = *curvature;

  // The atlases are projected by the same code the viewer uses (a Study with the surfaces shown).
  const auto study = buildStudyFromMeshes(meshes, "demo anatomy");
  addDemoAtlases(*study, context);
  for (const auto& entry : study->roiSets()) {
    if (entry.data->name == "Harvard-Oxford cortical") anatomy.harvardOxford = *entry.data;
    if (entry.data->name == "Brodmann areas") anatomy.brodmann = *entry.data;
  }
  if (anatomy.harvardOxford.labels.empty() || anatomy.brodmann.labels.empty())
    throw std::runtime_error(
        "demo anatomy: the Harvard-Oxford and Brodmann atlases of Debian's mricron-data package are needed (" +
        templateFolder().string() + "); install mricron-data");
  return anatomy;
}

}  // namespace vl::core
