// The Draw ROI panel on a real BrainView under Xvfb: a click in disc mode grows a disc, a drag in brush mode
// paints instead of rotating, a large disc is computed in a background job, Undo and the radius box follow the
// panel model.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include "render/CameraState.h"
#include "tests/support/TestSurfaces.h"
#include "widgets/BrainView.h"
#include "widgets/JobRunner.h"
#include "widgets/RoiDrawPanel.h"
#include "widgets/StudyAdapter.h"

using namespace vl;

namespace {
std::size_t drawnVertices(const core::Study& study) {
  std::size_t count = 0;
  for (const auto& entry : study.roiSets())
    if (entry.data->name == core::RoiDrawPanelModel::kSetName)
      for (const auto& keys : entry.data->keys) count += std::count_if(keys.begin(), keys.end(), [](auto k) { return k != 0; });
  return count;
}

struct Fixture {
  widgets::StudyAdapter adapter;
  widgets::JobRunner jobs{1};
  widgets::BrainView view;
  std::unique_ptr<widgets::RoiDrawPanel> panel;
  std::shared_ptr<core::Study> study = fixtures::makeSphereStudy(4, 50.0f);
  Fixture() {
    view.resize(400, 300);
    adapter.setStudy(study);
    view.setStudy(study);
    panel = std::make_unique<widgets::RoiDrawPanel>(&adapter, &view, &jobs);
    view.show();
    panel->show();
    // Left sphere only, seen from the side: the centre of the view is on it.
    view.applyViewPreset({render::View::Lateral, core::Hemisphere::Left});
  }
  QPoint centre() const { return QPoint(view.width() / 2, view.height() / 2); }
};
}  // namespace

TEST(RoiDrawPanel, ClickWithTheDiscToolGrowsADiscAndUndoRemovesIt) {
  Fixture f;
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&f.view));
  QTest::qWait(50);
  // Drawing off: a click only inspects.
  QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.centre());
  EXPECT_EQ(drawnVertices(*f.study), 0u);

  f.panel->setDrawing(true);
  f.panel->findChild<QDoubleSpinBox*>("radius")->setValue(12.0);
  QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.centre());
  const std::size_t disc = drawnVertices(*f.study);
  // 12 mm on a 50 mm sphere: a cap of (1 - cos 0.24) / 2 = 1.43% of its 2562 vertices, about 37.
  EXPECT_GT(disc, 28u);
  EXPECT_LT(disc, 48u);
  EXPECT_EQ(f.study->roiSets().back().data->name, core::RoiDrawPanelModel::kSetName);
  EXPECT_TRUE(f.panel->statusLabel()->text().contains(QString::number(disc)));

  auto* undo = f.panel->findChild<QPushButton*>("undo");
  ASSERT_TRUE(undo->isEnabled());
  undo->click();
  EXPECT_EQ(drawnVertices(*f.study), 0u);
  EXPECT_FALSE(undo->isEnabled());
}

TEST(RoiDrawPanel, BrushDragPaintsInsteadOfRotating) {
  Fixture f;
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&f.view));
  QTest::qWait(50);
  f.panel->setDrawing(true);
  f.panel->findChild<QToolButton*>("toolBrush")->click();
  EXPECT_TRUE(f.view.drawingMode());
  f.panel->findChild<QDoubleSpinBox*>("radius")->setValue(4.0);
  const auto before = f.view.scene().cameraState();
  QSignalSpy picks(&f.view, &widgets::BrainView::strokePicked);
  QTest::mousePress(&f.view, Qt::LeftButton, {}, f.centre());
  for (int step = 1; step <= 8; ++step) {
    QTest::qWait(widgets::BrainView::kStrokePickIntervalMs + 5);
    QMouseEvent move(QEvent::MouseMove, QPointF(f.centre() + QPoint(12 * step, 0)),
                     f.view.mapToGlobal(QPointF(f.centre() + QPoint(12 * step, 0))), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(&f.view, &move);
  }
  QTest::mouseRelease(&f.view, Qt::LeftButton, {}, f.centre() + QPoint(96, 0));
  EXPECT_GE(picks.count(), 5);
  const auto after = f.view.scene().cameraState();
  EXPECT_EQ(before.position, after.position) << "a brush drag must not rotate the camera";
  // A 96-pixel stroke with a 4 mm brush covers more than one 4 mm disc (about 8 vertices) would.
  const std::size_t painted = drawnVertices(*f.study);
  EXPECT_GT(painted, 20u);
  // One stroke, one undo.
  f.panel->findChild<QPushButton*>("undo")->click();
  EXPECT_EQ(drawnVertices(*f.study), 0u);

  // Drawing off: the same drag rotates again.
  f.panel->setDrawing(false);
  EXPECT_FALSE(f.view.drawingMode());
  QTest::mousePress(&f.view, Qt::LeftButton, {}, f.centre());
  for (int step = 1; step <= 4; ++step) {
    QMouseEvent move(QEvent::MouseMove, QPointF(f.centre() + QPoint(15 * step, 0)),
                     f.view.mapToGlobal(QPointF(f.centre() + QPoint(15 * step, 0))), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(&f.view, &move);
  }
  QTest::mouseRelease(&f.view, Qt::LeftButton, {}, f.centre() + QPoint(60, 0));
  EXPECT_NE(before.position, f.view.scene().cameraState().position);
}

TEST(RoiDrawPanel, LargeDiscIsComputedInTheBackground) {
  Fixture f;
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&f.view));
  QTest::qWait(50);
  f.panel->setDrawing(true);
  f.panel->findChild<QDoubleSpinBox*>("radius")->setValue(60.0);
  QSignalSpy done(f.panel.get(), &widgets::RoiDrawPanel::backgroundDiscDone);
  QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.centre());
  EXPECT_EQ(drawnVertices(*f.study), 0u) << "the click returns before the disc is computed";
  ASSERT_TRUE(done.wait(10000));
  // 60 mm on a 50 mm sphere: a cap of (1 - cos 1.2) / 2 = 32% of the 2562 vertices.
  const double fraction = double(drawnVertices(*f.study)) / 2562.0;
  EXPECT_NEAR(fraction, 0.5 * (1 - std::cos(1.2)), 0.04);
}
