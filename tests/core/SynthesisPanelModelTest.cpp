// The synthesis panel's rules without Qt: Start needs a target with columns and is refused while running, frames
// grow one trace per start and replace the previews, the plot range covers traces and reference lines, and a run
// ends finished, cancelled or failed with a status that says which.
#include <gtest/gtest.h>

#include <cmath>

#include "core/panels/SynthesisPanelModel.h"

namespace vl::core {
namespace {

SelectionTarget targetWith(std::vector<std::size_t> columns) {
  SelectionTarget target;
  target.roiSet = "planted ROIs";
  target.roiName = "FFA";
  target.hemispheres = {Hemisphere::Left};
  target.columns = std::move(columns);
  return target;
}

TEST(SynthesisPanelModel, StartNeedsATargetWithColumnsAndIsRefusedWhileRunning) {
  SynthesisPanelModel model;
  EXPECT_NE(model.whyNotStartable().find("no target"), std::string::npos);
  EXPECT_FALSE(model.start());
  model.setTarget(targetWith({}));
  EXPECT_NE(model.whyNotStartable().find("no fitted columns"), std::string::npos);
  EXPECT_FALSE(model.start());
  model.setTarget(targetWith({3, 4}));
  EXPECT_EQ(model.whyNotStartable(), "");
  model.setStarts(3);
  ASSERT_TRUE(model.start());
  EXPECT_TRUE(model.running());
  EXPECT_FALSE(model.start());
  model.setTarget(targetWith({9}));  // ignored while running
  EXPECT_EQ(model.target()->columns, (std::vector<std::size_t>{3, 4}));
}

TEST(SynthesisPanelModel, FramesGrowTracesAndReplacePreviews) {
  SynthesisPanelModel model;
  model.setTarget(targetWith({1}));
  model.setStarts(2);
  ASSERT_TRUE(model.start());
  model.setReferences({0.1, 0.8, 1.0});
  const auto previewsBefore = model.previewVersion();
  model.addFrame(0, {0.2, 0.3}, {StimulusImage{1, 1, {1, 2, 3}}, StimulusImage{1, 1, {4, 5, 6}}});
  model.addFrame(1, {0.5, NAN}, {});
  ASSERT_EQ(model.traces().size(), 2u);
  EXPECT_EQ(model.traces()[0].size(), 2u);
  EXPECT_EQ(model.traces()[1].size(), 1u);  // the NaN of a failed start is not plotted
  EXPECT_EQ(model.traces()[0].back(), (std::pair<int, double>{1, 0.5}));
  EXPECT_EQ(model.previews().size(), 2u);
  EXPECT_EQ(model.previewVersion(), previewsBefore + 1);
  EXPECT_EQ(model.lastStep(), 1);
  const auto [low, high] = model.scoreRange();
  EXPECT_NEAR(low, 0.1 - 0.045, 1e-9);  // references 0.1..1.0, 5 % margin
  EXPECT_NEAR(high, 1.0 + 0.045, 1e-9);
  EXPECT_EQ(model.status(), "step 1 of at most 150");
}

TEST(SynthesisPanelModel, RunsEndFinishedCancelledOrFailed) {
  SynthesisPanelModel model;
  model.setTarget(targetWith({1}));
  ASSERT_TRUE(model.start());
  model.addFrame(4, {1.0}, {});
  model.cancelled();
  EXPECT_EQ(model.status(), "cancelled at step 4");
  ASSERT_TRUE(model.start());
  EXPECT_TRUE(model.traces()[0].empty());  // a new run starts clean
  SynthesisPanelImage image;
  image.judge = "face";
  model.finish({image}, {"start 2: the objective became NaN at step 7"});
  EXPECT_EQ(model.ranked().size(), 1u);
  EXPECT_NE(model.status().find("1 failed (start 2"), std::string::npos);
  ASSERT_TRUE(model.start());
  model.failed("no generator");
  EXPECT_EQ(model.status(), "failed: no generator");
}

}  // namespace
}  // namespace vl::core
