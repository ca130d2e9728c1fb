// Scenes: a scene written and read back is the same scene; missing files, unknown fields and other versions are
// listed, not thrown; malformed scenes are FormatErrors naming the file and the field.
#include <gtest/gtest.h>

#include <fstream>

#include "core/base/FormatError.h"
#include "core/geometry/Icosphere.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/NpyMatrix.h"
#include "core/scene/SceneDocument.h"
#include "core/scene/SceneStudy.h"
#include "tests/support/TempDir.h"

namespace {
using vl::core::SceneDocument;

void touch(const std::filesystem::path& file) { std::ofstream(file) << "x"; }

void writeText(const std::filesystem::path& file, const std::string& text) { std::ofstream(file) << text; }

bool mentions(const std::vector<std::string>& notes, const std::string& text) {
  for (const auto& note : notes)
    if (note.find(text) != std::string::npos) return true;
  return false;
}

SceneDocument fullScene(const std::filesystem::path& folder) {
  SceneDocument scene;
  scene.surfaceFiles = {folder / "surf" / "lh.white"};
  vl::core::SceneLayer layer;
  layer.name = "faces t";
  layer.file = folder / "maps" / "lh.faces.mgh";
  layer.hemisphere = "lh";
  layer.colourMap = "hot";
  layer.units = "t";
  layer.rangeLow = 2;
  layer.rangeHigh = 8;
  layer.threshold = 3.1;
  layer.thresholdOnMagnitude = true;
  layer.opacity = 0.75;
  layer.visible = false;
  scene.layers.push_back(layer);
  vl::core::SceneLayer curvature;
  curvature.name = "Curvature";
  curvature.colourMap = "grey";
  curvature.invert = true;
  curvature.symmetric = true;
  scene.layers.push_back(curvature);
  scene.camera = vl::core::SceneCamera{{1, 2, 3}, {4, 5, 6}, {0, 0, 1}, 25.0, true, 80.5};
  scene.viewPreset = "lateral-left";
  scene.background = {0.1f, 0.2f, 0.3f};
  scene.roiOutlines = true;
  scene.selectedRois = {"FFA", "PPA"};
  scene.targets = {"roi:FFA", "vertex:lh:1234", "label:" + (folder / "lh.v1.label").string()};
  scene.panels = {{"selectivity", {{"count", 12}, {"layout", "grid"}}}};
  return scene;
}
}  // namespace

TEST(SceneDocument, WrittenAndReadBackIsTheSameScene) {
  vl::fixtures::TempDir dir;
  std::filesystem::create_directories(dir.path / "surf");
  std::filesystem::create_directories(dir.path / "maps");
  touch(dir.path / "surf" / "lh.white");
  touch(dir.path / "maps" / "lh.faces.mgh");
  const SceneDocument scene = fullScene(dir.path);
  const auto file = dir.path / "figure.scene.json";
  vl::core::writeScene(file, scene);
  const auto read = vl::core::readScene(file);
  EXPECT_TRUE(read.notRestored.empty()) << read.notRestored.front();
  EXPECT_EQ(read.scene, scene);
  // Paths are stored relative to the scene's folder, so the folder can move.
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in);
  EXPECT_EQ(json["surface_files"][0], "surf/lh.white");
  EXPECT_EQ(json["layers"][0]["file"], "maps/lh.faces.mgh");
  EXPECT_EQ(json["voxellens_scene"], vl::core::kSceneVersion);
  EXPECT_TRUE(json["layers"][1]["threshold"].is_null());
}

TEST(SceneDocument, MovedFolderStillFindsItsFiles) {
  vl::fixtures::TempDir dir;
  std::filesystem::create_directories(dir.path / "a" / "surf");
  std::filesystem::create_directories(dir.path / "a" / "maps");
  touch(dir.path / "a" / "surf" / "lh.white");
  touch(dir.path / "a" / "maps" / "lh.faces.mgh");
  vl::core::writeScene(dir.path / "a" / "s.json", fullScene(dir.path / "a"));
  std::filesystem::rename(dir.path / "a", dir.path / "b");
  const auto read = vl::core::readScene(dir.path / "b" / "s.json");
  EXPECT_TRUE(read.notRestored.empty());
  ASSERT_EQ(read.scene.surfaceFiles.size(), 1u);
  EXPECT_EQ(read.scene.surfaceFiles[0], dir.path / "b" / "surf" / "lh.white");
}

TEST(SceneDocument, MissingFilesAreListedAndTheRestOpens) {
  vl::fixtures::TempDir dir;
  std::filesystem::create_directories(dir.path / "surf");
  touch(dir.path / "surf" / "lh.white");  // the layer's map is missing
  vl::core::writeScene(dir.path / "s.json", fullScene(dir.path));
  const auto read = vl::core::readScene(dir.path / "s.json");
  ASSERT_EQ(read.notRestored.size(), 1u);
  EXPECT_NE(read.notRestored[0].find("lh.faces.mgh"), std::string::npos) << read.notRestored[0];
  EXPECT_NE(read.notRestored[0].find("faces t"), std::string::npos) << read.notRestored[0];
  ASSERT_EQ(read.scene.layers.size(), 1u);  // the curvature layer, which names no file
  EXPECT_EQ(read.scene.layers[0].name, "Curvature");
  EXPECT_EQ(read.scene.viewPreset, "lateral-left");
  EXPECT_EQ(read.scene.surfaceFiles.size(), 1u);
}

TEST(SceneDocument, NewerVersionListsWhatItDoesNotKnowAndKeepsTheRest) {
  vl::fixtures::TempDir dir;
  writeText(dir.path / "s.json", R"({
    "voxellens_scene": 7, "demo_brain": true, "view_preset": "ventral-left", "lighting": {"kind": "studio"},
    "background": "dark", "layers": [{"name": "Curvature", "colour_map": "grey", "shininess": 3}],
    "camera": {"position": [0, 0, 100], "focal_point": [0, 0, 0], "view_up": [0, 1, 0], "roll": 2}})");
  const auto read = vl::core::readScene(dir.path / "s.json");
  EXPECT_TRUE(mentions(read.notRestored, "version 7 is newer"));
  EXPECT_TRUE(mentions(read.notRestored, "unknown field lighting"));
  EXPECT_TRUE(mentions(read.notRestored, "unknown field layers[0].shininess"));
  EXPECT_TRUE(mentions(read.notRestored, "unknown field camera.roll"));
  EXPECT_TRUE(mentions(read.notRestored, "field background is not"));  // a type this version cannot read
  EXPECT_EQ(read.notRestored.size(), 5u);
  EXPECT_TRUE(read.scene.demoBrain);
  EXPECT_EQ(read.scene.viewPreset, "ventral-left");
  ASSERT_EQ(read.scene.layers.size(), 1u);
  EXPECT_EQ(read.scene.layers[0].colourMap, "grey");
  ASSERT_TRUE(read.scene.camera);
  EXPECT_EQ(read.scene.camera->position[2], 100.0);
  EXPECT_EQ(read.scene.background, (std::array<float, 3>{1, 1, 1}));  // the default
}

TEST(SceneDocument, OlderVersionSaysSo) {
  vl::fixtures::TempDir dir;
  writeText(dir.path / "s.json", R"({"voxellens_scene": 0, "demo_brain": true})");
  const auto read = vl::core::readScene(dir.path / "s.json");
  ASSERT_EQ(read.notRestored.size(), 1u);
  EXPECT_NE(read.notRestored[0].find("older"), std::string::npos);
  EXPECT_TRUE(read.scene.demoBrain);
}

TEST(SceneDocument, MalformedScenesAreFormatErrorsNamingFileAndField) {
  vl::fixtures::TempDir dir;
  const auto file = dir.path / "s.json";
  const auto expectError = [&](const std::string& text, const std::string& where) {
    writeText(file, text);
    try {
      vl::core::readScene(file);
      ADD_FAILURE() << "no error for " << text;
    } catch (const vl::core::FormatError& e) {
      EXPECT_EQ(e.file(), file);
      EXPECT_NE(e.where().find(where), std::string::npos) << e.what();
    }
  };
  expectError("{\"voxellens_scene\": 1, ", "byte");
  expectError("{\"demo_brain\": true}", "voxellens_scene");
  expectError("[1, 2]", "");
  expectError(R"({"voxellens_scene": 1, "background": "dark"})", "field background");
  expectError(R"({"voxellens_scene": 1, "layers": [{"name": "x", "range": [1]}]})", "field layers[0].range");
  expectError(R"({"voxellens_scene": 1, "layers": {"name": "x"}})", "field layers");
  EXPECT_THROW(vl::core::readScene(dir.path / "absent.json"), vl::core::FormatError);
}

TEST(SceneDocument, LayerDisplayRoundTripsThroughTheScene) {
  vl::core::LayerDisplay display;
  display.colourMap = "viridis";
  display.rangeMin = -2;
  display.rangeMax = 5;
  display.thresholdMode = vl::core::ThresholdMode::Magnitude;
  display.threshold = 1.5;
  display.opacity = 0.5f;
  display.symmetric = true;
  display.visible = false;
  const auto layer = vl::core::sceneLayerFor("m", "/x/m.mgh", display);
  EXPECT_EQ(vl::core::layerDisplayFor(layer), display);
  auto own = layer;
  own.rangeLow = own.rangeHigh = 0;  // "the range computed from the values": the base's range stays
  vl::core::LayerDisplay base;
  base.rangeMin = 7;
  base.rangeMax = 9;
  const auto kept = vl::core::layerDisplayFor(own, base);
  EXPECT_EQ(kept.rangeMin, 7);
  EXPECT_EQ(kept.rangeMax, 9);
}

// A window session saves a computed layer as one .npy per hemisphere; loading the scene (the window's Open Session
// and `voxellens render scene.json` alike) joins the halves into one layer with both hemispheres, in the scene's
// layer order.
TEST(SceneStudy, HemisphereHalvesOfOneNameBecomeOneTwoSidedLayerOnTop) {
  vl::fixtures::TempDir dir;
  const auto lh = vl::core::makeIcosphere(1, 50.0f, {-60, 0, 0}, vl::core::Hemisphere::Left);
  const auto rh = vl::core::makeIcosphere(1, 50.0f, {60, 0, 0}, vl::core::Hemisphere::Right);
  vl::core::writeFreeSurferSurface(dir.path / "lh.white", lh);
  vl::core::writeFreeSurferSurface(dir.path / "rh.white", rh);
  std::vector<float> left(lh.vertices.size(), 1.5f), right(rh.vertices.size(), -2.5f);
  vl::core::writeNpyVector(dir.path / "lh.map.npy", left);
  vl::core::writeNpyVector(dir.path / "rh.map.npy", right);
  vl::core::SceneDocument scene;
  scene.surfaceFiles = {dir.path / "lh.white"};
  for (const char* hemi : {"lh", "rh"}) {
    vl::core::SceneLayer half;
    half.name = "computed map";
    half.hemisphere = hemi;
    half.file = dir.path / (std::string(hemi) + ".map.npy");
    half.colourMap = "coolwarm";
    half.rangeLow = -3;
    half.rangeHigh = 3;
    scene.layers.push_back(half);
  }
  const auto loaded = vl::core::loadSceneStudy(scene);
  EXPECT_TRUE(loaded.notRestored.empty()) << loaded.notRestored.front();
  const auto& top = loaded.study->layers().back();
  ASSERT_TRUE(top.data);
  EXPECT_EQ(top.data->name, "computed map");
  EXPECT_EQ(top.data->valuesFor(vl::core::Hemisphere::Left), left);
  EXPECT_EQ(top.data->valuesFor(vl::core::Hemisphere::Right), right);
  EXPECT_EQ(top.display.colourMap, "coolwarm");
  EXPECT_DOUBLE_EQ(top.display.rangeMin, -3.0);
  int named = 0;
  for (const auto& entry : loaded.study->layers()) named += entry.data && entry.data->name == "computed map";
  EXPECT_EQ(named, 1);
}
