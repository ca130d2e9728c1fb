#include "app/SessionFiles.h"

#include <algorithm>
#include <cctype>

#include "core/demo/DemoAtlases.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/scene/SceneStudy.h"

namespace vl::app {
namespace {
std::string fileNameFor(const std::string& layerName) {
  std::string name;
  for (char c : layerName) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  return name.empty() ? std::string("layer") : name;
}

std::filesystem::path layersFolderFor(const std::filesystem::path& sceneFile) {
  auto folder = sceneFile;
  folder.replace_extension();
  folder += "-layers";
  return folder;
}

// A computed layer is written per hemisphere; a scene layer with a hemisphere and a file is one of those halves.
bool isComputedHalf(const core::SceneLayer& layer) { return !layer.hemisphere.empty() && !layer.file.empty(); }
}  // namespace

CapturedSession captureSession(const core::Study& study, const SessionSources& sources,
                               const std::filesystem::path& sceneFile) {
  CapturedSession session;
  auto& scene = session.scene;
  scene.studyFolder = sources.studyFolder;
  scene.surfaceFiles = sources.surfaceFiles;
  scene.demoBrain = sources.demoBrain;
  std::set<std::string> usedNames;
  for (const auto& entry : study.layers()) {
    if (!entry.data || entry.data->kind != core::LayerKind::Scalar) {
      if (sources.studyLayers.count(entry.id)) scene.layers.push_back(core::sceneLayerFor(entry.data->name, {}, entry.display));
      continue;  // a computed parcellation-valued layer has no file form here
    }
    if (auto file = sources.layerFiles.find(entry.id); file != sources.layerFiles.end()) {
      scene.layers.push_back(core::sceneLayerFor(entry.data->name, std::filesystem::absolute(file->second), entry.display));
    } else if (sources.studyLayers.count(entry.id)) {
      scene.layers.push_back(core::sceneLayerFor(entry.data->name, {}, entry.display));
    } else {
      std::string base = fileNameFor(entry.data->name);
      for (int n = 2; !usedNames.insert(base).second; ++n) base = fileNameFor(entry.data->name) + "-" + std::to_string(n);
      for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
        const auto& values = entry.data->valuesFor(side);
        if (values.empty()) continue;
        const std::string hemi = side == core::Hemisphere::Left ? "lh" : "rh";
        const auto file = std::filesystem::absolute(layersFolderFor(sceneFile) / (hemi + "." + base + ".npy"));
        auto layer = core::sceneLayerFor(entry.data->name, file, entry.display);
        layer.hemisphere = hemi;
        scene.layers.push_back(std::move(layer));
        session.values.push_back({file, values});
      }
    }
  }
  return session;
}

void writeSession(const CapturedSession& session, const std::filesystem::path& sceneFile) {
  if (!session.values.empty()) {
    std::error_code error;
    const auto folder = session.values.front().file.parent_path();
    std::filesystem::create_directories(folder, error);
    if (error) throw std::runtime_error(folder.string() + ": cannot create the folder for the session's layers: " +
                                        error.message());
  }
  for (const auto& layer : session.values) core::writeNpyVector(layer.file, layer.values);
  core::writeScene(sceneFile, session.scene);
}

OpenedSession openSession(const std::filesystem::path& sceneFile, const core::JobContext& context) {
  auto read = core::readScene(sceneFile);
  OpenedSession opened;
  opened.scene = read.scene;
  opened.notRestored = std::move(read.notRestored);
  // The computed layers' halves are joined here; the rest goes through the loader `voxellens render` uses.
  core::SceneDocument rest = read.scene;
  rest.layers.clear();
  std::vector<core::SceneLayer> halves;
  for (const auto& layer : read.scene.layers) (isComputedHalf(layer) ? halves : rest.layers).push_back(layer);
  auto loaded = core::loadSceneStudy(rest, context.slice(0.0, 0.9));
  opened.study = loaded.study;
  for (auto& note : loaded.notRestored) opened.notRestored.push_back(std::move(note));
  if (rest.demoBrain) core::addDemoAtlases(*opened.study, context.slice(0.9, 0.95));  // as the window's demo brain

  std::map<std::string, std::pair<std::shared_ptr<core::SurfaceLayer>, core::LayerDisplay>> joined;
  std::vector<std::string> order;
  for (const auto& half : halves) {
    const auto side = half.hemisphere == "rh" ? core::Hemisphere::Right : core::Hemisphere::Left;
    try {
      std::vector<std::int64_t> shape;
      auto values = core::readNpyAsFloat(half.file, shape);
      const auto expected = opened.study->hemisphere(side).surfaces.empty()
                                ? 0
                                : opened.study->hemisphere(side).surfaces.front()->vertexCount();
      if (values.size() != expected)
        throw std::invalid_argument(std::to_string(values.size()) + " values, but the " + core::toString(side) +
                                    " hemisphere has " + std::to_string(expected) + " vertices");
      auto& slot = joined[half.name];
      if (!slot.first) {
        slot.first = std::make_shared<core::SurfaceLayer>();
        slot.first->name = half.name;
        slot.second = core::layerDisplayFor(half);
        order.push_back(half.name);
      }
      slot.first->valuesFor(side) = std::move(values);
    } catch (const std::exception& e) {
      opened.notRestored.push_back("layer \"" + half.name + "\" (" + half.hemisphere + ", " + half.file.string() +
                                   "): " + e.what() + " (not restored)");
    }
  }
  for (const auto& name : order) opened.study->addLayer(joined[name].first, joined[name].second);
  // The scene's order, bottom first (layers it does not name stay below).
  std::vector<std::string> names;
  for (const auto& layer : read.scene.layers)
    if (std::find(names.begin(), names.end(), layer.name) == names.end()) names.push_back(layer.name);
  for (const auto& name : names) {
    const auto& layers = opened.study->layers();
    auto it = std::find_if(layers.begin(), layers.end(), [&](const core::LayerEntry& e) { return e.data->name == name; });
    if (it == layers.end()) continue;
    opened.study->moveLayer(it->id, layers.size() - 1);  // in turn to the top: the last named ends on top
  }
  return opened;
}

}  // namespace vl::app
