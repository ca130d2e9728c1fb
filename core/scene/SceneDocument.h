#pragma once
// A scene: everything needed to show the same view again or to make a figure from it without a window, as plain
// data with a versioned JSON form (File > Save Session / Open Session, `voxellens render scene.json`). It names files
// and display settings; it holds no data. In memory, paths are absolute (or relative to the working folder); the file
// stores them relative to the scene file's folder, so a folder of scene + data can be moved as a whole.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vl::core {

// The schema version this build writes. A scene of another version opens with what this build understands.
inline constexpr int kSceneVersion = 1;

// How a layer is shown. `file` empty: a layer the study itself brings (e.g. "Curvature"), found by name.
struct SceneLayer {
  std::string name;
  std::filesystem::path file;
  std::string hemisphere;          // "lh", "rh", or empty when the file covers both or says which itself
  std::string colourMap = "heat";  // a name render/ColourMap knows
  std::string units;               // shown under the colour bar's title, e.g. "t" or "% signal"; may be empty
  double rangeLow = 0.0, rangeHigh = 1.0;  // rangeLow == rangeHigh: the range computed from the values (2..98 %)
  std::optional<double> threshold;  // nullopt: no threshold
  bool thresholdOnMagnitude = false;  // true: |value| < threshold is hidden; false: value < threshold is hidden
  bool symmetric = false;
  bool invert = false;
  double opacity = 1.0;
  bool visible = true;
  bool operator==(const SceneLayer&) const = default;
};

// The camera as plain numbers (render::CameraState without VTK).
struct SceneCamera {
  std::array<double, 3> position{0, 0, 1};
  std::array<double, 3> focalPoint{0, 0, 0};
  std::array<double, 3> viewUp{0, 1, 0};
  double viewAngle = 30.0;
  bool parallelProjection = false;
  double parallelScale = 1.0;
  bool operator==(const SceneCamera&) const = default;
};

// A panel beside the brain (selectivity gallery, synthesis, ...): its name and its own settings, kept as JSON so
// that a panel can add settings without a new scene version.
struct ScenePanel {
  std::string name;
  nlohmann::json settings = nlohmann::json::object();
  bool operator==(const ScenePanel&) const = default;
};

// An ROI set saved beside the scene (the window's drawn ROIs), one GIfTI label file per hemisphere; files of one
// name are one set again when the scene opens.
struct SceneRoiFile {
  std::string name;
  std::string hemisphere;  // "lh" or "rh"
  std::filesystem::path file;
  bool operator==(const SceneRoiFile&) const = default;
};

struct SceneDocument {
  int version = kSceneVersion;
  // What to load: a study folder, or surface files (lh.* / rh.*), or the built-in demo brain. One of them.
  std::filesystem::path studyFolder;
  std::vector<std::filesystem::path> surfaceFiles;
  bool demoBrain = false;
  std::vector<SceneLayer> layers;  // bottom first, as the Layers panel lists them from the bottom
  std::optional<SceneCamera> camera;
  std::string viewPreset;  // e.g. "lateral-left"; empty when the camera was moved freely
  std::array<float, 3> background{1.0f, 1.0f, 1.0f};
  bool roiOutlines = false;
  std::vector<std::string> selectedRois;
  std::vector<SceneRoiFile> roiFiles;
  std::vector<std::string> targets;  // as the CLI's target arguments: roi:NAME, vertex:HEMI:ID, label:FILE
  std::vector<ScenePanel> panels;
  bool operator==(const SceneDocument&) const = default;
};

struct SceneReadResult {
  SceneDocument scene;
  // One human-readable line per thing that was not restored: unknown fields, files that do not exist, values of
  // the wrong kind in a newer scene, a version this build does not know.
  std::vector<std::string> notRestored;
};

// The JSON form. `sceneFolder`: paths are written relative to it (lexically; a path on another root stays absolute).
nlohmann::json sceneToJson(const SceneDocument& scene, const std::filesystem::path& sceneFolder);
// Reads the JSON form, resolving relative paths against `sceneFolder`. `file` names the scene in errors.
// Throws FormatError (file, field, what was expected) when a field this version needs has the wrong type.
SceneReadResult sceneFromJson(const nlohmann::json& json, const std::filesystem::path& sceneFolder,
                              const std::filesystem::path& file);

// Atomic: the scene file appears complete or not at all.
void writeScene(const std::filesystem::path& file, const SceneDocument& scene);
// Throws FormatError for a missing file or malformed JSON; files the scene names that do not exist are listed in
// notRestored, not thrown.
SceneReadResult readScene(const std::filesystem::path& file);

}  // namespace vl::core
