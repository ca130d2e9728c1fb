#include "core/study/StudyFolderLoader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "core/base/FormatError.h"
#include "core/geometry/Icosphere.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyWriter.h"
#include "core/study/ColumnMap.h"
#include "tests/support/SmallStudyFolder.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;
using fixtures::SmallStudyFolder;

TEST(StudyFolderLoader, LoadsSurfacesLayersRoisStimuliAndResponses) {
  SmallStudyFolder folder;
  const LoadedStudy loaded = loadStudyFolder(folder.dir.path);
  EXPECT_TRUE(loaded.notes.empty()) << loaded.notes.front();
  const Study& study = *loaded.study;
  EXPECT_EQ(study.name, "small");
  ASSERT_TRUE(study.shownSurface(Hemisphere::Left));
  EXPECT_EQ(study.shownSurface(Hemisphere::Left)->kind, SurfaceKind::White);
  EXPECT_EQ(study.shownSurface(Hemisphere::Right)->vertexCount(), 642u);

  const auto noise = std::find_if(study.layers().begin(), study.layers().end(),
                                  [](const LayerEntry& e) { return e.data->name == "noise SD"; });
  ASSERT_NE(noise, study.layers().end());
  EXPECT_FLOAT_EQ(noise->data->values[0].at(100), 2.5f);
  EXPECT_TRUE(noise->data->values[1].empty());
  ASSERT_EQ(study.roiSets().size(), 1u);
  EXPECT_EQ(study.roiSets()[0].data->name, "planted ROIs");

  ASSERT_TRUE(study.experiment());
  const Experiment& experiment = *study.experiment();
  EXPECT_EQ(experiment.columns.columnCount(), folder.columns);
  EXPECT_EQ(experiment.columns.columnCount(Hemisphere::Left), 214u);
  EXPECT_EQ(experiment.columns.columnOfVertex(Hemisphere::Left, 6), 2);
  EXPECT_EQ(experiment.columns.columnOfVertex(Hemisphere::Left, 7), -1);
  EXPECT_EQ(experiment.columns.firstColumn(Hemisphere::Right), 214u);
  // Study-wide: the right hemisphere's first column vertex is column 214.
  const auto rightVertex = experiment.columns.columnVertices(Hemisphere::Right)[0];
  EXPECT_EQ(experiment.columns.columnOfVertex(Hemisphere::Right, rightVertex), 214);
  ASSERT_TRUE(experiment.train && experiment.test);
  EXPECT_EQ(experiment.train->rows, 6u);
  EXPECT_FLOAT_EQ(experiment.train->row(5)[17], 5017.0f);
  EXPECT_EQ(experiment.train->stimulus[4], 4);
  EXPECT_EQ(experiment.test->repeats, 3u);
  ASSERT_TRUE(experiment.stimuli);
  EXPECT_EQ(experiment.stimuli->count(), 5u);
  const StimulusImage image = experiment.stimuli->image(4);
  EXPECT_EQ(image.width, 4);
  EXPECT_EQ(image.rgb.at(0), std::uint8_t((4 * 48) % 251));
  EXPECT_EQ(experiment.stimuli->caption(4), "a red face");
  EXPECT_EQ(experiment.stimuli->tags(4), (std::vector<std::string>{"face", "red", "small"}));
  EXPECT_EQ(experiment.stimuli->tags(0), (std::vector<std::string>{"place"}));
  EXPECT_TRUE(experiment.stimuli->tags(1).empty());
  EXPECT_THROW(experiment.stimuli->image(5), std::out_of_range);
}

TEST(StudyFolderLoader, StimulusIndexOutsideTheStimuliIsRefusedWithItsFile) {
  SmallStudyFolder folder;
  writeNpy(folder.dir.path / "responses/test_stimulus.npy", std::vector<std::int32_t>{3, 5}, {2});
  try {
    loadStudyFolder(folder.dir.path);
    FAIL() << "expected FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.file().filename(), "test_stimulus.npy");
    EXPECT_EQ(error.where(), "element 1");
  }
}

TEST(StudyFolderLoader, ResponsesWithTheWrongColumnCountAreRefused) {
  SmallStudyFolder folder;
  writeNpy(folder.dir.path / "responses/train_betas.npy", std::vector<float>(6 * 10, 0.0f), {6, 10});
  try {
    loadStudyFolder(folder.dir.path);
    FAIL() << "expected FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.file().filename(), "train_betas.npy");
    EXPECT_NE(error.problem().find(std::to_string(folder.columns)), std::string::npos);
  }
}

TEST(StudyFolderLoader, ALayerThatFitsNoHemisphereIsSkippedWithANote) {
  SmallStudyFolder folder;
  ScalarMaps wrong{Hemisphere::Left, {"x"}, {std::vector<float>(10, 1.0f)}};
  writeGiftiScalars(folder.dir.path / "layers/lh.noise.func.gii", wrong);
  const LoadedStudy loaded = loadStudyFolder(folder.dir.path);
  ASSERT_EQ(loaded.notes.size(), 1u);
  EXPECT_NE(loaded.notes[0].find("noise SD"), std::string::npos);
  EXPECT_NE(loaded.notes[0].find("642"), std::string::npos);
}

TEST(ColumnMap, SpreadGivesEachVertexItsNearestColumnWithinTheDistance) {
  const Surface sphere = makeIcosphere(3, 50.0f, {0, 0, 0}, Hemisphere::Left);
  const ColumnMap map({0, 5}, sphere.vertexCount(), {}, 0);
  const std::vector<float> values = {10.0f, 20.0f};
  const auto spread = map.spreadToVertices(values, sphere, 1000.0f);
  EXPECT_EQ(spread[0], 10.0f);
  EXPECT_EQ(spread[5], 20.0f);
  // Every vertex has a value, and it is the value of the column closer along the mesh (checked by straight-line
  // distance for vertices clearly nearer one column than the other).
  auto distance = [&](std::size_t a, std::size_t b) {
    const auto &p = sphere.vertices[a], &q = sphere.vertices[b];
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  };
  std::size_t checked = 0;
  for (std::size_t v = 0; v < sphere.vertexCount(); ++v) {
    ASSERT_FALSE(std::isnan(spread[v]));
    const double d0 = distance(v, 0), d5 = distance(v, 5);
    if (d0 < 0.7 * d5) {
      EXPECT_EQ(spread[v], 10.0f);
      ++checked;
    } else if (d5 < 0.7 * d0) {
      EXPECT_EQ(spread[v], 20.0f);
      ++checked;
    }
  }
  EXPECT_GT(checked, 200u);  // of 642: the rest lie near the halfway line
  // With no reach, only the columns themselves have values.
  const auto tight = map.spreadToVertices(values, sphere, 0.0f);
  EXPECT_EQ(std::count_if(tight.begin(), tight.end(), [](float x) { return !std::isnan(x); }), 2);
  EXPECT_THROW(ColumnMap({700}, sphere.vertexCount(), {}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core

namespace vl::core {
namespace {
TEST(StudyFolderLoader, EntriesOfOneNameBecomeOneLayerOnBothHemispheres) {
  fixtures::SmallStudyFolder folder;
  ScalarMaps right{Hemisphere::Right, {"x"}, {std::vector<float>(folder.right.vertexCount(), 7.0f)}};
  writeGiftiScalars(folder.dir.path / "layers/rh.noise.func.gii", right);
  folder.manifest.layers.push_back({"noise SD", "rh", "layers/rh.noise.func.gii"});
  folder.manifest.layers.push_back({"Curvature", "rh", "layers/rh.noise.func.gii"});  // computed: not added twice
  writeStudyManifest(folder.dir.path, folder.manifest);
  const LoadedStudy loaded = loadStudyFolder(folder.dir.path);
  std::size_t noise = 0, curvature = 0;
  for (const auto& entry : loaded.study->layers()) {
    if (entry.data->name == "noise SD") {
      ++noise;
      EXPECT_FLOAT_EQ(entry.data->values[0].at(3), 2.5f);
      EXPECT_FLOAT_EQ(entry.data->values[1].at(3), 7.0f);
    }
    curvature += entry.data->name == "Curvature";
  }
  EXPECT_EQ(noise, 1u);
  EXPECT_EQ(curvature, 1u);
}
}  // namespace
}  // namespace vl::core
