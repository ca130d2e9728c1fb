// The Selectivity dock binds a result without computing anything: reliability beside it (with a plain warning
// when the split-half overlap is low), galleries that mark fitted and held-out images, the receptive field in
// degrees or pixels, pinning up to four targets side by side, and a target without columns said as such.
#include <gtest/gtest.h>

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <cmath>

#include "widgets/SelectivityFieldMap.h"
#include "widgets/SelectivityGallery.h"
#include "widgets/SelectivityPanel.h"

using namespace vl;

namespace {

// A result for an ROI `name` whose top images alternate fitted and held out.
std::shared_ptr<widgets::SelectivityView> viewFor(const std::string& name, double overlap, std::size_t k = 16) {
  auto view = std::make_shared<widgets::SelectivityView>();
  auto& r = view->result;
  r.target.roiSet = "planted ROIs";
  r.target.roiName = name;
  r.target.hemispheres = {core::Hemisphere::Left, core::Hemisphere::Right};
  r.target.columns = {3, 4, 5, 9};
  r.reliability.columns = 4;
  r.reliability.medianNoiseCeiling = std::nan("");
  r.reliability.medianTestR2 = 0.21;
  r.reliability.splitHalfOverlap = overlap;
  r.reliability.splitHalfK = k;
  r.caption = "a smiling face";
  r.nearestCaptions = {{0, "a smiling face", 0.91}, {1, "a face in profile", 0.88}};
  r.keywords = {{"face", 1.0}, {"smiling", 0.4}};
  core::ReceptiveField rf;
  rf.grid = 4;
  rf.map.assign(16, 0.0);
  rf.map[3] = 1.0;  // top right
  rf.x = 3, rf.y = 3, rf.polarAngleDeg = 45, rf.eccentricity = std::hypot(3.0, 3.0), rf.inDegrees = true;
  r.receptiveField = rf;
  r.receptiveFieldData = "measured responses";
  view->fieldWidth = 8;
  QImage grey(8, 8, QImage::Format_RGB32);
  grey.fill(Qt::gray);
  for (std::size_t i = 0; i < k; ++i) {
    core::RankedImage ranked{i * 10, 1.0 - 0.01 * double(i), 0, i % 2 == 0};
    view->top.push_back({ranked, grey, QStringLiteral("caption %1").arg(i)});
    view->bottom.push_back({ranked, grey, {}});
  }
  return view;
}

}  // namespace

TEST(SelectivityPanel, ShowsReliabilityCaptionFieldAndGalleries) {
  widgets::SelectivityPanel panel;
  QSignalSpy changed(&panel, &widgets::SelectivityPanel::targetChanged);
  panel.showResult(viewFor("FFA", 0.8));
  ASSERT_EQ(changed.size(), 1);
  EXPECT_EQ(changed.front().at(0).toULongLong(), panel.model().version());
  EXPECT_TRUE(panel.targetLabel()->text().contains(QStringLiteral("4 columns")));
  const QString reliability = panel.reliabilityLabel()->text();
  EXPECT_TRUE(reliability.contains(QStringLiteral("4 columns"))) << reliability.toStdString();
  EXPECT_TRUE(reliability.contains(QStringLiteral("noise ceiling n/a"))) << reliability.toStdString();
  EXPECT_TRUE(reliability.contains(QStringLiteral("0.210")));
  EXPECT_FALSE(reliability.contains(QStringLiteral("Low overlap")));
  EXPECT_TRUE(panel.captionLabel()->text().contains(QStringLiteral("a smiling face")));
  EXPECT_TRUE(panel.receptiveFieldLabel()->text().contains(QStringLiteral("polar angle 45")));
  EXPECT_EQ(panel.topGallery()->count(), 16);
  EXPECT_EQ(panel.topGallery()->stimulusAt(3), 30);
  EXPECT_TRUE(panel.topGallery()->item(1)->toolTip().contains(QStringLiteral("held out")));
  EXPECT_TRUE(panel.topGallery()->item(0)->toolTip().contains(QStringLiteral("fitted")));
  // The bar under a thumbnail says fitted (blue) or held out (orange).
  const QImage fitted = panel.topGallery()->item(0)->icon().pixmap(panel.topGallery()->iconSize()).toImage();
  const QImage heldOut = panel.topGallery()->item(1)->icon().pixmap(panel.topGallery()->iconSize()).toImage();
  EXPECT_EQ(QColor(fitted.pixel(fitted.width() / 2, fitted.height() - 2)), widgets::kFittedImageColour);
  EXPECT_EQ(QColor(heldOut.pixel(heldOut.width() / 2, heldOut.height() - 2)), widgets::kHeldOutImageColour);
}

TEST(SelectivityPanel, WarnsInPlainWordsWhenTheSplitHalfOverlapIsLow) {
  core::TargetReliability low;
  low.columns = 12;
  low.medianNoiseCeiling = 40.0;
  low.noiseCeilingTrials = 3;
  low.medianTestR2 = 0.05;
  low.splitHalfOverlap = 0.2;
  low.splitHalfK = 16;
  const auto text = widgets::reliabilityText(low);
  EXPECT_TRUE(text.contains(QStringLiteral("Low overlap"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("noise")));
  EXPECT_TRUE(text.contains(QStringLiteral("noise ceiling 40%")));
  EXPECT_TRUE(text.contains(QStringLiteral("40% for 3-trial means"))) << text.toStdString();
  auto high = low;
  high.splitHalfOverlap = 0.9;
  EXPECT_FALSE(widgets::reliabilityText(high).contains(QStringLiteral("Low overlap")));
}

TEST(SelectivityPanel, ReceptiveFieldSaysPixelsWithoutAFieldOfViewAndMarksThePeak) {
  core::ReceptiveField rf;
  rf.grid = 4;
  rf.map.assign(16, 0.0);
  rf.x = 40, rf.y = 40, rf.inDegrees = false;
  EXPECT_TRUE(widgets::receptiveFieldText(rf).startsWith(QStringLiteral("pixels: field of view unknown")));
  core::ReceptiveField atFixation = rf;
  atFixation.x = atFixation.y = 0.01, atFixation.eccentricity = 0.014, atFixation.inDegrees = true;
  EXPECT_TRUE(widgets::receptiveFieldText(atFixation).contains(QStringLiteral("at fixation")));
  // A peak in the top-right quarter of a 160-pixel field: the ring is drawn there (white), not at the bottom left.
  const QImage image = widgets::receptiveFieldImage(rf, 160, 100);
  auto whiteIn = [&](QRect area) {
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
      for (int x = area.left(); x <= area.right(); ++x) n += image.pixel(x, y) == qRgb(255, 255, 255);
    return n;
  };
  EXPECT_GT(whiteIn(QRect(50, 0, 50, 50)), 10);
  EXPECT_EQ(whiteIn(QRect(0, 50, 50, 50)), 0);
}

TEST(SelectivityPanel, PinsUpToFourTargetsSideBySideAndUnpinsEach) {
  widgets::SelectivityPanel panel;
  EXPECT_FALSE(panel.pinButton()->isEnabled());
  const char* names[] = {"FFA", "PPA", "EBA", "VWFA", "V1"};
  for (const char* name : names) {
    panel.showResult(viewFor(name, 0.8, 8));
    if (panel.pinButton()->isEnabled()) panel.pinButton()->click();
  }
  ASSERT_EQ(panel.model().pinned().size(), 4u);
  EXPECT_FALSE(panel.pinButton()->isEnabled()) << "four are pinned";
  const auto galleries = panel.pinnedGalleries();
  ASSERT_EQ(galleries.size(), 4u);
  for (auto* gallery : galleries) EXPECT_EQ(gallery->count(), 8);
  auto* unpin = panel.findChild<QToolButton*>(QStringLiteral("selectivityUnpin1"));
  ASSERT_NE(unpin, nullptr);
  unpin->click();
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  ASSERT_EQ(panel.model().pinned().size(), 3u);
  EXPECT_EQ(panel.model().pinned()[1].roiName, "EBA");
  EXPECT_EQ(panel.pinnedGalleries().size(), 3u);
  EXPECT_TRUE(panel.pinButton()->isEnabled());
}

TEST(SelectivityPanel, ATargetWithoutColumnsSaysSoAndClearsTheResults) {
  widgets::SelectivityPanel panel;
  panel.showResult(viewFor("FFA", 0.8));
  core::SelectionTarget empty;
  empty.source = core::TargetSource::Disc;
  empty.vertex = 12;
  empty.radiusMm = 1;
  panel.showTargetWithoutColumns(empty);
  EXPECT_TRUE(panel.targetLabel()->text().contains(QStringLiteral("no fitted columns")));
  EXPECT_TRUE(panel.targetLabel()->text().contains(QStringLiteral("larger disc radius")));
  EXPECT_EQ(panel.topGallery()->count(), 0);
  EXPECT_TRUE(panel.reliabilityLabel()->text().isEmpty());
  EXPECT_FALSE(panel.current());
}
