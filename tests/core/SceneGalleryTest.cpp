// The selectivity gallery a scene stores in its panel entry: written and read back through the scene file, absent
// from scenes saved before galleries (they open as before), and listed, not guessed, when it cannot be read.
#include <gtest/gtest.h>

#include "core/scene/SceneGallery.h"
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
