// The Reconstruction panel's rules (core/panels/ReconstructionPanelModel), without Qt: the first 8 test trials
// chosen, typed trial lists, when Run is possible, the run's states and the score lines with data, chance and
// ceiling.
#include <gtest/gtest.h>

#include <cmath>

#include "core/panels/ReconstructionPanelModel.h"

namespace vl::core {
namespace {

SelectionTarget targetWith(std::size_t columns) {
  SelectionTarget t;
  t.roiSet = "planted";
  t.roiName = "FFA";
  t.hemispheres = {Hemisphere::Left};
  for (std::size_t c = 0; c < columns; ++c) t.columns.push_back(3 * c);
  return t;
}

TEST(ReconstructionPanelModel, FirstEightTrialsAreChosenAndTypedListsAreChecked) {
  ReconstructionPanelModel model;
  model.setTestTrials(300);
  EXPECT_EQ(model.chosenTrials(), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(model.chosenTrialsText(), "0-7");
  std::string error;
  ASSERT_TRUE(model.setChosenTrials(" 12, 3-5 ,40", error)) << error;
  EXPECT_EQ(model.chosenTrials(), (std::vector<std::size_t>{3, 4, 5, 12, 40}));
  EXPECT_EQ(model.chosenTrialsText(), "3-5, 12, 40");
  EXPECT_FALSE(model.setChosenTrials("3, 300", error));
  EXPECT_NE(error.find("300 test trials"), std::string::npos) << error;
  EXPECT_FALSE(model.setChosenTrials("5-2", error));
  EXPECT_FALSE(model.setChosenTrials("a", error));
  EXPECT_FALSE(model.setChosenTrials("1 2", error));
  EXPECT_EQ(model.chosenTrials().size(), 5u);  // unchanged by the rejected lists
  model.setChosenTrials(std::vector<std::size_t>{9, 9, 2, 301});
  EXPECT_EQ(model.chosenTrials(), (std::vector<std::size_t>{2, 9}));
  model.setTestTrials(4);
  EXPECT_EQ(model.chosenTrials().size(), 4u);
}

TEST(ReconstructionPanelModel, RunNeedsInputsTrialsAndATargetOfTheSource) {
  ReconstructionPanelModel model;
  model.setTestTrials(300);
  EXPECT_NE(model.whyNotRunnable().find("Waiting"), std::string::npos);
  EXPECT_FALSE(model.start());
  model.setInputsReady(true);
  EXPECT_EQ(model.whyNotRunnable(), "");
  EXPECT_TRUE(model.columns().empty());
  model.setSource(ReconstructionSource::SelectivityTarget);
  EXPECT_NE(model.whyNotRunnable().find("No selectivity target"), std::string::npos);
  model.setSelectivityTarget(targetWith(5));
  EXPECT_NE(model.whyNotRunnable().find("at least 10"), std::string::npos);
  model.setSelectivityTarget(targetWith(29));
  EXPECT_EQ(model.whyNotRunnable(), "");
  EXPECT_EQ(model.columns().size(), 29u);
  EXPECT_EQ(model.columns()[1], 3);
  model.setSource(ReconstructionSource::DrawnRoi);
  EXPECT_NE(model.whyNotRunnable().find("No drawn ROI"), std::string::npos);
  model.setDrawnTarget(targetWith(12));
  EXPECT_EQ(model.columns().size(), 12u);
  model.setChosenTrials(std::vector<std::size_t>{4});
  EXPECT_NE(model.whyNotRunnable().find("at least 2"), std::string::npos);
}

TEST(ReconstructionPanelModel, RunStatesAndScoreLines) {
  ReconstructionPanelModel model;
  model.setTestTrials(300);
  model.setInputsReady(true);
  ASSERT_TRUE(model.start());
  EXPECT_TRUE(model.running());
  EXPECT_FALSE(model.start());
  model.setSource(ReconstructionSource::DrawnRoi);  // ignored while running
  EXPECT_EQ(model.source(), ReconstructionSource::WholeCortex);
  model.setProgress(0.5, "Fitting");
  EXPECT_EQ(model.status(), "Running: 50% Fitting");
  ReconstructionPanelScores scores;
  scores.brainToImage = 0.833;
  scores.imageToBrain = 0.907;
  scores.chance = 1.0 / 300;
  scores.ways = 300;
  scores.columns = 1000;
  scores.ceiling = std::make_pair(0.987, 0.997);
  scores.combined = {0.3, 0.88, 0.77, std::nan("")};
  scores.reconstructed = 8;
  scores.data = "repeat means (3 trials each)";
  std::vector<ReconstructionPanelRow> rows(8);
  model.finish(rows, scores);
  EXPECT_EQ(model.state(), ReconstructionPanelModel::State::Finished);
  EXPECT_EQ(model.rows().size(), 8u);
  const auto lines = model.scoreLines();
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  EXPECT_NE(all.find("repeat means (3 trials each)"), std::string::npos) << all;
  EXPECT_NE(all.find("300-way top-1 (forward model): brain -> image 0.833, image -> brain 0.907 (chance 0.0033)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("Planted ceiling: brain -> image 0.987, image -> brain 0.997"), std::string::npos) << all;
  EXPECT_NE(all.find("Combined: PixCorr 0.300, SSIM 0.880, 2-way embedding 0.770, 2-way Gabor n/a"),
            std::string::npos)
      << all;
  model.failed("boom");
  EXPECT_EQ(model.status(), "Failed: boom");
}

TEST(ReconstructionPanelModel, NamesTheContrastiveDecoderInItsScores) {
  ReconstructionPanelModel model;
  model.setTestTrials(300);
  model.setMethod(ReconstructionMethod::Contrastive);
  EXPECT_EQ(model.method(), ReconstructionMethod::Contrastive);
  model.setInputsReady(true);
  ASSERT_TRUE(model.start());
  ReconstructionPanelScores scores;
  scores.brainToImage = 0.45;
  scores.imageToBrain = 0.5;
  scores.chance = 1.0 / 300;
  scores.ways = 300;
  scores.columns = 2000;
  scores.data = "repeat means (3 trials each)";
  model.finish(std::vector<ReconstructionPanelRow>(2), scores);
  std::string all;
  for (const auto& line : model.scoreLines()) all += line + "\n";
  EXPECT_NE(all.find("300-way top-1 (contrastive decoder): brain -> image 0.450, image -> brain 0.500"),
            std::string::npos)
      << all;
  EXPECT_EQ(methodName(ReconstructionMethod::Ridge), "ridge decoder");
}

TEST(ReconstructionPanelModel, RunsADecoderBundleOnlyWhenOneFitsAndOnTheWholeCortex) {
  ReconstructionPanelModel model;
  model.setTestTrials(300);
  model.setInputsReady(true);
  model.setMethod(ReconstructionMethod::DecoderBundle);
  EXPECT_EQ(model.whyNotRunnable(), "No brain_decoder bundle is installed");
  model.setDecoderBundle("", "no brain_decoder bundle reads this study's 5871 response columns");
  EXPECT_EQ(model.whyNotRunnable(), "no brain_decoder bundle reads this study's 5871 response columns");
  EXPECT_FALSE(model.start());
  model.setDecoderBundle("my-decoder");
  EXPECT_EQ(model.decoderBundle(), "my-decoder");
  model.setSource(ReconstructionSource::DrawnRoi);
  model.setDrawnTarget(targetWith(12));
  EXPECT_NE(model.whyNotRunnable().find("reads the whole cortex"), std::string::npos) << model.whyNotRunnable();
  model.setSource(ReconstructionSource::WholeCortex);
  EXPECT_EQ(model.whyNotRunnable(), "");
  ASSERT_TRUE(model.start());
  ReconstructionPanelScores scores;
  scores.brainToImage = 0.25;
  scores.imageToBrain = 0.29;
  scores.chance = 1.0 / 300;
  scores.ways = 300;
  scores.columns = 5871;
  scores.data = "repeat means (3 trials each)";
  model.finish(std::vector<ReconstructionPanelRow>(2), scores);
  model.setMethod(ReconstructionMethod::Forward);  // after the run: the scores still name what made them
  std::string all;
  for (const auto& line : model.scoreLines()) all += line + "\n";
  EXPECT_NE(all.find("300-way top-1 (decoder bundle my-decoder): brain -> image 0.250, image -> brain 0.290"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace vl::core
