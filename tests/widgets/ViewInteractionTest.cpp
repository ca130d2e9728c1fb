// Hover names, click selection, background colour, dual coding and layer order: the brain view and its docks driven
// as a user would, with the effect read back from the document, the widgets and the view's pixels.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "render/ViewPreset.h"
#include "tests/support/TestSurfaces.h"
#include "widgets/BrainView.h"
#include "widgets/LayersPanel.h"
#include "widgets/RoiHoverText.h"
#include "widgets/RoiPanel.h"
#include "widgets/StudyAdapter.h"

using namespace vl;

namespace {
// Left sphere (centre x = -60): "north" (key 1) above z = 0, "south" (key 2) below; right sphere: key 2.
std::shared_ptr<core::Parcellation> hemispheresOfTheSphere(const core::Study& study, const std::string& name) {
  auto set = std::make_shared<core::Parcellation>();
  set->name = name;
  set->labels = {{1, "north", {1.0f, 0.0f, 0.0f, 1.0f}}, {2, "south", {0.0f, 0.0f, 1.0f, 1.0f}}};
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right})
    for (const auto& v : study.shownSurface(side)->vertices)
      set->keys[core::hemisphereIndex(side)].push_back(side == core::Hemisphere::Right || v[2] < 0 ? 2 : 1);
  return set;
}

std::shared_ptr<core::SurfaceLayer> constantLayer(const core::Study& study, const std::string& name, float value) {
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = name;
  layer->kind = core::LayerKind::Scalar;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right})
    layer->values[core::hemisphereIndex(side)].assign(study.shownSurface(side)->vertexCount(), value);
  return layer;
}

QColor centre(widgets::BrainView& view) {
  const QImage image = view.grabFramebuffer();
  return image.pixelColor(image.width() / 2, image.height() / 2);
}
}  // namespace

using widgets::BrainView;

TEST(BrainViewHover, ShowsTheRoiNamesOfVisibleSetsUnderTheMouse) {
  auto study = fixtures::makeSphereStudy(4);
  study->addRoiSet(hemispheresOfTheSphere(*study, "halves"));
  study->addRoiSet(hemispheresOfTheSphere(*study, "hidden"), {false, 0.8f});
  BrainView view;
  view.resize(400, 300);
  view.setStudy(study);
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  view.applyViewPreset({render::View::Lateral, core::Hemisphere::Left});  // z up: north in the upper half
  view.grabFramebuffer();
  QSignalSpy changed(&view, &BrainView::hoverTextChanged);
  // A real mouse move: the pick waits for the hover timer.
  QTest::mouseMove(&view, QPoint(200, 90));
  ASSERT_TRUE(changed.wait(10000));
  EXPECT_EQ(view.hoverText(), QStringLiteral("halves: north"));  // the hidden set is not named
  EXPECT_TRUE(view.hoverOverlay()->isVisible());
  EXPECT_EQ(view.hoverOverlay()->text(), view.hoverText());
  view.hoverAt(QPointF(200, 210));
  EXPECT_EQ(view.hoverText(), QStringLiteral("halves: south"));
  view.hoverAt(QPointF(3, 3));  // background
  EXPECT_TRUE(view.hoverText().isEmpty());
  EXPECT_FALSE(view.hoverOverlay()->isVisible());
  // Both sets visible: one line each.
  study->setRoiDisplay(1, {true, 0.8f});
  view.hoverAt(QPointF(200, 90));
  EXPECT_EQ(view.hoverText(), QStringLiteral("halves: north\nhidden: north"));
}

TEST(BrainViewHover, RoiAtVertexTakesOnlyTheTopVisibleSet) {
  auto study = fixtures::makeSphereStudy(2);
  study->addRoiSet(hemispheresOfTheSphere(*study, "lower"));
  auto upper = hemispheresOfTheSphere(*study, "upper");
  upper->keys[0].assign(upper->keys[0].size(), 99);  // not in its table
  study->addRoiSet(upper);
  const auto& left = *study->shownSurface(core::Hemisphere::Left);
  const auto top = static_cast<std::int32_t>(std::max_element(left.vertices.begin(), left.vertices.end(),
                                                              [](auto& a, auto& b) { return a[2] < b[2]; }) -
                                             left.vertices.begin());
  EXPECT_FALSE(widgets::roiAtVertex(*study, core::Hemisphere::Left, top).has_value());  // top set: no label there
  study->setRoiDisplay(1, {false, 0.8f});
  const auto roi = widgets::roiAtVertex(*study, core::Hemisphere::Left, top);
  ASSERT_TRUE(roi.has_value());
  EXPECT_EQ(roi->first, 0u);
  EXPECT_EQ(roi->second, 1);
}

TEST(RoiPanel, SelectingALabelEmitsRoiSelectedAndEditsTheDrawMode) {
  auto study = fixtures::makeSphereStudy(2);
  study->addRoiSet(hemispheresOfTheSphere(*study, "halves"));
  widgets::StudyAdapter adapter;
  adapter.setStudy(study);
  widgets::RoiPanel panel(&adapter);
  QSignalSpy selected(&panel, &widgets::RoiPanel::roiSelected);
  QSignalSpy cleared(&panel, &widgets::RoiPanel::roiSelectionCleared);
  panel.selectRoi(0, 2);
  ASSERT_EQ(selected.size(), 1);
  EXPECT_EQ(selected.front().at(0).toInt(), 0);
  EXPECT_EQ(selected.front().at(1).toInt(), 2);
  EXPECT_EQ(panel.tree()->currentItem()->text(0), QStringLiteral("south"));
  // The draw mode combo edits the set's display; the selection survives the rebuild that follows.
  panel.modeBox()->setCurrentIndex(static_cast<int>(core::RoiDrawMode::Outline));
  EXPECT_EQ(study->roiSets()[0].display.mode, core::RoiDrawMode::Outline);
  panel.outlineColourBox()->setCurrentIndex(2);  // black
  Q_EMIT panel.outlineColourBox()->activated(2);
  EXPECT_FALSE(study->roiSets()[0].display.outlineInLabelColours);
  EXPECT_EQ(study->roiSets()[0].display.outlineColour, (std::array<float, 3>{0, 0, 0}));
  EXPECT_EQ(panel.selectedRoi(), (std::optional<std::pair<int, int>>{{0, 2}}));
  EXPECT_EQ(panel.tree()->currentItem()->text(0), QStringLiteral("south"));
  panel.clearRoiSelection();
  EXPECT_EQ(cleared.size(), 1);
  EXPECT_FALSE(panel.selectedRoi().has_value());
  // A click on a label in the list selects it too.
  auto* north = panel.tree()->topLevelItem(0)->child(0);
  panel.tree()->setCurrentItem(north);
  ASSERT_EQ(selected.size(), 2);
  EXPECT_EQ(selected.back().at(1).toInt(), 1);
}

TEST(BrainViewBackground, AnEmptyViewShowsTheChosenColour) {
  BrainView view;
  view.resize(200, 150);
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  view.setBackgroundColour(QColor(0, 0, 0));
  EXPECT_EQ(centre(view), QColor(0, 0, 0));
  view.setBackgroundColour(QColor(51, 102, 153));
  const QColor c = centre(view);
  EXPECT_NEAR(c.red(), 51, 1);
  EXPECT_NEAR(c.green(), 102, 1);
  EXPECT_NEAR(c.blue(), 153, 1);
  EXPECT_EQ(view.backgroundColour().name(), QStringLiteral("#336699"));
}

TEST(BrainViewClick, AClickOnTheBackgroundOrEscClearsTheSelection) {
  BrainView view;
  view.resize(300, 300);
  view.setStudy(fixtures::makeSphereStudy(3));
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  view.applyViewPreset({render::View::Dorsal, std::nullopt});
  view.grabFramebuffer();
  QSignalSpy cleared(&view, &BrainView::selectionCleared);
  QSignalSpy picked(&view, &BrainView::vertexPicked);
  QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(150, 150));  // the midline gap
  EXPECT_EQ(cleared.size(), 1);
  EXPECT_TRUE(picked.isEmpty());
  QTest::keyClick(&view, Qt::Key_Escape);
  EXPECT_EQ(cleared.size(), 2);
}

namespace {
// A Layers panel bound to `study` beside a 300 x 300 view of it, for the tests that edit in one and look at the other.
struct PanelBesideView {
  widgets::StudyAdapter adapter;
  widgets::LayersPanel panel{&adapter};
  BrainView view;
  explicit PanelBesideView(const std::shared_ptr<core::Study>& study) {
    adapter.setStudy(study);
    view.resize(300, 300);
    view.setStudy(study);
    view.show();
  }
  bool shownFromTheLeft() {
    if (!QTest::qWaitForWindowExposed(&view)) return false;
    view.applyViewPreset({render::View::Lateral, core::Hemisphere::Left});
    return true;
  }
};
}  // namespace

TEST(LayersPanelDualCoding, ChoosingTheModulatingLayerAndItsRangeFadesTheColour) {
  auto study = fixtures::makeSphereStudy(3);
  core::LayerDisplay red;
  red.colourMap = "hot";  // 2 on 0..10: a dark red, clearly apart from the grey base
  red.rangeMin = 0.0;
  red.rangeMax = 10.0;
  const auto colourId = study->addLayer(constantLayer(*study, "colour", 2.0f), red);
  core::LayerDisplay hidden;
  hidden.visible = false;
  const auto weightId = study->addLayer(constantLayer(*study, "weight", 0.5f), hidden);
  study->moveLayer(weightId, 0);  // weight at the bottom, colour on top
  PanelBesideView ui(study);
  ASSERT_TRUE(ui.shownFromTheLeft());
  auto& panel = ui.panel;
  auto& view = ui.view;
  const QColor opaque = centre(view);

  auto* layers = panel.tree()->topLevelItem(2);
  panel.tree()->setCurrentItem(layers->child(0));  // top first: "colour"
  auto* modulator = panel.opacityLayerBox();
  const int weightIndex = modulator->findText(QStringLiteral("weight"));
  ASSERT_GT(weightIndex, 0);
  EXPECT_EQ(modulator->findText(QStringLiteral("colour")), -1);  // a layer does not modulate itself
  modulator->setCurrentIndex(weightIndex);
  panel.opacityLowBox()->setValue(0.0);
  panel.opacityHighBox()->setValue(1.0);
  const auto& display = study->findLayer(colourId)->display;
  EXPECT_EQ(display.opacityLayer, weightId);
  EXPECT_DOUBLE_EQ(display.opacityHigh, 1.0);
  // |0.5| half way through 0..1: the colour is drawn at half opacity over the grey base, half way between.
  const QColor half = centre(view);
  panel.opacityHighBox()->setValue(0.25);  // |0.5| beyond the top: opaque again
  const QColor full = centre(view);
  EXPECT_NEAR(full.red(), opaque.red(), 2);
  EXPECT_NEAR(full.green(), opaque.green(), 2);
  modulator->setCurrentIndex(0);  // none
  EXPECT_EQ(study->findLayer(colourId)->display.opacityLayer, 0u);
  panel.opacityHighBox()->setValue(1.0);
  study->setLayerDisplay(colourId, [&] { auto d = study->findLayer(colourId)->display; d.opacity = 0.0f; return d; }());
  const QColor none = centre(view);  // the grey base alone, as lit
  for (auto [h, o, n] : {std::tuple{half.red(), opaque.red(), none.red()}, std::tuple{half.green(), opaque.green(), none.green()},
                         std::tuple{half.blue(), opaque.blue(), none.blue()}})
    EXPECT_NEAR(h, (o + n) / 2.0, 3.0);
  EXPECT_GT(std::abs(opaque.red() - none.red()) + std::abs(opaque.green() - none.green()) + std::abs(opaque.blue() - none.blue()), 40);
}

TEST(LayersPanelOrder, MoveUpAndDownReorderTheStackAndTheTopLayerWins) {
  auto study = fixtures::makeSphereStudy(3);
  core::LayerDisplay display;
  display.colourMap = "grey";
  display.rangeMin = 0.0;
  display.rangeMax = 1.0;
  const auto black = study->addLayer(constantLayer(*study, "black", 0.0f), display);
  const auto white = study->addLayer(constantLayer(*study, "white", 1.0f), display);
  PanelBesideView ui(study);
  ASSERT_TRUE(ui.shownFromTheLeft());
  auto& panel = ui.panel;
  auto& view = ui.view;
  const int whiteOnTop = centre(view).lightness();
  auto* layers = panel.tree()->topLevelItem(2);
  panel.tree()->setCurrentItem(layers->child(1));  // "black", second from the top
  EXPECT_FALSE(panel.moveDownButton()->isEnabled());  // already at the bottom
  ASSERT_TRUE(panel.moveUpButton()->isEnabled());
  panel.moveUpButton()->click();
  EXPECT_EQ(study->layers().back().id, black);
  EXPECT_EQ(study->layers().front().id, white);
  EXPECT_EQ(panel.tree()->currentItem()->text(0), QStringLiteral("black"));  // still selected, now at the top
  EXPECT_FALSE(panel.moveUpButton()->isEnabled());
  const int blackOnTop = centre(view).lightness();
  EXPECT_GT(whiteOnTop, blackOnTop + 100);
  panel.moveDownButton()->click();
  EXPECT_EQ(study->layers().back().id, white);
  EXPECT_EQ(centre(view).lightness(), whiteOnTop);
}
