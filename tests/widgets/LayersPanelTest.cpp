// The Layers dock's "Sample at" boxes: one per hemisphere, white by default whatever is shown, and bound both ways
// to the study's reference surface.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QTreeWidget>

#include "core/geometry/Icosphere.h"
#include "widgets/LayersPanel.h"
#include "widgets/StudyAdapter.h"

using namespace vl;

namespace {
std::shared_ptr<core::Study> inflatedShownStudy() {
  auto study = std::make_shared<core::Study>();
  auto white = std::make_shared<core::Surface>(core::makeIcosphere(1, 10.0f));
  white->kind = core::SurfaceKind::White;
  auto inflated = std::make_shared<core::Surface>(core::makeIcosphere(1, 30.0f));
  inflated->kind = core::SurfaceKind::Inflated;
  study->setSurfaces(core::Hemisphere::Left, {white, inflated});
  study->setShownSurface(core::Hemisphere::Left, 1);
  return study;
}
}  // namespace

TEST(LayersPanel, SampleAtShowsTheWhiteSurfaceAndSetsTheStudysReferenceSurface) {
  widgets::StudyAdapter adapter;
  widgets::LayersPanel panel(&adapter);
  auto study = inflatedShownStudy();
  adapter.setStudy(study);
  panel.show();
  auto* left = panel.sampleAtBox(core::Hemisphere::Left);
  ASSERT_EQ(left->count(), 2);
  EXPECT_EQ(left->itemText(0), QStringLiteral("white"));
  EXPECT_EQ(left->currentIndex(), 0);  // white, although the inflated surface is shown
  EXPECT_FALSE(panel.sampleAtBox(core::Hemisphere::Right)->isVisible());  // no right hemisphere

  int heard = 0;
  study->addListener([&](const core::StudyChange& change) { heard += change.kind == core::StudyChange::Kind::ReferenceSurface; });
  left->setCurrentIndex(1);
  EXPECT_EQ(study->referenceSurface(core::Hemisphere::Left), study->hemisphere(core::Hemisphere::Left).surfaces[1]);
  EXPECT_EQ(heard, 1);
  EXPECT_EQ(study->shownSurface(core::Hemisphere::Left)->kind, core::SurfaceKind::Inflated);  // display unchanged

  // A change made elsewhere shows in the box and in the tree.
  study->setReferenceSurface(core::Hemisphere::Left, 0);
  left = panel.sampleAtBox(core::Hemisphere::Left);
  EXPECT_EQ(left->currentIndex(), 0);
  const auto* hemisphere = panel.tree()->topLevelItem(0);
  EXPECT_TRUE(hemisphere->child(0)->text(1).contains(QStringLiteral("volumes sampled here")));
  EXPECT_FALSE(hemisphere->child(1)->text(1).contains(QStringLiteral("volumes sampled here")));
}

// A checkbox click changes the document from inside the item's itemChanged signal; the panel's rebuild must wait
// for the event loop instead of deleting that item while Qt is still in its setData (a crash now and then).
TEST(LayersPanel, ACheckboxChangeRebuildsTheTreeAfterTheItemChangeNotDuringIt) {
  widgets::StudyAdapter adapter;
  widgets::LayersPanel panel(&adapter);
  auto study = inflatedShownStudy();
  adapter.setStudy(study);
  panel.show();
  QTreeWidgetItem* hemisphere = panel.tree()->topLevelItem(0);
  hemisphere->setCheckState(0, Qt::Unchecked);
  EXPECT_FALSE(study->hemisphere(core::Hemisphere::Left).visible);
  EXPECT_EQ(panel.tree()->topLevelItem(0), hemisphere);  // still the same, live item
  EXPECT_EQ(hemisphere->checkState(0), Qt::Unchecked);
  QCoreApplication::processEvents();
  const auto* rebuilt = panel.tree()->topLevelItem(0);
  ASSERT_NE(rebuilt, nullptr);
  EXPECT_EQ(rebuilt->checkState(0), Qt::Unchecked);  // rebuilt from the document
  // A change from elsewhere still shows at once.
  study->setHemisphereVisible(core::Hemisphere::Left, true);
  EXPECT_EQ(panel.tree()->topLevelItem(0)->checkState(0), Qt::Checked);
}
