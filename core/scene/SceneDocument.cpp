#include "core/scene/SceneDocument.h"

#include <fstream>
#include <set>
#include <sstream>

#include "core/base/FormatError.h"
#include "core/io/JsonFile.h"
#include "core/io/AtomicFileWriter.h"

namespace vl::core {

using nlohmann::json;

namespace {

std::string relativeTo(const std::filesystem::path& path, const std::filesystem::path& folder) {
  if (path.empty()) return {};
  if (!path.is_absolute() || folder.empty()) return path.generic_string();
  const auto relative = path.lexically_relative(std::filesystem::absolute(folder).lexically_normal());
  return relative.empty() ? path.generic_string() : relative.generic_string();
}

std::filesystem::path resolve(const std::string& text, const std::filesystem::path& folder) {
  if (text.empty()) return {};
  std::filesystem::path path(text);
  if (path.is_absolute()) return path.lexically_normal();
  return (std::filesystem::absolute(folder) / path).lexically_normal();
}

json cameraJson(const SceneCamera& camera) {
  return {{"position", camera.position},     {"focal_point", camera.focalPoint},
          {"view_up", camera.viewUp},        {"view_angle", camera.viewAngle},
          {"parallel_projection", camera.parallelProjection}, {"parallel_scale", camera.parallelScale}};
}

json layerJson(const SceneLayer& layer, const std::filesystem::path& folder) {
  json out = {{"name", layer.name},
              {"file", relativeTo(layer.file, folder)},
              {"hemisphere", layer.hemisphere},
              {"colour_map", layer.colourMap},
              {"units", layer.units},
              {"range", {layer.rangeLow, layer.rangeHigh}},
              {"threshold", layer.threshold ? json(*layer.threshold) : json(nullptr)},
              {"threshold_on_magnitude", layer.thresholdOnMagnitude},
              {"symmetric", layer.symmetric},
              {"invert", layer.invert},
              {"opacity", layer.opacity},
              {"visible", layer.visible}};
  return out;
}

// Reads fields of one JSON object, remembering which it used so that the rest can be listed as unknown. A field of
// the wrong type is an error in a scene of this version (the file is malformed) and a note in a newer one (its
// meaning may have changed).
class FieldReader {
public:
  FieldReader(const json& object, std::string where, const std::filesystem::path& file, bool lenient,
              std::vector<std::string>& notes)
      : object_(object), where_(std::move(where)), file_(file), lenient_(lenient), notes_(notes) {}

  template <typename T>
  bool read(const char* key, T& into) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return false;
    try {
      into = it->template get<T>();
      return true;
    } catch (const json::exception&) {
      wrongType(key, expectedName<T>());
      return false;
    }
  }
  const json* object(const char* key, json::value_t type) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return nullptr;
    if (it->type() != type) {
      wrongType(key, type == json::value_t::array ? "a list" : "an object");
      return nullptr;
    }
    return &*it;
  }
  void listUnknown() const {
    for (auto it = object_.begin(); it != object_.end(); ++it)
      if (!used_.contains(it.key())) notes_.push_back("unknown field " + where_ + it.key() + " (ignored)");
  }
  std::string path(const char* key) const { return where_ + key; }

private:
  template <typename T>
  static const char* expectedName() {
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_arithmetic_v<T>) return "a number";
    else if constexpr (std::is_same_v<T, std::string>) return "a string";
    else return "a list of the right kind";
  }
  void wrongType(const char* key, const std::string& expected) {
    if (!lenient_) throw FormatError(file_, "field " + where_ + key, "expected " + expected);
    notes_.push_back("field " + where_ + key + " is not " + expected + " (not restored)");
  }

  const json& object_;
  std::string where_;
  const std::filesystem::path& file_;
  bool lenient_;
  std::vector<std::string>& notes_;
  std::set<std::string> used_;
};

void noteMissing(const std::filesystem::path& path, const std::string& what, std::vector<std::string>& notes) {
  std::error_code error;
  if (!path.empty() && !std::filesystem::exists(path, error))
    notes.push_back(what + " " + path.string() + " does not exist (not restored)");
}

}  // namespace

json sceneToJson(const SceneDocument& scene, const std::filesystem::path& sceneFolder) {
  json surfaces = json::array();
  for (const auto& file : scene.surfaceFiles) surfaces.push_back(relativeTo(file, sceneFolder));
  json layers = json::array();
  for (const auto& layer : scene.layers) layers.push_back(layerJson(layer, sceneFolder));
  json roiFiles = json::array();
  for (const auto& roi : scene.roiFiles)
    roiFiles.push_back({{"name", roi.name}, {"hemisphere", roi.hemisphere}, {"file", relativeTo(roi.file, sceneFolder)}});
  json panels = json::array();
  for (const auto& panel : scene.panels) panels.push_back({{"name", panel.name}, {"settings", panel.settings}});
  json out = {{"voxellens_scene", kSceneVersion},
              {"study_folder", relativeTo(scene.studyFolder, sceneFolder)},
              {"surface_files", surfaces},
              {"demo_brain", scene.demoBrain},
              {"layers", layers},
              {"camera", scene.camera ? cameraJson(*scene.camera) : json(nullptr)},
              {"view_preset", scene.viewPreset},
              {"background", scene.background},
              {"roi_outlines", scene.roiOutlines},
              {"selected_rois", scene.selectedRois},
              {"roi_files", roiFiles},
              {"targets", scene.targets},
              {"panels", panels}};
  return out;
}

SceneReadResult sceneFromJson(const json& document, const std::filesystem::path& sceneFolder,
                              const std::filesystem::path& file) {
  if (!document.is_object()) throw FormatError(file, "", "expected a JSON object (a VoxelLens scene)");
  auto versionIt = document.find("voxellens_scene");
  if (versionIt == document.end() || !versionIt->is_number_integer())
    throw FormatError(file, "field voxellens_scene", "expected the scene version (an integer); is this a scene file?");
  SceneReadResult result;
  auto& scene = result.scene;
  auto& notes = result.notRestored;
  const int version = versionIt->get<int>();
  scene.version = version;
  if (version > kSceneVersion)
    notes.push_back("scene version " + std::to_string(version) + " is newer than this VoxelLens reads (" +
                    std::to_string(kSceneVersion) + "): what it understands was restored");
  else if (version < 1)
    notes.push_back("scene version " + std::to_string(version) + " is older than any this VoxelLens knows (1.." +
                    std::to_string(kSceneVersion) + "): what it understands was restored");
  const bool lenient = version != kSceneVersion;
  scene.version = kSceneVersion;  // what this build holds in memory and would write back

  FieldReader top(document, "", file, lenient, notes);
  {
    std::string text;
    int readVersion = 0;
    top.read("voxellens_scene", readVersion);
    if (top.read("study_folder", text)) scene.studyFolder = resolve(text, sceneFolder);
    std::vector<std::string> surfaces;
    if (top.read("surface_files", surfaces))
      for (const auto& s : surfaces) scene.surfaceFiles.push_back(resolve(s, sceneFolder));
    top.read("demo_brain", scene.demoBrain);
    top.read("view_preset", scene.viewPreset);
    top.read("background", scene.background);
    top.read("roi_outlines", scene.roiOutlines);
    top.read("selected_rois", scene.selectedRois);
    top.read("targets", scene.targets);
  }
  if (const json* camera = top.object("camera", json::value_t::object)) {
    FieldReader reader(*camera, "camera.", file, lenient, notes);
    SceneCamera c;
    reader.read("position", c.position);
    reader.read("focal_point", c.focalPoint);
    reader.read("view_up", c.viewUp);
    reader.read("view_angle", c.viewAngle);
    reader.read("parallel_projection", c.parallelProjection);
    reader.read("parallel_scale", c.parallelScale);
    reader.listUnknown();
    scene.camera = c;
  }
  if (const json* layers = top.object("layers", json::value_t::array)) {
    for (std::size_t i = 0; i < layers->size(); ++i) {
      const json& entry = (*layers)[i];
      const std::string where = "layers[" + std::to_string(i) + "].";
      if (!entry.is_object()) {
        if (!lenient) throw FormatError(file, "field layers[" + std::to_string(i) + "]", "expected an object");
        notes.push_back("layers[" + std::to_string(i) + "] is not an object (not restored)");
        continue;
      }
      FieldReader reader(entry, where, file, lenient, notes);
      SceneLayer layer;
      std::string text;
      reader.read("name", layer.name);
      if (reader.read("file", text)) layer.file = resolve(text, sceneFolder);
      reader.read("hemisphere", layer.hemisphere);
      reader.read("colour_map", layer.colourMap);
      reader.read("units", layer.units);
      std::array<double, 2> range{layer.rangeLow, layer.rangeHigh};
      if (reader.read("range", range)) std::tie(layer.rangeLow, layer.rangeHigh) = std::pair(range[0], range[1]);
      double threshold = 0;
      if (reader.read("threshold", threshold)) layer.threshold = threshold;
      reader.read("threshold_on_magnitude", layer.thresholdOnMagnitude);
      reader.read("symmetric", layer.symmetric);
      reader.read("invert", layer.invert);
      reader.read("opacity", layer.opacity);
      reader.read("visible", layer.visible);
      reader.listUnknown();
      if (!layer.file.empty() && !std::filesystem::exists(layer.file)) {
        notes.push_back("layer " + (layer.name.empty() ? where : "\"" + layer.name + "\"") + ": file " +
                        layer.file.string() + " does not exist (not restored)");
        continue;
      }
      scene.layers.push_back(std::move(layer));
    }
  }
  if (const json* roiFiles = top.object("roi_files", json::value_t::array)) {
    for (std::size_t i = 0; i < roiFiles->size(); ++i) {
      const json& entry = (*roiFiles)[i];
      const std::string where = "roi_files[" + std::to_string(i) + "].";
      if (!entry.is_object()) {
        if (!lenient) throw FormatError(file, "field roi_files[" + std::to_string(i) + "]", "expected an object");
        notes.push_back("roi_files[" + std::to_string(i) + "] is not an object (not restored)");
        continue;
      }
      FieldReader reader(entry, where, file, lenient, notes);
      SceneRoiFile roi;
      std::string text;
      reader.read("name", roi.name);
      reader.read("hemisphere", roi.hemisphere);
      if (reader.read("file", text)) roi.file = resolve(text, sceneFolder);
      reader.listUnknown();
      std::error_code error;
      if (roi.file.empty() || !std::filesystem::exists(roi.file, error)) {
        notes.push_back("ROI set \"" + roi.name + "\" (" + roi.hemisphere + "): file " + roi.file.string() +
                        " does not exist (not restored)");
        continue;
      }
      scene.roiFiles.push_back(std::move(roi));
    }
  }
  if (const json* panels = top.object("panels", json::value_t::array)) {
    for (std::size_t i = 0; i < panels->size(); ++i) {
      const json& entry = (*panels)[i];
      ScenePanel panel;
      if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) {
        if (!lenient) throw FormatError(file, "field panels[" + std::to_string(i) + "]", "expected {name, settings}");
        notes.push_back("panels[" + std::to_string(i) + "] has no name (not restored)");
        continue;
      }
      FieldReader reader(entry, "panels[" + std::to_string(i) + "].", file, lenient, notes);
      reader.read("name", panel.name);
      if (const json* settings = reader.object("settings", json::value_t::object)) panel.settings = *settings;
      reader.listUnknown();
      scene.panels.push_back(std::move(panel));
    }
  }
  top.listUnknown();

  noteMissing(scene.studyFolder, "study folder", notes);
  std::vector<std::filesystem::path> surfaces;
  for (const auto& surface : scene.surfaceFiles) {
    std::error_code error;
    if (std::filesystem::exists(surface, error)) surfaces.push_back(surface);
    else notes.push_back("surface file " + surface.string() + " does not exist (not restored)");
  }
  scene.surfaceFiles = std::move(surfaces);
  return result;
}

void writeScene(const std::filesystem::path& file, const SceneDocument& scene) {
  const auto folder = std::filesystem::absolute(file).parent_path();
  writeFileAtomically(file, sceneToJson(scene, folder).dump(2) + "\n");
}

SceneReadResult readScene(const std::filesystem::path& file) {
  const json document = readJsonFile(file, "cannot open the scene file (does it exist and is it readable?)");
  return sceneFromJson(document, std::filesystem::absolute(file).parent_path(), file);
}

}  // namespace vl::core
