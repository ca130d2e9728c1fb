// The selectivity gallery a scene stores in its panel entry: written and read back through the scene file, absent
// from scenes saved before galleries (they open as before), and listed, not guessed, when it cannot be read.
#include <gtest/gtest.h>

#include <fstream>

#include "core/base/FormatError.h"
#include "core/scene/SceneGallery.h"
#include "core/selectivity/SelectionJson.h"
#include "tests/support/TempDir.h"

namespace {
using namespace vl::core;
}

TEST(SceneGallery, SurvivesTheSceneFileBesideThePanelsOtherSettings) {
  vl::fixtures::TempDir dir;
  SceneDocument scene;
  scene.demoBrain = true;
  ScenePanel panel{kSelectivityPanelName, {{"width", 320}}};
  const SceneGallery gallery{"ROI planted:FFA (lh, rh)", {41, 7, 1999}, "a smiling face", "nearest bank captions"};
  storeGallery(panel, gallery);
  scene.panels = {panel, {"layersDock", nlohmann::json::object()}};
  writeScene(dir.path / "scene.json", scene);

  const auto read = readScene(dir.path / "scene.json");
  EXPECT_TRUE(read.notRestored.empty());
  const ScenePanel* stored = selectivityPanel(read.scene);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->settings.at("width"), 320);
  std::vector<std::string> notes;
  const auto back = galleryOf(*stored, notes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, gallery);
  EXPECT_TRUE(notes.empty());
  EXPECT_FALSE(galleryOf(read.scene.panels[1], notes)) << "the layers dock stores no gallery";
  EXPECT_TRUE(notes.empty());
}

TEST(SceneGallery, AnOlderSceneHasNoneAndANewerOrMalformedOneIsListed) {
  std::vector<std::string> notes;
  EXPECT_FALSE(galleryOf({kSelectivityPanelName, nlohmann::json::object()}, notes));
  EXPECT_TRUE(notes.empty()) << "a scene saved before galleries opens as before";

  ScenePanel newer{kSelectivityPanelName, {{"gallery", {{"version", kGalleryVersion + 1}, {"images", {1, 2}}}}}};
  EXPECT_FALSE(galleryOf(newer, notes));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("version 2"), std::string::npos) << notes[0];

  ScenePanel wrong{kSelectivityPanelName, {{"gallery", {{"version", 1}, {"images", "1,2"}}}}};
  EXPECT_FALSE(galleryOf(wrong, notes));
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("wrong kind"), std::string::npos) << notes[1];
}

TEST(SceneGallery, MadeFromASelectionResult) {
  SelectionResult result;
  result.target.source = TargetSource::Roi;
  result.target.roiSet = "planted";
  result.target.roiName = "FFA";
  result.target.hemispheres = {Hemisphere::Left};
  result.top = {{12, 2.0, 0, true}, {3, 1.5, 0, false}};
  result.bottom = {{5, -1.0, 0, false}};
  result.caption = "a face";
  result.captionSource = "nearest bank captions";
  const auto gallery = sceneGalleryFor(result);
  EXPECT_EQ(gallery.images, (std::vector<std::size_t>{12, 3})) << "the predicted top, most preferred first";
  EXPECT_EQ(gallery.target, result.target.describe());
  EXPECT_EQ(gallery.caption, "a face");
  EXPECT_EQ(gallery.captionSource, "nearest bank captions");
}

// `voxellens render --gallery DIR/selection.json`: the gallery of a `voxellens select` result equals what the dock
// would store for the same result (selection.json written by the select command's own writer), and the scene gets
// the selectivity panel it lacked. A file that is not a selection is refused naming the field.
TEST(SceneGallery, ReadFromASelectionFileAsTheDockWouldStoreIt) {
  SelectionResult result;
  result.target.source = TargetSource::Roi;
  result.target.roiSet = "planted";
  result.target.roiName = "PPA";
  result.target.hemispheres = {Hemisphere::Left, Hemisphere::Right};
  result.top = {{40, 2.0, 0, true}, {7, 1.5, 0, false}, {300, 1.2, 0, false}};
  result.caption = "a corridor";
  result.captionSource = "nearest bank captions";
  vl::fixtures::TempDir dir;
  const auto file = dir.path / "selection.json";
  writeSelectionJson(file, selectionJson(result, std::vector<std::string>(301, "caption"), {}));
  const auto gallery = galleryFromSelectionFile(file);
  EXPECT_EQ(gallery, sceneGalleryFor(result));

  SceneDocument scene;
  ASSERT_EQ(selectivityPanel(scene), nullptr);
  storeGallery(scene, gallery);
  ASSERT_NE(selectivityPanel(scene), nullptr);
  std::vector<std::string> notes;
  EXPECT_EQ(galleryOf(*selectivityPanel(scene), notes), gallery);
  storeGallery(scene, gallery);
  EXPECT_EQ(scene.panels.size(), 1u) << "a second gallery replaces the first";

  const auto notSelection = dir.path / "scene.json";
  std::ofstream(notSelection) << R"({"format": "voxellens-scene", "top": []})";
  try {
    galleryFromSelectionFile(notSelection);
    FAIL() << "a scene file was read as a selection";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "format");
  }
  const auto badIndex = dir.path / "bad.json";
  std::ofstream(badIndex) << R"({"format": "voxellens-selection", "target": {"description": "x"},
                                 "top": [{"index": 3}, {"index": -2}]})";
  try {
    galleryFromSelectionFile(badIndex);
    FAIL() << "a negative image number passed";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "top[1].index");
  }
}
