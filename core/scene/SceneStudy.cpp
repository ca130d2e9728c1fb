#include "core/scene/SceneStudy.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "core/anatomy/DemoBrainLoader.h"
#include "core/demo/SurfaceFiles.h"
#include "core/io/DataFile.h"
#include "core/io/NpyReader.h"
#include "core/study/StudyFolderLoader.h"
#include "core/study/StudyFromMeshes.h"
#include "core/study/StudyImport.h"

namespace vl::core {

SceneLayer sceneLayerFor(const std::string& name, const std::filesystem::path& file, const LayerDisplay& display) {
  SceneLayer layer;
  layer.name = name;
  layer.file = file;
  layer.colourMap = display.colourMap;
  layer.rangeLow = display.rangeMin;
  layer.rangeHigh = display.rangeMax;
  if (display.thresholdMode != ThresholdMode::Off) layer.threshold = display.threshold;
  layer.thresholdOnMagnitude = display.thresholdMode == ThresholdMode::Magnitude;
  layer.symmetric = display.symmetric;
  layer.invert = display.invert;
  layer.opacity = display.opacity;
  layer.visible = display.visible;
  return layer;
}

LayerDisplay layerDisplayFor(const SceneLayer& layer, LayerDisplay base) {
  base.colourMap = layer.colourMap;
  if (layer.rangeHigh > layer.rangeLow) {
    base.rangeMin = layer.rangeLow;
    base.rangeMax = layer.rangeHigh;
  }
  base.thresholdMode = !layer.threshold ? ThresholdMode::Off
                       : layer.thresholdOnMagnitude ? ThresholdMode::Magnitude
                                                    : ThresholdMode::Value;
  base.threshold = layer.threshold.value_or(0.0);
  base.symmetric = layer.symmetric;
  base.invert = layer.invert;
  base.opacity = static_cast<float>(layer.opacity);
  base.visible = layer.visible;
  return base;
}

namespace {
const LayerEntry* findByName(const Study& study, const std::string& name) {
  for (const auto& entry : study.layers())
    if (entry.data && entry.data->name == name) return &entry;
  return nullptr;
}

std::string describe(const SceneLayer& layer) {
  return "layer \"" + (layer.name.empty() ? layer.file.filename().string() : layer.name) + "\"";
}

// Adds the file's layer that the scene names (by name, else the file's first layer) with the scene's display.
void addLayerFile(Study& study, const SceneLayer& layer) {
  const DataFile file = readDataFile(layer.file);
  StudyAdditions additions = prepareAdditions(study.snapshot(), file);
  if (additions.layers.empty())
    throw std::invalid_argument(layer.file.string() + " holds no per-vertex values (" + additions.summary + ")");
  auto chosen = additions.layers.front();
  for (const auto& candidate : additions.layers)
    if (candidate.first->name == layer.name) chosen = candidate;
  auto data = std::make_shared<SurfaceLayer>(*chosen.first);
  if (!layer.name.empty()) data->name = layer.name;
  StudyAdditions one;
  one.layers.push_back({data, layerDisplayFor(layer, chosen.second)});
  applyAdditions(study, one);
}
}  // namespace

namespace {
// A window session saves a computed layer (no file of its own) as one .npy per hemisphere: scene layers with a
// hemisphere and a .npy file. Halves of one name are joined back into one two-hemisphere layer.
bool isHemisphereHalf(const SceneLayer& layer) {
  return !layer.hemisphere.empty() && !layer.file.empty() && layer.file.extension() == ".npy";
}

void addJoinedHalves(Study& study, const std::vector<const SceneLayer*>& halves, std::vector<std::string>& notes) {
  std::map<std::string, std::pair<std::shared_ptr<SurfaceLayer>, LayerDisplay>> joined;
  std::vector<std::string> order;
  for (const SceneLayer* half : halves) {
    const auto side = half->hemisphere == "rh" ? Hemisphere::Right : Hemisphere::Left;
    try {
      std::vector<std::int64_t> shape;
      auto values = readNpyAsFloat(half->file, shape);
      const auto& surfaces = study.hemisphere(side).surfaces;
      const std::size_t expected = surfaces.empty() ? 0 : surfaces.front()->vertexCount();
      if (values.size() != expected)
        throw std::invalid_argument(std::to_string(values.size()) + " values, but the " + toString(side) +
                                    " hemisphere has " + std::to_string(expected) + " vertices");
      auto& slot = joined[half->name];
      if (!slot.first) {
        slot.first = std::make_shared<SurfaceLayer>();
        slot.first->name = half->name;
        slot.second = layerDisplayFor(*half);
        order.push_back(half->name);
      }
      slot.first->valuesFor(side) = std::move(values);
    } catch (const std::exception& e) {
      notes.push_back("layer \"" + half->name + "\" (" + half->hemisphere + ", " + half->file.string() + "): " +
                      e.what() + " (not restored)");
    }
  }
  for (const auto& name : order) study.addLayer(joined[name].first, joined[name].second);
}

// The scene's layer order, bottom first; layers it does not name stay below.
void orderLayersAsTheScene(Study& study, const SceneDocument& scene) {
  std::vector<std::string> names;
  for (const auto& layer : scene.layers)
    if (std::find(names.begin(), names.end(), layer.name) == names.end()) names.push_back(layer.name);
  for (const auto& name : names) {
    const auto& layers = study.layers();
    auto it = std::find_if(layers.begin(), layers.end(),
                           [&](const LayerEntry& e) { return e.data && e.data->name == name; });
    if (it == layers.end()) continue;
    study.moveLayer(it->id, layers.size() - 1);  // in turn to the top: the last named ends on top
  }
}
}  // namespace

// The scene's ROI files: each hemisphere's file read as the window reads a label file, files of one name joined into
// one set (keys per hemisphere, the label tables merged by key).
void addSceneRoiFiles(Study& study, const SceneDocument& scene, std::vector<std::string>& notes) {
  std::map<std::string, std::shared_ptr<Parcellation>> joined;
  std::vector<std::string> order;
  for (const auto& roi : scene.roiFiles) {
    try {
      const StudyAdditions additions = prepareAdditions(study.snapshot(), readDataFile(roi.file));
      if (additions.roiSets.empty()) throw std::invalid_argument("holds no labels (" + additions.summary + ")");
      const Parcellation& read = *additions.roiSets.front().first;
      auto& set = joined[roi.name];
      if (!set) {
        set = std::make_shared<Parcellation>();
        set->name = roi.name;
        for (auto side : {Hemisphere::Left, Hemisphere::Right}) {
          const auto& surfaces = study.hemisphere(side).surfaces;
          set->keys[hemisphereIndex(side)].assign(surfaces.empty() ? 0 : surfaces.front()->vertexCount(), 0);
        }
        order.push_back(roi.name);
      }
      const auto side = roi.hemisphere == "rh" ? Hemisphere::Right : Hemisphere::Left;
      set->keys[hemisphereIndex(side)] = read.keysFor(side);
      for (const auto& label : read.labels)
        if (std::none_of(set->labels.begin(), set->labels.end(),
                                           [&](const Label& have) { return have.key == label.key; }))
          set->labels.push_back(label);
    } catch (const std::exception& e) {
      notes.push_back("ROI set \"" + roi.name + "\" (" + roi.hemisphere + ", " + roi.file.string() + "): " +
                      e.what() + " (not restored)");
    }
  }
  for (const auto& name : order) {
    RoiDisplay display;
    display.mode = RoiDrawMode::Outline;
    study.addRoiSet(joined[name], display);
  }
}

std::vector<std::string> applySceneLayers(Study& study, const SceneDocument& scene, const JobContext& context) {
  std::vector<std::string> notes;
  std::vector<const SceneLayer*> halves;
  for (std::size_t i = 0; i < scene.layers.size(); ++i) {
    const SceneLayer& layer = scene.layers[i];
    context.report(double(i) / double(scene.layers.size()), "Adding " + describe(layer));
    context.throwIfStopped();
    if (const LayerEntry* existing = findByName(study, layer.name)) {  // the study's own, or one already added
      study.setLayerDisplay(existing->id, layerDisplayFor(layer, existing->display));
      continue;
    }
    if (layer.file.empty()) {
      notes.push_back(describe(layer) + " is not in the study and names no file (not restored)");
      continue;
    }
    if (isHemisphereHalf(layer)) {
      halves.push_back(&layer);
      continue;
    }
    try {
      addLayerFile(study, layer);
    } catch (const std::exception& e) {
      notes.push_back(describe(layer) + ": " + e.what() + " (not restored)");
    }
  }
  addJoinedHalves(study, halves, notes);
  orderLayersAsTheScene(study, scene);
  return notes;
}

LoadedScene loadSceneStudy(const SceneDocument& scene, const JobContext& context) {
  LoadedScene loaded;
  const int sources = int(!scene.studyFolder.empty()) + int(!scene.surfaceFiles.empty()) + int(scene.demoBrain);
  if (sources == 0) throw std::invalid_argument("the scene names no study folder, surface files or demo brain");
  if (sources > 1)
    throw std::invalid_argument("the scene names more than one of a study folder, surface files and the demo brain");
  const JobContext loading = context.slice(0.0, 0.8);
  if (scene.demoBrain) {
    auto demo = loadDemoBrain(loading);
    if (!demo.cacheWarning.empty()) loaded.notRestored.push_back(demo.cacheWarning);
    loaded.study = buildStudyFromMeshes(demo.meshes, "Colin27 demo brain");
  } else if (!scene.surfaceFiles.empty()) {
    loaded.study = loadSurfaceFiles(scene.surfaceFiles, loading);
  } else {
    auto study = loadStudyFolder(scene.studyFolder, loading);
    loaded.study = std::move(study.study);
    for (auto& note : study.notes) loaded.notRestored.push_back(std::move(note));
  }
  if (scene.roiOutlines)
    for (std::size_t i = 0; i < loaded.study->roiSets().size(); ++i) {
      RoiDisplay display = loaded.study->roiSets()[i].display;
      display.mode = RoiDrawMode::Outline;
      loaded.study->setRoiDisplay(i, display);
    }
  for (auto& note : applySceneLayers(*loaded.study, scene, context.slice(0.8, 1.0)))
    loaded.notRestored.push_back(std::move(note));
  addSceneRoiFiles(*loaded.study, scene, loaded.notRestored);
  return loaded;
}

}  // namespace vl::core
