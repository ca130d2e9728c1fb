// The model commands and the window share their algorithms: `voxellens decode` on files and the study's decoder
// give the same weights and scores for the same inputs; `voxellens fit-study` fills the model cache that the
// window's pipeline then reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"
#include "core/fitting/StudyModelFits.h"
#include "core/io/FreeSurferLabel.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/ModelBundle.h"
#include "core/study/StudyFolderLoader.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyMatrix.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/SyntheticExperiment.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

namespace vl::app {
namespace {

void expectSameDecoder(const core::DecoderFit& cli, const core::DecoderFit& study) {
  EXPECT_EQ(cli.columns, study.columns);
  ASSERT_EQ(cli.fit.weights.rows, study.fit.weights.rows);
  ASSERT_EQ(cli.fit.weights.cols, study.fit.weights.cols);
  for (std::size_t i = 0; i < study.fit.weights.data.size(); ++i)
    EXPECT_NEAR(cli.fit.weights.data[i], study.fit.weights.data[i], 1e-6) << "weight " << i;
  ASSERT_EQ(cli.fit.intercepts.size(), study.fit.intercepts.size());
  for (std::size_t d = 0; d < study.fit.intercepts.size(); ++d)
    EXPECT_NEAR(cli.fit.intercepts[d], study.fit.intercepts[d], 1e-6) << "intercept " << d;
  EXPECT_EQ(cli.fit.alphas, study.fit.alphas);
  EXPECT_NEAR(cli.topOne, study.topOne, 1e-6);
  EXPECT_NEAR(cli.topOneChance, study.topOneChance, 1e-6);
  EXPECT_NEAR(cli.twoWay, study.twoWay, 1e-6);
  EXPECT_NEAR(cli.meanRank, study.meanRank, 1e-6);
  EXPECT_EQ(cli.testImages, study.testImages);
  EXPECT_EQ(cli.ways, study.ways);
  EXPECT_EQ(cli.selection, study.selection);
}

TEST(StudyModelCommands, DecodeAndTheStudyDecoderGiveTheSameNumbers) {
  fixtures::SyntheticExperiment synthetic;
  const auto& experiment = synthetic.experiment;
  const auto encoder = core::fitStudyEncoder(experiment, synthetic.embedding);
  const core::DecoderFit study = core::fitStudyDecoder(experiment, synthetic.embedding, encoder.cvR2, 12);
  ASSERT_EQ(study.columns.size(), 12u);

  // The same data as files: responses, the embedding row of each response row, and the encoder's CV R^2.
  fixtures::TempDir dir;
  const auto file = [&](const char* name) { return (dir.path / name).string(); };
  const auto& train = *experiment.train;
  const auto& test = *experiment.test;
  core::writeNpyMatrix(file("Y.npy"), core::Matrix(train.rows, train.columns, train.betas));
  core::writeNpyMatrix(file("Yt.npy"), core::Matrix(test.rows, test.columns, test.betas));
  core::writeNpyMatrix(file("E.npy"), core::rowsForTrials(synthetic.embedding, train));
  core::writeNpyMatrix(file("Et.npy"), core::rowsForTrials(synthetic.embedding, test));
  core::writeNpyVector(file("cv_r2.npy"), encoder.cvR2);
  std::vector<double> mask(train.columns, 0.0);
  for (auto c : study.columns) mask[std::size_t(c)] = 1.0;
  core::writeNpyVector(file("roi.npy"), mask);

  auto decode = [&](std::vector<std::string> columns, const char* out) {
    std::vector<std::string> argv = {"voxellens-full",    "decode",       "--responses",       file("Y.npy"),
                                     "--embeddings",      file("E.npy"),  "--test-responses",  file("Yt.npy"),
                                     "--test-embeddings", file("Et.npy"), "--out",             file(out)};
    argv.insert(argv.end(), columns.begin(), columns.end());
    EXPECT_EQ(runCommandLine(argv, &fullCommandLine()), 0);
    return core::readDecoderFit(file(out));
  };

  // The columns chosen the study's way (the 12 best by the encoder's CV R^2), and named by an ROI mask.
  const auto byScores = decode({"--column-scores", file("cv_r2.npy"), "--max-columns", "12"}, "by-scores");
  ASSERT_TRUE(byScores);
  expectSameDecoder(*byScores, study);
  const auto byMask = decode({"--roi", file("roi.npy")}, "by-mask");
  ASSERT_TRUE(byMask);
  expectSameDecoder(*byMask, study);
}

// Training images shown twice: the study chooses the penalty by grouped k-fold over images (chooseStudyCv); decode
// does the same when told the groups.
TEST(StudyModelCommands, DecodeWithImageGroupsMatchesTheStudyDecoderOnRepeatedImages) {
  fixtures::SyntheticExperiment synthetic;
  core::Experiment& experiment = synthetic.experiment;
  core::ResponseSet& train = *experiment.train;
  const std::size_t once = train.rows;
  for (std::size_t r = 0; r < once; ++r) {
    train.stimulus.push_back(train.stimulus[r]);
    for (std::size_t c = 0; c < train.columns; ++c)
      train.betas.push_back(train.betas[r * train.columns + c] + 0.01f * float((r * 7 + c * 3) % 11));
  }
  train.rows = 2 * once;
  const auto encoder = core::fitStudyEncoder(experiment, synthetic.embedding);
  const core::DecoderFit study = core::fitStudyDecoder(experiment, synthetic.embedding, encoder.cvR2, 12);
  ASSERT_EQ(study.selection, "grouped k-fold");

  fixtures::TempDir dir;
  const auto file = [&](const char* name) { return (dir.path / name).string(); };
  const auto& test = *experiment.test;
  core::writeNpyMatrix(file("Y.npy"), core::Matrix(train.rows, train.columns, train.betas));
  core::writeNpyMatrix(file("Yt.npy"), core::Matrix(test.rows, test.columns, test.betas));
  core::writeNpyMatrix(file("E.npy"), core::rowsForTrials(synthetic.embedding, train));
  core::writeNpyMatrix(file("Et.npy"), core::rowsForTrials(synthetic.embedding, test));
  core::writeNpyVector(file("cv_r2.npy"), encoder.cvR2);
  core::writeNpyVector(file("groups.npy"), std::vector<double>(train.stimulus.begin(), train.stimulus.end()));
  const std::vector<std::string> argv = {
      "voxellens-full", "decode",         "--responses",      file("Y.npy"),     "--embeddings",    file("E.npy"),
      "--test-responses", file("Yt.npy"), "--test-embeddings", file("Et.npy"),   "--column-scores", file("cv_r2.npy"),
      "--max-columns",  "12",             "--selection",      "group",           "--groups",        file("groups.npy"),
      "--out",          file("decoder")};
  ASSERT_EQ(runCommandLine(argv, &fullCommandLine()), 0);
  const auto cli = core::readDecoderFit(file("decoder"));
  ASSERT_TRUE(cli);
  expectSameDecoder(*cli, study);
}

TEST(StudyModelCommands, FitStudyFillsTheCacheTheWindowReads) {
  fixtures::SmallStudyFolder folder;
  const auto embedderFolder = folder.dir.path / "embedder";
  fixtures::writeImageEmbedder(embedderFolder);
  const std::vector<std::string> argv = {"voxellens-full", "fit-study", folder.dir.path.string(), "--embedder",
                                         embedderFolder.string()};
  ASSERT_EQ(runCommandLine(argv, &fullCommandLine()), 0);

  const core::ImageEmbedder embedder(core::ModelBundle::load(embedderFolder));
  const auto experiment = core::loadExperiment(core::readStudyManifest(folder.dir.path));
  const core::StudyModels models = core::prepareStudyModels(*experiment, embedder);
  EXPECT_TRUE(models.fromCache);
  EXPECT_EQ(models.cacheFolder, folder.dir.path / "models" / embedder.bundle().name());
  EXPECT_EQ(models.encoder.testR2.size(), folder.columns);
  EXPECT_EQ(models.decoder.testImages, 2u);

  const std::vector<std::string> missing = {"voxellens-full", "fit-study", (folder.dir.path / "nowhere").string()};
  EXPECT_EQ(runCommandLine(missing, &fullCommandLine()), 2);
}

TEST(StudyModelCommands, SelectWritesTheTargetsResultsAndRefusesBadTargets) {
  fixtures::SmallStudyFolder folder;
  const auto embedderFolder = folder.dir.path / "embedder";
  fixtures::writeImageEmbedder(embedderFolder);
  const auto out = folder.dir.path / "selection";
  auto select = [&](std::vector<std::string> target) {
    std::vector<std::string> argv = {"voxellens-full", "select", "--study", folder.dir.path.string(), "--embedder",
                                     embedderFolder.string(), "--out", out.string()};
    argv.insert(argv.end(), target.begin(), target.end());
    return runCommandLine(argv, &fullCommandLine());
  };
  // FFA: the first 50 vertices of the left sphere; the left's columns are every third vertex: 17 columns.
  ASSERT_EQ(select({"--roi", "planted:FFA@lh", "--top", "3"}), 0);
  const auto document = nlohmann::json::parse(std::ifstream(out / "selection.json"));
  EXPECT_EQ(document.at("target").at("roi"), "FFA");
  EXPECT_EQ(document.at("columns").size(), 17u);
  EXPECT_EQ(document.at("reliability").at("columns"), 17);
  ASSERT_EQ(document.at("top").size(), 3u);
  for (const auto& image : document.at("top")) EXPECT_TRUE(image.contains("encoder_saw_it"));
  EXPECT_TRUE(document.at("rf").contains("x_px"));  // the small study states no field of view
  EXPECT_EQ(document.at("provenance").at("target").at("roi"), "FFA");
  EXPECT_TRUE(std::filesystem::exists(out / "gallery.png"));

  // A drawn ROI from a label file: the same 50 vertices give the same 17 columns.
  core::VertexSubset drawn;
  for (std::int32_t v = 0; v < 50; ++v) {
    drawn.vertices.push_back(v);
    drawn.positions.push_back(folder.left.vertices[std::size_t(v)]);
    drawn.values.push_back(0);
  }
  core::writeFreeSurferLabel(folder.dir.path / "lh.drawn.label", drawn);
  ASSERT_EQ(select({"--label", (folder.dir.path / "lh.drawn.label").string()}), 0);
  const auto fromLabel = nlohmann::json::parse(std::ifstream(out / "selection.json"));
  EXPECT_EQ(fromLabel.at("target").at("source"), "drawn");
  EXPECT_EQ(fromLabel.at("columns"), document.at("columns"));
  core::writeFreeSurferLabel(folder.dir.path / "drawn.label", drawn);
  EXPECT_EQ(select({"--label", (folder.dir.path / "drawn.label").string()}), 2);  // no lh./rh. in the name

  EXPECT_EQ(select({"--roi", "PPA"}), 2);                   // unknown name
  EXPECT_EQ(select({"--roi", "FFA@xh"}), 2);                // unknown hemisphere
  EXPECT_EQ(select({"--vertex", "lh:642"}), 2);             // the sphere has 642 vertices
  EXPECT_EQ(select({"--roi", "FFA@rh"}), 2);                // no FFA vertex on the right: no columns
  EXPECT_EQ(select({"--roi", "FFA", "--vertex", "lh:1"}), 2);  // two targets
}

TEST(StudyModelCommands, SelectTakesAUnionOfRoisNamedWithCommas) {
  fixtures::SmallStudyFolder folder;
  // The fixture's set again with OFA beside FFA: vertices 50-79, whose columns are 51, 54, ..., 78 (10 columns).
  core::LabelMap rois{core::Hemisphere::Left, "x", std::vector<std::int32_t>(folder.left.vertexCount(), 0), {}};
  rois.labels = {{0, "???", {0, 0, 0, 0}}, {7, "FFA", {1, 0, 0, 1}}, {8, "OFA", {0, 1, 0, 1}}};
  for (std::size_t v = 0; v < 80; ++v) rois.keys[v] = v < 50 ? 7 : 8;
  core::writeGiftiLabels(folder.dir.path / "rois/lh.planted.label.gii", rois);
  const auto embedderFolder = folder.dir.path / "embedder";
  fixtures::writeImageEmbedder(embedderFolder);
  const auto out = folder.dir.path / "selection";
  // The selection.json of `--roi roi`, or nothing when the command refuses it.
  auto selectionOf = [&](const std::string& roi) -> std::optional<nlohmann::json> {
    const std::vector<std::string> argv = {"voxellens-full", "select", "--study", folder.dir.path.string(),
                                           "--embedder", embedderFolder.string(), "--out", out.string(),
                                           "--roi", roi, "--top", "3"};
    if (runCommandLine(argv, &fullCommandLine()) != 0) return std::nullopt;
    return nlohmann::json::parse(std::ifstream(out / "selection.json"));
  };
  const auto ffa = selectionOf("FFA"), ofa = selectionOf("OFA"), both = selectionOf("FFA,OFA@lh");
  ASSERT_TRUE(ffa && ofa && both);
  EXPECT_EQ(ffa->at("columns").size(), 17u);
  EXPECT_EQ(ofa->at("columns").size(), 10u);
  std::vector<int> expected = ffa->at("columns").get<std::vector<int>>();
  for (int c : ofa->at("columns").get<std::vector<int>>()) expected.push_back(c);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(both->at("columns").get<std::vector<int>>(), expected);
  EXPECT_EQ(both->at("target").at("roi"), "FFA+OFA");
  // The set named once for every name; the order of the names does not change the columns.
  const auto named = selectionOf("planted:OFA,FFA");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->at("columns"), both->at("columns"));
  EXPECT_EQ(named->at("target").at("roi"), "OFA+FFA");
  EXPECT_FALSE(selectionOf("FFA,PPA"));   // one unknown name refuses the whole target
  EXPECT_FALSE(selectionOf("FFA,,OFA"));  // an empty name
  EXPECT_FALSE(selectionOf("FFA,"));
}

}  // namespace
}  // namespace vl::app
