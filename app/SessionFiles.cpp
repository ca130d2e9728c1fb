#include "app/SessionFiles.h"

#include <algorithm>
#include <cctype>

#include "core/demo/DemoAtlases.h"
#include "core/io/NpyMatrix.h"
#include "core/io/RoiFileWriter.h"
#include "core/panels/RoiDrawPanelModel.h"
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
  // The drawn ROIs: they live only in the window, so the session keeps them (one label file per hemisphere).
  for (const auto& entry : study.roiSets()) {
    if (!entry.data || entry.data->name != core::RoiDrawPanelModel::kSetName) continue;
    for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
      const auto& keys = entry.data->keysFor(side);
      if (std::none_of(keys.begin(), keys.end(), [](std::int32_t key) { return key != 0; })) continue;
      const std::string hemi = side == core::Hemisphere::Left ? "lh" : "rh";
      const auto file = std::filesystem::absolute(layersFolderFor(sceneFile) / (hemi + ".Drawn_ROIs.label.gii"));
      scene.roiFiles.push_back({entry.data->name, hemi, file});
      session.rois.push_back({file, entry.data, side, study.referenceSurface(side)});
    }
  }
  return session;
}

void writeSession(const CapturedSession& session, const std::filesystem::path& sceneFile) {
  if (!session.values.empty() || !session.rois.empty()) {
    std::error_code error;
    const auto folder = session.values.empty() ? session.rois.front().file.parent_path()
                                               : session.values.front().file.parent_path();
    std::filesystem::create_directories(folder, error);
    if (error) throw std::runtime_error(folder.string() + ": cannot create the folder for the session's layers: " +
                                        error.message());
  }
  for (const auto& layer : session.values) core::writeNpyVector(layer.file, layer.values);
  for (const auto& roi : session.rois) {
    if (!roi.coordinates) throw std::runtime_error(roi.file.string() + ": the hemisphere has no surface");
    core::writeRoiFile(roi.file, *roi.set, roi.hemisphere, 0, *roi.coordinates);
  }
  core::writeScene(sceneFile, session.scene);
}

OpenedSession openSession(const std::filesystem::path& sceneFile, const core::JobContext& context) {
  auto read = core::readScene(sceneFile);
  OpenedSession opened;
  opened.scene = read.scene;
  opened.notRestored = std::move(read.notRestored);
  // The loader `voxellens render` uses, computed layers' halves joined and the scene's layer order included.
  auto loaded = core::loadSceneStudy(read.scene, context.slice(0.0, 0.9));
  opened.study = loaded.study;
  for (auto& note : loaded.notRestored) opened.notRestored.push_back(std::move(note));
  if (read.scene.demoBrain) core::addDemoAtlases(*opened.study, context.slice(0.9, 1.0));  // as the window's demo brain
  return opened;
}

}  // namespace vl::app
