#include "core/panels/SelectivityPanelModel.h"

#include <gtest/gtest.h>

namespace vl::core {
namespace {

SelectionTarget roi(const char* name, std::vector<std::size_t> columns) {
  SelectionTarget target;
  target.roiSet = "planted ROIs";
  target.roiName = name;
  target.hemispheres = {Hemisphere::Left};
  target.columns = std::move(columns);
  return target;
}

TEST(SelectivityPanelModel, PinsUpToFourDistinctTargets) {
  SelectivityPanelModel model;
  EXPECT_FALSE(model.pinCurrent());  // nothing to pin
  EXPECT_FALSE(model.currentHasColumns());
  const char* names[] = {"FFA", "PPA", "EBA", "VWFA", "food"};
  for (std::size_t i = 0; i < 5; ++i) {
    model.setCurrent(roi(names[i], {i}));
    EXPECT_EQ(model.pinCurrent(), i < 4) << names[i];
  }
  ASSERT_EQ(model.pinned().size(), 4u);
  EXPECT_EQ(model.pinned()[3].roiName, "VWFA");
  model.unpin(0);
  model.unpin(9);  // ignored
  ASSERT_EQ(model.pinned().size(), 3u);
  EXPECT_EQ(model.pinned()[0].roiName, "PPA");
  model.setCurrent(roi("PPA", {1}));
  EXPECT_FALSE(model.pinCurrent());  // pinned already
  model.setCurrent(roi("empty", {}));
  EXPECT_FALSE(model.currentHasColumns());
}

TEST(SelectivityPanelModel, ClampsRadiusAndTopKAndCountsChanges) {
  SelectivityPanelModel model;
  EXPECT_FLOAT_EQ(model.discRadiusMm(), 6.0f);
  EXPECT_EQ(model.topK(), 16u);
  const auto before = model.version();
  model.setDiscRadiusMm(0.0f);
  EXPECT_FLOAT_EQ(model.discRadiusMm(), SelectivityPanelModel::kMinRadiusMm);
  model.setTopK(100);
  EXPECT_EQ(model.topK(), 64u);
  model.setTopK(0);
  EXPECT_EQ(model.topK(), 1u);
  EXPECT_EQ(model.version(), before + 3);
  model.setTopK(1);  // unchanged: no new version
  EXPECT_EQ(model.version(), before + 3);
}

TEST(SelectivityPanelModel, WeightByR2IsOffByDefaultAndCountsAsAChange) {
  SelectivityPanelModel model;
  EXPECT_FALSE(model.weightByR2());
  const auto before = model.version();
  model.setWeightByR2(true);
  EXPECT_TRUE(model.weightByR2());
  EXPECT_EQ(model.version(), before + 1);
  model.setWeightByR2(true);
  EXPECT_EQ(model.version(), before + 1);
}

}  // namespace
}  // namespace vl::core
