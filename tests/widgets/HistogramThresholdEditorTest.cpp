// The Layers dock's histogram threshold editor: dragging a handle with the mouse changes the selected layer's
// threshold and range in the study (so the surface and the colour bar follow), the spin boxes show the new values,
// and the histogram counts the chosen hemispheres.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QTest>
#include <QTreeWidget>

#include <cmath>
#include <cstdlib>

#include "core/geometry/Icosphere.h"
#include "widgets/HistogramThresholdEditor.h"
#include "widgets/LayersPanel.h"
#include "widgets/StudyAdapter.h"

using namespace vl;
using Handle = widgets::HistogramThresholdEditor::Handle;

namespace {
// Two hemispheres with a layer whose left values run 0..1 and right values 10..11.
std::shared_ptr<core::Study> studyWithLayer(core::LayerId& id) {
  auto study = std::make_shared<core::Study>();
  auto surface = std::make_shared<core::Surface>(core::makeIcosphere(2, 10.0f));
  surface->kind = core::SurfaceKind::White;
  study->setSurfaces(core::Hemisphere::Left, {surface});
  study->setSurfaces(core::Hemisphere::Right, {surface});
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = "t-map";
  const auto n = surface->vertexCount();
  for (std::size_t i = 0; i < n; ++i) {
    layer->values[0].push_back(float(i) / float(n - 1));
    layer->values[1].push_back(10.0f + float(i) / float(n - 1));
  }
  core::LayerDisplay display;
  display.colourMap = "viridis";
  display.rangeMin = 0.0;
  display.rangeMax = 11.0;
  display.thresholdMode = core::ThresholdMode::Value;
  display.threshold = 0.5;
  id = study->addLayer(layer, display);
  return study;
}

QTreeWidgetItem* layerItem(QTreeWidget* tree) {
  for (QTreeWidgetItemIterator it(tree); *it; ++it)
    if ((*it)->text(0).contains(QStringLiteral("t-map"))) return *it;
  return nullptr;
}
}  // namespace

TEST(HistogramThresholdEditor, DraggingTheThresholdHandleChangesTheLayersThreshold) {
  widgets::StudyAdapter adapter;
  widgets::LayersPanel panel(&adapter);
  core::LayerId id = 0;
  auto study = studyWithLayer(id);
  adapter.setStudy(study);
  panel.resize(420, 900);
  panel.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
  auto* item = layerItem(panel.tree());
  ASSERT_NE(item, nullptr);
  panel.tree()->setCurrentItem(item);
  auto* editor = panel.histogramEditor();
  ASSERT_TRUE(editor->isVisible());

  // Both hemispheres: 2n values from 0 to 11 (the bars of 0..1 and 10..11).
  EXPECT_EQ(editor->display().threshold, 0.5);
  const auto start = editor->handleX(Handle::Threshold);
  ASSERT_TRUE(start.has_value());
  const double target = editor->xOf(5.0);
  const int y = editor->height() / 2;
  QTest::mousePress(editor, Qt::LeftButton, {}, QPoint(int(std::lround(*start)), y));
  QTest::mouseMove(editor, QPoint(int(std::lround((*start + target) / 2)), y));
  QTest::mouseMove(editor, QPoint(int(std::lround(target)), y));
  QTest::mouseRelease(editor, Qt::LeftButton, {}, QPoint(int(std::lround(target)), y));

  const double moved = study->findLayer(id)->display.threshold;
  EXPECT_NEAR(moved, 5.0, 0.1) << "one pixel is about 0.05 here";
  EXPECT_NE(moved, 0.5);
  EXPECT_EQ(panel.findChild<QDoubleSpinBox*>(QStringLiteral("rangeMin"))->value(), 0.0);  // untouched
  EXPECT_EQ(study->findLayer(id)->display.rangeMax, 11.0);

  // The range's upper handle, dragged below the threshold value, moves the range and keeps rangeMin <= rangeMax.
  const auto upper = editor->handleX(Handle::RangeMax);
  ASSERT_TRUE(upper.has_value());
  const double to = editor->xOf(8.0);
  QTest::mousePress(editor, Qt::LeftButton, {}, QPoint(int(std::lround(*upper)), y));
  QTest::mouseMove(editor, QPoint(int(std::lround(to)), y));
  QTest::mouseRelease(editor, Qt::LeftButton, {}, QPoint(int(std::lround(to)), y));
  EXPECT_NEAR(study->findLayer(id)->display.rangeMax, 8.0, 0.1);
  EXPECT_LE(study->findLayer(id)->display.rangeMin, study->findLayer(id)->display.rangeMax);

  // A click away from every handle changes nothing.
  const auto before = study->findLayer(id)->display;
  const double away = editor->xOf(2.5);
  QTest::mouseClick(editor, Qt::LeftButton, {}, QPoint(int(std::lround(away)), y));
  EXPECT_EQ(study->findLayer(id)->display, before);
  if (const char* out = std::getenv("VOXELLENS_GRAB_HISTOGRAM")) panel.grab().save(QString::fromUtf8(out));
}

TEST(HistogramThresholdEditor, MagnitudeHandlesAreDrawnOnBothSidesAndEitherSideDragsTheMagnitude) {
  widgets::HistogramThresholdEditor editor;
  editor.resize(300, 120);
  const std::vector<float> values = {-2.0f, -1.0f, 0.0f, 1.0f, 2.0f};
  editor.setHistogram(core::valueHistogram({values}, 8));
  core::LayerDisplay display;
  display.colourMap = "heat";
  display.symmetric = true;
  display.rangeMin = 0.5;
  display.rangeMax = 1.5;
  display.thresholdMode = core::ThresholdMode::Off;
  editor.setDisplay(display);
  editor.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&editor));
  EXPECT_FALSE(editor.handleX(Handle::Threshold).has_value());  // threshold off: no handle
  int edits = 0;
  QObject::connect(&editor, &widgets::HistogramThresholdEditor::displayEdited, [&] { ++edits; });
  // The negative-side copy of rangeMax sits at -1.5; dragging it to -1.0 sets rangeMax = 1.0.
  const int y = 40;
  QTest::mousePress(&editor, Qt::LeftButton, {}, QPoint(int(std::lround(editor.xOf(-1.5))), y));
  QTest::mouseMove(&editor, QPoint(int(std::lround(editor.xOf(-1.0))), y));
  QTest::mouseRelease(&editor, Qt::LeftButton, {}, QPoint(int(std::lround(editor.xOf(-1.0))), y));
  EXPECT_NEAR(editor.display().rangeMax, 1.0, 0.05);
  EXPECT_EQ(editor.display().rangeMin, 0.5);
  EXPECT_GE(edits, 1);
}
