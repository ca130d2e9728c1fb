#include "core/io/StudyFolderLoader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "core/FormatError.h"
#include "core/geometry/Icosphere.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyWriter.h"
#include "core/model/ColumnMap.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

NpyArray int32Array(const std::vector<std::int32_t>& values) {
  NpyArray array;
  array.dtype = NpyArray::DType::Int32;
  array.shape = {static_cast<std::int64_t>(values.size())};
  array.data.resize(values.size() * 4);
  std::memcpy(array.data.data(), values.data(), array.data.size());
  return array;
}

// A study of two 642-vertex spheres: the left hemisphere's responses cover every third vertex, the right's all.
struct SmallStudyFolder {
  fixtures::TempDir dir;
  Surface left = makeIcosphere(3, 50.0f, {-60, 0, 0}, Hemisphere::Left);
  Surface right = makeIcosphere(3, 50.0f, {60, 0, 0}, Hemisphere::Right);
  std::vector<std::int32_t> leftColumns;
  std::size_t columns = 0;
  std::vector<float> train;  // 6 x columns, value = row * 1000 + column
  StudyManifest manifest;

  SmallStudyFolder() {
    fs::create_directories(dir.path / "surf");
    writeGiftiSurface(dir.path / "surf/lh.white.gii", left);
    writeGiftiSurface(dir.path / "surf/rh.white.gii", right);
    for (std::int32_t v = 0; v < static_cast<std::int32_t>(left.vertexCount()); v += 3) leftColumns.push_back(v);
    fs::create_directories(dir.path / "columns");
    writeNpy(dir.path / "columns/lh.vertices.npy", int32Array(leftColumns));
    columns = leftColumns.size() + right.vertexCount();

    fs::create_directories(dir.path / "stimuli");
    NpyArray images;
    images.dtype = NpyArray::DType::UInt8;
    images.shape = {5, 4, 4, 3};
    images.data.resize(5 * 4 * 4 * 3);
    for (std::size_t i = 0; i < images.data.size(); ++i) images.data[i] = std::byte(i % 251);
    writeNpy(dir.path / "stimuli/images.npy", images);
    std::ofstream(dir.path / "stimuli/captions.txt") << "a\nb\nc\nd\na red face\n";
    std::ofstream(dir.path / "stimuli/tags.tsv") << "4\tface\tred,small\n0\tplace\t\n";

    fs::create_directories(dir.path / "responses");
    for (std::size_t r = 0; r < 6; ++r)
      for (std::size_t c = 0; c < columns; ++c) train.push_back(float(r * 1000 + c));
    writeNpy(dir.path / "responses/train_betas.npy", train, {6, static_cast<std::int64_t>(columns)});
    writeNpy(dir.path / "responses/train_stimulus.npy", int32Array({0, 1, 2, 3, 4, 0}));
    writeNpy(dir.path / "responses/test_betas.npy", std::vector<float>(2 * columns, 0.5f),
             {2, static_cast<std::int64_t>(columns)});
    writeNpy(dir.path / "responses/test_stimulus.npy", int32Array({3, 4}));

    fs::create_directories(dir.path / "layers");
    ScalarMaps noise{Hemisphere::Left, {"x"}, {std::vector<float>(left.vertexCount(), 2.5f)}};
    writeGiftiScalars(dir.path / "layers/lh.noise.func.gii", noise);
    fs::create_directories(dir.path / "rois");
    LabelMap rois{Hemisphere::Left, "x", std::vector<std::int32_t>(left.vertexCount(), 0), {}};
    rois.labels = {{0, "???", {0, 0, 0, 0}}, {7, "FFA", {1, 0, 0, 1}}};
    for (std::size_t v = 0; v < 50; ++v) rois.keys[v] = 7;
    writeGiftiLabels(dir.path / "rois/lh.planted.label.gii", rois);

    manifest.name = "small";
    manifest.columns.hemispheres = {
        {"lh", left.vertexCount(), {{"white", "surf/lh.white.gii"}}, "columns/lh.vertices.npy", leftColumns.size()},
        {"rh", right.vertexCount(), {{"white", "surf/rh.white.gii"}}, {}, 0}};
    manifest.stimuli = StudyStimuli{5, "stimuli/images.npy", {}, {}, "stimuli/captions.txt", "stimuli/tags.tsv"};
    manifest.train = StudyResponseSet{"responses/train_betas.npy", "responses/train_stimulus.npy", 1};
    manifest.test = StudyResponseSet{"responses/test_betas.npy", "responses/test_stimulus.npy", 3};
    manifest.layers = {{"noise SD", "lh", "layers/lh.noise.func.gii"}};
    manifest.roiSets = {{"planted ROIs", "lh", "rois/lh.planted.label.gii"}};
    writeStudyManifest(dir.path, manifest);
  }
};

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
  writeNpy(folder.dir.path / "responses/test_stimulus.npy", int32Array({3, 5}));
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
