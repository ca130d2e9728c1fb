// The no-label entry of a label table ("???" in GIfTI, "unknown" in FreeSurfer) is not a region: hovering it says
// nothing, clicking it selects nothing, the Inspector and the ROIs dock call it "unlabelled".
#include <gtest/gtest.h>

#include <QApplication>
#include <QTreeWidget>

#include "core/model/LabelNames.h"
#include "core/model/VertexInspection.h"
#include "tests/support/TestSurfaces.h"
#include "widgets/RoiHoverText.h"
#include "widgets/RoiPanel.h"
#include "widgets/StudyAdapter.h"

using namespace vl;

namespace {
// Left hemisphere: vertex 0 carries key 0 ("???", transparent), every other vertex key 5 ("V1"); right: all "V1".
std::shared_ptr<core::Parcellation> giftiStyleSet(const core::Study& study) {
  auto set = std::make_shared<core::Parcellation>();
  set->name = "visual";
  set->labels = {{0, "???", {0.0f, 0.0f, 0.0f, 0.0f}}, {5, "V1", {0.9f, 0.1f, 0.1f, 1.0f}}};
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto& keys = set->keys[core::hemisphereIndex(side)];
    keys.assign(study.shownSurface(side)->vertexCount(), 5);
    if (side == core::Hemisphere::Left) keys[0] = 0;
  }
  return set;
}
}  // namespace

TEST(LabelNames, NoLabelEntriesAreUnlabelledAndRegionsKeepTheirNames) {
  EXPECT_TRUE(core::isUnlabelled({0, "???", {0, 0, 0, 0}}));
  EXPECT_TRUE(core::isUnlabelled({0, "unknown", {0.1f, 0.1f, 0.1f, 1}}));
  EXPECT_TRUE(core::isUnlabelled({3, "cortex", {1, 1, 1, 0}}));  // transparent: draws as no colour
  EXPECT_FALSE(core::isUnlabelled({1, "FFA", {1, 0, 0, 1}}));
  EXPECT_EQ(core::displayName({0, "???", {0, 0, 0, 0}}), "unlabelled");
  EXPECT_EQ(core::displayName({1, "FFA", {1, 0, 0, 1}}), "FFA");
}

TEST(LabelNames, HoverClickInspectorAndRoiDockNeverShowTheNoLabelEntry) {
  auto study = fixtures::makeSphereStudy(2);
  study->addRoiSet(giftiStyleSet(*study));
  EXPECT_TRUE(widgets::roiHoverText(*study, core::Hemisphere::Left, 0).isEmpty());
  EXPECT_FALSE(widgets::roiAtVertex(*study, core::Hemisphere::Left, 0).has_value());
  EXPECT_EQ(widgets::roiHoverText(*study, core::Hemisphere::Left, 1), QStringLiteral("visual: V1"));
  ASSERT_TRUE(widgets::roiAtVertex(*study, core::Hemisphere::Left, 1).has_value());

  const auto report = core::inspectVertex(*study, core::Hemisphere::Left, 0);
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->rois.size(), 1u);
  EXPECT_EQ(report->rois[0].label, "unlabelled");

  widgets::StudyAdapter adapter;
  adapter.setStudy(study);
  widgets::RoiPanel panel(&adapter);
  const auto* tree = panel.findChild<QTreeWidget*>();
  ASSERT_NE(tree, nullptr);
  QStringList names;
  for (int i = 0; i < tree->topLevelItem(0)->childCount(); ++i) names << tree->topLevelItem(0)->child(i)->text(0);
  EXPECT_EQ(names, (QStringList{"unlabelled", "V1"}));
}
