#include "tests/support/SmallStudyFolder.h"

#include <cstring>
#include <fstream>

#include "core/geometry/Icosphere.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyWriter.h"

namespace vl::fixtures {
namespace fs = std::filesystem;
using namespace vl::core;

SmallStudyFolder::SmallStudyFolder()
    : left(makeIcosphere(3, 50.0f, {-60, 0, 0}, Hemisphere::Left)),
      right(makeIcosphere(3, 50.0f, {60, 0, 0}, Hemisphere::Right)) {
  fs::create_directories(dir.path / "surf");
  writeGiftiSurface(dir.path / "surf/lh.white.gii", left);
  writeGiftiSurface(dir.path / "surf/rh.white.gii", right);
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(left.vertexCount()); v += 3) leftColumns.push_back(v);
  fs::create_directories(dir.path / "columns");
  writeNpy(dir.path / "columns/lh.vertices.npy", leftColumns, {static_cast<std::int64_t>(leftColumns.size())});
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
  writeNpy(dir.path / "responses/train_stimulus.npy", std::vector<std::int32_t>{0, 1, 2, 3, 4, 0}, {6});
  writeNpy(dir.path / "responses/test_betas.npy", std::vector<float>(2 * columns, 0.5f),
           {2, static_cast<std::int64_t>(columns)});
  writeNpy(dir.path / "responses/test_stimulus.npy", std::vector<std::int32_t>{3, 4}, {2});

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

}  // namespace vl::fixtures
