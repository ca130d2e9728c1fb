// Fit folders say which responses their scores are on (single trials or repeat means) and still read when written
// before they did.
#include "core/study/FitFolder.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/base/FormatError.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

FitFolder smallFit(std::size_t firstVoxel = 0) {
  FitFolder fit;
  fit.weights = Matrix(2, 3, {1, 2, 3, 4, 5, 6});
  fit.intercepts = {0.5f, 0.25f, 0.0f};
  fit.alphas = {1, 10, 100};
  fit.cvR2 = {0.1, 0.2, 0.3};
  fit.testR = {0.4, 0.5, 0.6};
  fit.testR2 = {0.16, 0.25, 0.36};
  fit.firstVoxel = firstVoxel;
  fit.samples = 9000;
  fit.selection = "grouped k-fold";
  fit.cvData = responseRowsDescription(1);
  fit.testData = responseRowsDescription(3);
  return fit;
}

nlohmann::json readJson(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

TEST(FitFolder, ScoresSayWhichResponsesTheyAreOn) {
  EXPECT_EQ(responseRowsDescription(1), "single trials");
  EXPECT_EQ(responseRowsDescription(3), "repeat means (3 trials each)");
  fixtures::TempDir dir;
  writeFitFolder(dir.path, smallFit());
  const auto summary = readJson(dir.path / "summary.json");
  EXPECT_EQ(summary.at("cv_r2_data"), "single trials");
  EXPECT_EQ(summary.at("test_data"), "repeat means (3 trials each)");
  EXPECT_DOUBLE_EQ(summary.at("median_test_r2").get<double>(), 0.25);
  const auto read = readFitFolder(dir.path);
  EXPECT_EQ(read.cvData, "single trials");
  EXPECT_EQ(read.testData, "repeat means (3 trials each)");
  EXPECT_EQ(read.selection, "grouped k-fold");
  EXPECT_EQ(read.testR2, smallFit().testR2);
}

TEST(FitFolder, FoldersWrittenBeforeTheDataFieldsStillRead) {
  fixtures::TempDir dir;
  writeFitFolder(dir.path, smallFit());
  // The summary an older VoxelLens wrote: no data fields, no median test R^2.
  const nlohmann::json old = {{"first_voxel", 0}, {"voxels", 3},         {"samples", 9000},
                              {"features", 2},    {"selection", "leave-one-out"}, {"seconds", 1.5},
                              {"median_cv_r2", 0.2}, {"median_test_r", 0.5}};
  std::ofstream(dir.path / "summary.json") << old.dump(2);
  const auto read = readFitFolder(dir.path);
  EXPECT_TRUE(read.cvData.empty());
  EXPECT_TRUE(read.testData.empty());
  EXPECT_EQ(read.selection, "leave-one-out");
  EXPECT_EQ(read.cvR2, smallFit().cvR2);
  // Written again, an unstated field stays unstated rather than guessed.
  fixtures::TempDir again;
  writeFitFolder(again.path, read);
  EXPECT_FALSE(readJson(again.path / "summary.json").contains("cv_r2_data"));

  // A data field of the wrong type is named.
  auto bad = old;
  bad["test_data"] = 3;
  std::ofstream(dir.path / "summary.json") << bad.dump(2);
  try {
    readFitFolder(dir.path);
    FAIL() << "expected FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(error.where(), "test_data");
  }
}

TEST(FitFolder, ChunksMergeOnlyWhenTheirScoresAreOnTheSameData) {
  auto second = smallFit(3);
  const auto merged = mergeFitFolders({smallFit(0), second});
  EXPECT_EQ(merged.cvData, "single trials");
  EXPECT_EQ(merged.testData, "repeat means (3 trials each)");
  EXPECT_EQ(merged.alphas.size(), 6u);
  second.testData = responseRowsDescription(1);
  EXPECT_THROW(mergeFitFolders({smallFit(0), second}), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
