#pragma once
// Loads what a scene names into a Study: the study folder, the surface files or the demo brain, then its layers
// (files added as the window adds them, layers the study brings found by name) with the scene's display settings.
// One function for the window's Open Session and for `voxellens render scene.json`, so both show the same thing.
#include <memory>
#include <string>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"
#include "core/scene/SceneDocument.h"

namespace vl::core {

struct LoadedScene {
  std::shared_ptr<Study> study;
  std::vector<std::string> notRestored;  // layers whose file could not be added, layers the study lacks, ...
};

// Throws FormatError / std::invalid_argument when the study itself cannot be loaded (no source, unreadable surfaces);
// a layer that cannot be added is listed, not thrown.
LoadedScene loadSceneStudy(const SceneDocument& scene, const JobContext& context = {});

// Applies the scene's layers to a study that is already loaded (the study the window shows, or one loadSceneStudy
// just made): adds layer files, sets every named layer's display. Returns what was not restored.
std::vector<std::string> applySceneLayers(Study& study, const SceneDocument& scene, const JobContext& context = {});

// A layer's display as a scene stores it, and back (fields the scene does not store keep `base`'s values, and so
// does the range when the scene's is empty).
SceneLayer sceneLayerFor(const std::string& name, const std::filesystem::path& file, const LayerDisplay& display);
LayerDisplay layerDisplayFor(const SceneLayer& layer, LayerDisplay base = {});

}  // namespace vl::core
