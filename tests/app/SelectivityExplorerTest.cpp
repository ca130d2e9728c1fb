// The selectivity explorer in the window, on the demo study: a click on a planted ROI of the rendered brain fills
// the Selectivity dock (16 thumbnails, a caption, the reliability line with the target's column count), a
// thumbnail click paints that image's predicted response on the cortex, and an Alt+click makes a disc target.
#include <gtest/gtest.h>

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QPushButton>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>

#include "app/MainWindow.h"
#include "app/SelectivityController.h"
#include "app/StudyModelsController.h"
#include "core/scene/SceneGallery.h"
#include "core/panels/RoiDrawPanelModel.h"
#include "core/selectivity/PredictedResponseMap.h"
#include "render/FigureExport.h"
#include "render/VertexPicker.h"
#include "render/ViewPreset.h"
#include "widgets/BrainView.h"
#include "widgets/SynthesisPanel.h"
#include "widgets/RoiDrawPanel.h"
#include "widgets/RoiPanel.h"
#include "widgets/SelectivityGallery.h"
#include "widgets/SelectivityPanel.h"
#include "tests/support/TempDir.h"
#include "tests/support/TimingMargin.h"

#include <QLabel>

using vl::app::MainWindow;
using vl::app::SelectivityController;

namespace {

// The demo study with its models and the explorer's inputs ready, only the planted ROIs shown (so that they are
// the top visible set a click selects from), seen from below where FFA and PPA lie.
bool openReadyDemoStudy(MainWindow& window) {
  QSignalSpy ready(window.selectivity(), &SelectivityController::ready);
  window.show();
  if (!window.selectivity()->isReady() && !ready.wait(600000)) return false;
  const auto& sets = window.study()->roiSets();
  for (std::size_t i = 0; i < sets.size(); ++i) {
    auto display = sets[i].display;
    display.visible = sets[i].data->name == "planted ROIs";
    window.study()->setRoiDisplay(i, display);
  }
  window.brainView()->applyViewPreset({vl::render::View::Ventral, std::nullopt});
  QSignalSpy frame(window.brainView(), &vl::widgets::BrainView::frameRendered);
  return frame.wait(10000);
}

// A point of the view whose vertex lies in the planted ROI `name` (or, failing that and when `orAnyRoi`, any planted
// ROI).
std::optional<QPoint> pointInsidePlantedRoi(MainWindow& window, const std::string& name, bool orAnyRoi = true) {
  auto* view = window.brainView();
  const auto& sets = window.study()->roiSets();
  const vl::core::Parcellation* planted = nullptr;
  for (const auto& set : sets)
    if (set.data->name == "planted ROIs") planted = set.data.get();
  if (!planted) return std::nullopt;
  std::int32_t wanted = 0;
  for (const auto& label : planted->labels)
    if (label.name == name) wanted = label.key;
  std::optional<QPoint> any;
  const qreal ratio = view->devicePixelRatioF();
  view->makeCurrent();
  for (int y = view->height() / 10; y < view->height(); y += 12)
    for (int x = view->width() / 10; x < view->width(); x += 12) {
      const auto picked = vl::render::pickVertex(view->scene(), int(x * ratio), int((view->height() - y) * ratio));
      if (!picked) continue;
      const auto key = planted->keysFor(picked->hemisphere)[std::size_t(picked->vertex)];
      if (key == wanted && wanted != 0) {
        view->doneCurrent();
        return QPoint(x, y);
      }
      if (key != 0 && !any) any = QPoint(x, y);
    }
  view->doneCurrent();
  return orAnyRoi ? any : std::nullopt;
}

}  // namespace

TEST(SelectivityExplorer, ClickOnAnRoiFillsTheDockAndAThumbnailPaintsItsPredictedResponse) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto point = pointInsidePlantedRoi(window, "FFA");
  ASSERT_TRUE(point) << "no planted ROI is visible from below";

  QSignalSpy shown(window.selectivity(), &SelectivityController::resultShown);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *point);
  ASSERT_TRUE(!shown.isEmpty() || shown.wait(60000));
  auto* panel = window.selectivityPanel();
  ASSERT_TRUE(panel->current());
  std::printf("click to gallery: %.1f ms (selectTarget %.1f ms, thumbnails %.1f ms)\n", shown.front().at(0).toDouble(),
              panel->current()->selectMs, panel->current()->thumbnailsMs);
  const auto& result = panel->current()->result;
  EXPECT_EQ(result.target.source, vl::core::TargetSource::Roi);
  EXPECT_EQ(result.target.roiSet, "planted ROIs");
  EXPECT_EQ(panel->topGallery()->count(), 16);
  EXPECT_EQ(panel->bottomGallery()->count(), 16);
  EXPECT_FALSE(panel->captionLabel()->text().isEmpty());
  EXPECT_FALSE(result.caption.empty());
  const QString columns = QStringLiteral("%1 columns").arg(result.target.columns.size());
  EXPECT_TRUE(panel->reliabilityLabel()->text().contains(columns)) << panel->reliabilityLabel()->text().toStdString();
  EXPECT_TRUE(panel->receptiveFieldLabel()->text().contains(QStringLiteral("polar angle")));
  EXPECT_EQ(panel->model().current()->columns, result.target.columns);

  // A thumbnail click: the image's predicted response on the whole cortex.
  auto* gallery = panel->topGallery();
  const int stimulus = gallery->stimulusAt(0);
  QSignalSpy painted(window.selectivity(), &SelectivityController::predictedResponseShown);
  gallery->scrollToItem(gallery->item(0));
  QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, gallery->visualItemRect(gallery->item(0)).center());
  ASSERT_TRUE(!painted.isEmpty() || painted.wait(30000));
  const auto* layer = window.study()->findLayer(painted.front().at(0).toULongLong());
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->data->name.rfind(vl::core::kPredictedResponseLayerPrefix, 0), 0u) << layer->data->name;
  EXPECT_NE(layer->data->name.find("image " + std::to_string(stimulus)), std::string::npos) << layer->data->name;
  // Spread to the vertices as the encoder's R^2 layer is: the same vertices get a value, each its column's.
  const auto& layers = window.study()->layers();
  const auto encoder = std::find_if(layers.begin(), layers.end(), [](const vl::core::LayerEntry& entry) {
    return entry.data->name.rfind(vl::app::StudyModelsController::kEncoderLayerPrefix, 0) == 0;
  });
  ASSERT_NE(encoder, layers.end());
  auto finiteCount = [](const vl::core::SurfaceLayer& l) {
    std::size_t n = 0;
    for (const auto& hemisphere : l.values)
      for (float v : hemisphere) n += std::isfinite(v);
    return n;
  };
  EXPECT_GT(finiteCount(*layer->data), 1000u);
  EXPECT_EQ(finiteCount(*layer->data), finiteCount(*encoder->data));
  const auto models = window.studyModels()->models();
  const auto perColumn = vl::core::predictedResponseOfImage(models->encoder, models->stimulusEmbedding,
                                                            std::size_t(stimulus));
  const auto& columnMap = window.study()->experiment()->columns;
  const auto firstVertex = columnMap.columnVertices(vl::core::Hemisphere::Left)[0];
  EXPECT_FLOAT_EQ(layer->data->values[0][std::size_t(firstVertex)], perColumn[0]);

  // A second thumbnail replaces the layer instead of stacking another.
  const auto layersBefore = window.study()->layers().size();
  QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, gallery->visualItemRect(gallery->item(1)).center());
  ASSERT_TRUE(painted.size() > 1 || painted.wait(30000));
  EXPECT_EQ(window.study()->layers().size(), layersBefore);

  // Click to gallery on further ROIs (the first click above also paid for the first thumbnails).
  for (const char* name : {"PPA", "EBA", "VWFA", "FFA"}) {
    // Only the ROI itself: another one may be the one selected already, whose click changes nothing.
    const auto next = pointInsidePlantedRoi(window, name, false);
    if (!next) continue;
    QSignalSpy again(window.selectivity(), &SelectivityController::resultShown);
    QElapsedTimer fromMouse;
    fromMouse.start();
    QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *next);
    ASSERT_TRUE(!again.isEmpty() || again.wait(60000));
    std::printf("mouse release to gallery %.1f ms; ", double(fromMouse.nsecsElapsed()) / 1e6);
    std::printf("click to gallery (%s): %.1f ms (selectTarget %.1f ms, thumbnails %.1f ms, panel %.1f ms)\n",
                panel->current()->result.target.roiName.c_str(), again.front().at(0).toDouble(),
                panel->current()->selectMs, panel->current()->thumbnailsMs, window.selectivity()->lastBindMs());
  }
}

TEST(SelectivityExplorer, AltClickMakesADiscTargetOfThePanelsRadius) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto point = pointInsidePlantedRoi(window, "PPA");
  ASSERT_TRUE(point);
  QSignalSpy shown(window.selectivity(), &SelectivityController::resultShown);
  QSignalSpy selected(&window, &MainWindow::roiSelected);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, Qt::AltModifier, *point);
  ASSERT_TRUE(!shown.isEmpty() || shown.wait(60000));
  EXPECT_TRUE(selected.isEmpty()) << "Alt+click makes a disc, it does not select the ROI under it";
  const auto& target = window.selectivityPanel()->current()->result.target;
  EXPECT_EQ(target.source, vl::core::TargetSource::Disc);
  EXPECT_FLOAT_EQ(target.radiusMm, 6.0f);
  EXPECT_FALSE(target.columns.empty());
  EXPECT_EQ(window.selectivityPanel()->topGallery()->count(), 16);
  EXPECT_TRUE(MainWindow::mouseHelpText().contains(QStringLiteral("Alt+click")));
}

namespace {
bool waitUntil(const std::function<bool()>& condition, int milliseconds) {
  QElapsedTimer timer;
  timer.start();
  while (!condition()) {
    if (timer.elapsed() > milliseconds) return false;
    QTest::qWait(50);
  }
  return true;
}
}  // namespace

TEST(SelectivityExplorer, DrawModeKeepsItsClicksAndTheRoisDockMakesADrawnRoiTheTarget) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto ffa = pointInsidePlantedRoi(window, "FFA");
  const auto ppa = pointInsidePlantedRoi(window, "PPA");
  ASSERT_TRUE(ffa && ppa);
  auto* panel = window.selectivityPanel();
  QSignalSpy shown(window.selectivity(), &SelectivityController::resultShown);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *ffa);
  ASSERT_TRUE(!shown.isEmpty() || shown.wait(60000));
  ASSERT_EQ(panel->current()->result.target.roiName, "FFA");

  // Drawing: the click draws a disc ROI and leaves the selectivity target alone.
  auto* draw = window.roiDrawPanel();
  draw->setDrawing(true);
  draw->findChild<QDoubleSpinBox*>("radius")->setValue(10.0);
  draw->model().setRoiName("my disc");
  shown.clear();
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *ppa);
  ASSERT_TRUE(waitUntil([&] {
    const auto& sets = window.study()->roiSets();
    return !sets.empty() && sets.back().data->name == vl::core::RoiDrawPanelModel::kSetName;
  }, 10000));
  QTest::qWait(1500);
  EXPECT_TRUE(shown.isEmpty());
  EXPECT_EQ(panel->current()->result.target.roiName, "FFA");
  draw->setDrawing(false);

  // The ROIs dock makes the drawn ROI the target.
  const int drawnSet = int(window.study()->roiSets().size()) - 1;
  window.roiPanel()->selectRoi(drawnSet, 1);
  ASSERT_TRUE(window.roiPanel()->makeTargetButton()->isEnabled());
  shown.clear();
  window.roiPanel()->makeTargetButton()->click();
  ASSERT_TRUE(waitUntil([&] { return panel->current() && panel->current()->result.target.roiName == "my disc"; },
                        60000));
  EXPECT_EQ(panel->current()->result.target.source, vl::core::TargetSource::Drawn);
  EXPECT_FALSE(panel->current()->result.target.columns.empty());
  EXPECT_EQ(panel->topGallery()->count(), 16);
}

// Analysis > Caption Map and Category Maps: a job adds the caption map as an ROI set (k clusters plus "no column")
// and per category its selectivity layers; the face map is highest inside FFA; a second run replaces the first.
TEST(SelectivityExplorer, MapsJobAddsTheCaptionMapAndCategoryLayersAndASecondRunReplacesThem) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto layersBefore = window.study()->layers().size();
  const auto setsBefore = window.study()->roiSets().size();
  QSignalSpy shown(window.selectivity(), &SelectivityController::mapsShown);
  ASSERT_TRUE(window.selectivity()->computeMaps(7));
  ASSERT_TRUE(shown.wait(int(600000 * vl::fixtures::kTimingScale)));
  const int added = shown.front().at(0).toInt();
  EXPECT_GE(added, 6);  // at least one layer per demo category
  EXPECT_EQ(window.study()->layers().size(), layersBefore + std::size_t(added));
  ASSERT_EQ(window.study()->roiSets().size(), setsBefore + 1);
  const auto& captionMap = *window.study()->roiSets().back().data;
  std::size_t clusters = 0;
  for (const auto& label : captionMap.labels) clusters += label.key != 0;
  EXPECT_EQ(clusters, 7u);

  // The predicted face d' is higher at FFA's vertices than on average over the columns' vertices.
  const vl::core::LayerEntry* face = nullptr;
  for (const auto& entry : window.study()->layers())
    if (entry.data->name.find("face") != std::string::npos && entry.data->name.find("predicted") != std::string::npos)
      face = &entry;
  ASSERT_NE(face, nullptr);
  const vl::core::Parcellation* planted = nullptr;
  for (const auto& set : window.study()->roiSets())
    if (set.data->name == "planted ROIs") planted = set.data.get();
  ASSERT_NE(planted, nullptr);
  int ffaKey = -1;
  for (const auto& label : planted->labels)
    if (label.name == "FFA") ffaKey = label.key;
  double inside = 0, all = 0;
  std::size_t insideCount = 0, allCount = 0;
  const auto& values = face->data->valuesFor(vl::core::Hemisphere::Left);
  const auto& keys = planted->keysFor(vl::core::Hemisphere::Left);
  for (std::size_t v = 0; v < values.size() && v < keys.size(); ++v) {
    if (!std::isfinite(values[v])) continue;
    all += values[v], ++allCount;
    if (keys[v] == ffaKey) inside += values[v], ++insideCount;
  }
  ASSERT_GT(insideCount, 0u);
  EXPECT_GT(inside / double(insideCount), all / double(allCount) + 0.5);

  // Again with k = 4: the same number of layers, the same ROI set with new data.
  shown.clear();
  ASSERT_TRUE(window.selectivity()->computeMaps(4));
  ASSERT_TRUE(shown.wait(int(600000 * vl::fixtures::kTimingScale)));
  EXPECT_EQ(window.study()->layers().size(), layersBefore + std::size_t(added));
  ASSERT_EQ(window.study()->roiSets().size(), setsBefore + 1);
  clusters = 0;
  for (const auto& label : window.study()->roiSets().back().data->labels) clusters += label.key != 0;
  EXPECT_EQ(clusters, 4u);
}

// The Optimal stimuli dock follows the explorer's target: after a click on FFA it can start a synthesis for it
// (with the models the window loaded for the study), previews arrive, and Stop ends the run.
TEST(SelectivityExplorer, TheOptimalStimuliDockSynthesisesForTheClickedTarget) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto point = pointInsidePlantedRoi(window, "FFA");
  ASSERT_TRUE(point);
  QSignalSpy shown(window.selectivity(), &SelectivityController::resultShown);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *point);
  ASSERT_TRUE(!shown.isEmpty() || shown.wait(60000));
  auto* synthesis = window.synthesisPanel();
  QTRY_VERIFY_WITH_TIMEOUT(synthesis->startButton()->isEnabled(), 120000);
  QSignalSpy ended(synthesis, &vl::widgets::SynthesisPanel::runEnded);
  QTest::mouseClick(synthesis->startButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(synthesis->previewsShown() > 0, 60000);
  QTest::mouseClick(synthesis->stopButton(), Qt::LeftButton);
  ASSERT_TRUE(!ended.isEmpty() || ended.wait(30000));
  EXPECT_TRUE(synthesis->startButton()->isEnabled());
}

// File > Export Figure with a target selected by a click: the figure holds the dock's gallery (its top images as
// embedded images, its caption as text) and the clicked ROI highlighted; the session stores the gallery.
TEST(SelectivityExplorer, ExportedFigureCarriesTheGalleryAndTheClickedRoi) {
  MainWindow window({}, true);
  ASSERT_TRUE(openReadyDemoStudy(window));
  const auto point = pointInsidePlantedRoi(window, "FFA");
  ASSERT_TRUE(point);
  QSignalSpy shown(window.selectivity(), &SelectivityController::resultShown);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, *point);
  ASSERT_TRUE(!shown.isEmpty() || shown.wait(60000));
  const auto result = window.selectivityPanel()->current()->result;
  ASSERT_EQ(result.top.size(), 16u);

  vl::fixtures::TempDir dir;
  vl::render::FigureOptions options;
  options.width = 900;
  options.height = 500;
  options.dpi = 150;
  options.selectivityPanel = true;
  QSignalSpy exported(&window, &MainWindow::figureExported);
  const auto file = dir.path / "figure.svg";
  ASSERT_NE(window.exportFigure(options, file), 0u);
  ASSERT_TRUE(exported.wait(120000));
  EXPECT_TRUE(exported.takeFirst().at(1).toString().isEmpty());
  std::ifstream in(file);
  const std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t images = 0;
  for (auto at = svg.find("<image "); at != std::string::npos; at = svg.find("<image ", at + 1)) ++images;
  EXPECT_EQ(images, 1u + 16u) << "the view and the gallery's 16 images";
  // The caption's first word is in a <text> element (the caption wraps to the panel's width).
  const std::string firstWord = result.caption.substr(0, result.caption.find(' '));
  EXPECT_NE(svg.find(">&quot;" + firstWord), std::string::npos) << result.caption;  // the opening quote, escaped

  const auto scene = window.captureSession(dir.path / "session.json").scene;
  ASSERT_EQ(scene.selectedRois.size(), 1u);
  EXPECT_EQ(scene.selectedRois[0], result.target.roiName) << "the clicked ROI is selected and highlighted";
  // The session stores the gallery in the Selectivity dock's entry (there when the dock is open, as here).
  const auto* panel = vl::core::selectivityPanel(scene);
  ASSERT_NE(panel, nullptr);
  std::vector<std::string> notes;
  const auto gallery = vl::core::galleryOf(*panel, notes);
  ASSERT_TRUE(gallery);
  EXPECT_EQ(gallery->images.size(), 16u);
  EXPECT_EQ(gallery->images[0], result.top[0].index);
  EXPECT_EQ(gallery->caption, result.caption);
}
