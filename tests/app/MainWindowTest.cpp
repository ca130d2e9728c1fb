// The window a user sees on first start: demo brain in the view, Layers and ROIs docks bound to the document,
// and File > Export Screenshot through the offscreen renderer.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMouseEvent>
#include <QToolButton>
#include <QTreeWidget>

#include <cmath>
#include <filesystem>

#include "app/AppSettings.h"
#include "app/MainWindow.h"
#include "core/geometry/Icosphere.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/NiftiWriter.h"
#include "render/ViewPreset.h"
#include "widgets/BrainView.h"
#include "widgets/InspectorPanel.h"
#include "widgets/LayersPanel.h"
#include "widgets/RoiDrawPanel.h"
#include "widgets/RoiPanel.h"
#include "core/study/Experiment.h"
#include "app/StudyModelsController.h"
#include "tests/support/ScopedVariable.h"
#include "tests/support/SmallStudyFolder.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"
#include "tests/support/TimingMargin.h"

#include <vtkPolyData.h>

#include "tests/app/WindowWaits.h"

using vl::app::MainWindow;

namespace {
using vl::testing::waitForStudy;
}  // namespace

TEST(MainWindow, OpensOnTheDemoBrainWithDocks) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  ASSERT_TRUE(window.study());
  EXPECT_NE(window.study()->shownSurface(vl::core::Hemisphere::Left), nullptr);
  EXPECT_NE(window.study()->shownSurface(vl::core::Hemisphere::Right), nullptr);
  EXPECT_GT(window.millisecondsToFirstBrainFrame(), 0.0);
  EXPECT_NE(window.findChild<QDockWidget*>("layersDock"), nullptr);
  EXPECT_NE(window.findChild<QDockWidget*>("roiDock"), nullptr);
  // Two hemispheres plus the layer group at the top level of the Layers tree.
  EXPECT_EQ(window.layersPanel()->tree()->topLevelItemCount(), 3);

  const QImage frame = window.brainView()->grabFramebuffer();
  std::size_t brain = 0;
  for (int y = 0; y < frame.height(); y += 2)
    for (int x = 0; x < frame.width(); x += 2) brain += qGray(frame.pixel(x, y)) < 235;
  const double fraction = double(brain) / double((frame.width() / 2) * (frame.height() / 2));
  EXPECT_GT(fraction, 0.1);
  EXPECT_LT(fraction, 0.9);
}

TEST(MainWindow, LayerCheckboxChangesTheDocument) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  auto* tree = window.layersPanel()->tree();
  QTreeWidgetItem* leftHemisphere = tree->topLevelItem(0);
  leftHemisphere->setCheckState(0, Qt::Unchecked);
  EXPECT_FALSE(window.study()->hemisphere(vl::core::Hemisphere::Left).visible);
  auto* layers = tree->topLevelItem(2);
  ASSERT_GT(layers->childCount(), 0);
  const auto topLayerId = window.study()->layers().back().id;
  layers->child(0)->setCheckState(0, Qt::Unchecked);
  EXPECT_FALSE(window.study()->findLayer(topLayerId)->display.visible);
}

TEST(MainWindow, ExportScreenshotWritesTheRequestedSize) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto file = std::filesystem::temp_directory_path() / "voxellens-window-export.png";
  window.exportScreenshot(file, 640, 400);
  QImage image(QString::fromStdString(file.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.size(), QSize(640, 400));
  std::filesystem::remove(file);
}

TEST(MainWindow, OpenAddsMatchingDataAndRefusesMismatches) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto left = window.study()->shownSurface(vl::core::Hemisphere::Left);
  const auto folder = std::filesystem::temp_directory_path();
  std::vector<float> values(left->vertexCount());
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = left->vertices[v][2];  // height: a visible gradient
  vl::core::writeFreeSurferCurv(folder / "lh.height", values);
  vl::core::writeFreeSurferCurv(folder / "lh.short", std::vector<float>(100, 1.0f));
  const auto layersBefore = window.study()->layers().size();

  QSignalSpy added(&window, &MainWindow::filesAdded);
  window.openFiles({folder / "lh.height", folder / "lh.short"});
  ASSERT_TRUE(added.wait(30000));
  EXPECT_EQ(added.front().at(0).toInt(), 1);  // lh.height added
  EXPECT_EQ(added.front().at(1).toInt(), 1);  // lh.short refused
  ASSERT_EQ(window.study()->layers().size(), layersBefore + 1);
  EXPECT_EQ(window.study()->layers().back().data->values[0], values);
  std::filesystem::remove(folder / "lh.height");
  std::filesystem::remove(folder / "lh.short");
}

TEST(MainWindow, ClickingTheBrainFillsTheInspector) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  window.brainView()->applyViewPreset({vl::render::View::Lateral, vl::core::Hemisphere::Left});
  QSignalSpy shown(window.brainView(), &vl::widgets::BrainView::frameRendered);
  ASSERT_TRUE(shown.wait(10000));
  QSignalSpy inspected(&window, &MainWindow::vertexInspected);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, window.brainView()->rect().center());
  ASSERT_TRUE(!inspected.isEmpty() || inspected.wait(10000));  // the click is handled synchronously
  EXPECT_EQ(inspected.front().at(0).toInt(), 0);  // left hemisphere
  EXPECT_GT(window.inspector()->tree()->topLevelItemCount(), 3);
}

TEST(MainWindow, InflateAddsInflatedSurfacesAndMovesTheHemispheresApart) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto white = window.study()->shownSurface(vl::core::Hemisphere::Left);
  window.inflateSurfaces();
  QTRY_VERIFY_WITH_TIMEOUT(window.study()->shownSurface(vl::core::Hemisphere::Right)->kind ==
                               vl::core::SurfaceKind::Inflated, 120000);
  const auto inflated = window.study()->shownSurface(vl::core::Hemisphere::Left);
  EXPECT_EQ(inflated->kind, vl::core::SurfaceKind::Inflated);
  EXPECT_EQ(inflated->vertexCount(), white->vertexCount());
  EXPECT_EQ(window.study()->hemisphere(vl::core::Hemisphere::Left).surfaces.size(), 2u);
  auto& surfaces = window.brainView()->scene().surfaces();
  EXPECT_LT(surfaces.actor(vl::core::Hemisphere::Left).offset()[0], 0.0f);
  EXPECT_GT(surfaces.actor(vl::core::Hemisphere::Right).offset()[0], 0.0f);
  // Back to the white surfaces: no offset.
  window.study()->setShownSurface(vl::core::Hemisphere::Left, 0);
  EXPECT_EQ(surfaces.actor(vl::core::Hemisphere::Left).offset()[0], 0.0f);
}

TEST(MainWindow, AVolumeOpenedAfterInflateIsSampledAtTheWhiteSurface) {
  // File > Open of a white surface, Surface > Inflate (the inflated surface is then shown), File > Open of a volume
  // whose values are a linear function of position: the layer holds that function at the white vertices.
  vl::fixtures::TempDir dir;
  auto white = vl::core::makeIcosphere(3, 50.0f, {-60.0f, 0.0f, 0.0f});
  white.kind = vl::core::SurfaceKind::White;
  vl::core::writeFreeSurferSurface(dir.path / "lh.white", white);
  vl::core::Volume volume;
  volume.dims = {31, 31, 31, 1};
  volume.voxelToWorld.m[0] = volume.voxelToWorld.m[5] = volume.voxelToWorld.m[10] = 10.0;
  volume.voxelToWorld.m[3] = volume.voxelToWorld.m[7] = volume.voxelToWorld.m[11] = -150.0;
  const auto gradient = [](double x, double y, double z) { return float(x + 2 * y + 3 * z + 500); };
  for (int k = 0; k < 31; ++k)
    for (int j = 0; j < 31; ++j)
      for (int i = 0; i < 31; ++i) volume.voxels.push_back(gradient(i * 10 - 150, j * 10 - 150, k * 10 - 150));
  vl::core::writeNifti(dir.path / "gradient.nii.gz", volume);

  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  window.openFiles({dir.path / "lh.white"});
  QTRY_VERIFY_WITH_TIMEOUT(window.study()->name == "lh.white", 30000);
  window.inflateSurfaces();
  QTRY_VERIFY_WITH_TIMEOUT(window.study()->shownSurface(vl::core::Hemisphere::Left)->kind ==
                               vl::core::SurfaceKind::Inflated, 60000);
  ASSERT_EQ(window.study()->referenceSurface(vl::core::Hemisphere::Left)->kind, vl::core::SurfaceKind::White);
  EXPECT_EQ(window.layersPanel()->sampleAtBox(vl::core::Hemisphere::Left)->currentText(), QStringLiteral("white"));

  QSignalSpy added(&window, &MainWindow::filesAdded);
  window.openFiles({dir.path / "gradient.nii.gz"});
  ASSERT_TRUE(added.wait(30000));
  ASSERT_EQ(added.front().at(0).toInt(), 1);
  const auto& values = window.study()->layers().back().data->values[0];
  const auto& inflated = window.study()->shownSurface(vl::core::Hemisphere::Left)->vertices;
  ASSERT_EQ(values.size(), white.vertexCount());
  std::size_t awayFromInflated = 0;
  for (std::size_t v = 0; v < values.size(); ++v) {
    const auto& p = white.vertices[v];
    EXPECT_NEAR(values[v], gradient(p[0], p[1], p[2]), 1e-2) << "vertex " << v;
    const auto& q = inflated[v];
    awayFromInflated += std::abs(values[v] - gradient(q[0], q[1], q[2])) > 1.0f;
  }
  // Inflating a sphere moves many of its vertices (256 of 642 by more than 1 in value here): sampling at the
  // inflated surface would fail the check above.
  EXPECT_GT(awayFromInflated, values.size() / 4);
}

TEST(MainWindow, LayersDockEditsTheSelectedScalarLayersDisplay) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto left = window.study()->shownSurface(vl::core::Hemisphere::Left);
  const auto file = std::filesystem::temp_directory_path() / "lh.display-test";
  std::vector<float> values(left->vertexCount());
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = left->vertices[v][1];
  vl::core::writeFreeSurferCurv(file, values);
  QSignalSpy added(&window, &MainWindow::filesAdded);
  window.openFiles({file});
  ASSERT_TRUE(added.wait(30000));
  const auto id = window.study()->layers().back().id;
  auto* tree = window.layersPanel()->tree();
  QTreeWidgetItem* layers = tree->topLevelItem(2);
  tree->setCurrentItem(layers->child(0));  // top layer first: the one just added
  window.layersPanel()->colourMapBox()->setCurrentText("hot");
  EXPECT_EQ(window.study()->findLayer(id)->display.colourMap, "hot");
  window.layersPanel()->rangeMinBox()->setValue(-12.5);
  EXPECT_DOUBLE_EQ(window.study()->findLayer(id)->display.rangeMin, -12.5);
  // Shading layers are not edited there: selecting Curvature disables the editor.
  tree->setCurrentItem(tree->topLevelItem(2)->child(1));
  EXPECT_FALSE(window.layersPanel()->colourMapBox()->isEnabled());
  std::filesystem::remove(file);
}

// Drawing on the demo brain: a 10 mm disc on a 170k-vertex hemisphere within a frame's time, a brush stroke, and
// the ROIs in the ROIs dock. VOXELLENS_ROI_SCREENSHOT=file.png saves the window afterwards (docs/ image).
TEST(MainWindow, DrawRoiDockDrawsADiscAndABrushStrokeOnTheDemoBrain) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  auto* dock = window.findChild<QDockWidget*>("roiDrawDock");
  ASSERT_NE(dock, nullptr);
  dock->raise();
  auto* view = window.brainView();
  view->applyViewPreset({vl::render::View::Lateral, vl::core::Hemisphere::Left});
  QSignalSpy frames(view, &vl::widgets::BrainView::frameRendered);
  ASSERT_TRUE(frames.wait(10000));
  auto* panel = window.roiDrawPanel();
  panel->setDrawing(true);
  panel->findChild<QDoubleSpinBox*>("radius")->setValue(10.0);
  panel->model().setRoiName("disc 10 mm");
  const QPoint centre = view->rect().center();
  QElapsedTimer timer;
  timer.start();
  QTest::mouseClick(view, Qt::LeftButton, {}, centre - QPoint(view->width() / 8, 0));
  const double clickMs = double(timer.nsecsElapsed()) / 1e6;
  const auto& sets = window.study()->roiSets();
  ASSERT_FALSE(sets.empty());
  const auto& drawn = *sets.back().data;
  ASSERT_EQ(drawn.name, vl::core::RoiDrawPanelModel::kSetName);
  const auto count = [&](std::int32_t key) {
    const auto& keys = window.study()->roiSets().back().data->keys[0];
    return std::count(keys.begin(), keys.end(), key);
  };
  // About 1 vertex per 0.6 mm^2 on the demo white surface: a 10 mm disc (314 mm^2) holds several hundred.
  EXPECT_GT(count(1), 200);
  EXPECT_LT(count(1), 2000);
  // Mostly the pick (vtkCellPicker over 682k triangles) and recolouring both hemispheres; the disc itself is ~3 ms.
  EXPECT_LT(clickMs, 5000.0 * vl::fixtures::kTimingScale)
      << "pick, 10 mm disc and recolouring took " << clickMs << " ms";
  std::printf("click to disc on the demo brain: %.1f ms for %ld vertices\n", clickMs, long(count(1)));

  // A second ROI painted with a 3 mm brush along a horizontal stroke.
  panel->model().newRoi("brush stroke");
  panel->findChild<QToolButton*>("toolBrush")->click();
  panel->findChild<QDoubleSpinBox*>("radius")->setValue(3.0);
  const QPoint start = centre + QPoint(view->width() / 16, view->height() / 10);
  QTest::mousePress(view, Qt::LeftButton, {}, start);
  for (int step = 1; step <= 12; ++step) {
    QTest::qWait(vl::widgets::BrainView::kStrokePickIntervalMs + 5);
    const QPointF p = start + QPoint(10 * step, -4 * step);
    QMouseEvent move(QEvent::MouseMove, p, view->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &move);
  }
  QTest::mouseRelease(view, Qt::LeftButton, {}, start + QPoint(120, -48));
  EXPECT_GT(count(2), 100);
  EXPECT_EQ(count(1) > 200, true) << "the brush ROI must not take the disc's vertices away (they do not overlap)";
  // The ROIs dock lists the drawn set with both ROIs.
  const auto* tree = window.roiPanel()->tree();
  const auto* top = tree->topLevelItem(tree->topLevelItemCount() - 1);
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->text(0), QString::fromStdString(vl::core::RoiDrawPanelModel::kSetName));
  EXPECT_EQ(top->childCount(), 2);
  EXPECT_FALSE(dock->visibleRegion().isEmpty()) << "clicks while drawing must not hide the Draw ROI tab";

  if (const char* file = std::getenv("VOXELLENS_ROI_SCREENSHOT")) {
    QTest::qWait(300);
    ASSERT_TRUE(window.grab().save(QString::fromUtf8(file), "PNG"));
  }
}

TEST(MainWindow, ClickInsideAnRoiSelectsAndHighlightsItAndEscClearsIt) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  ASSERT_FALSE(window.study()->roiSets().empty());
  // Show the Harvard-Oxford atlas (the first demo set) and only it: it is then the top visible set.
  for (std::size_t i = 0; i < window.study()->roiSets().size(); ++i) {
    auto display = window.study()->roiSets()[i].display;
    display.visible = i == 0;
    window.study()->setRoiDisplay(i, display);
  }
  window.brainView()->applyViewPreset({vl::render::View::Lateral, vl::core::Hemisphere::Left});
  QSignalSpy frame(window.brainView(), &vl::widgets::BrainView::frameRendered);
  ASSERT_TRUE(frame.wait(10000));
  QSignalSpy inspected(&window, &MainWindow::vertexInspected);
  QSignalSpy selected(&window, &MainWindow::roiSelected);
  QSignalSpy cleared(&window, &MainWindow::roiSelectionCleared);
  QTest::mouseClick(window.brainView(), Qt::LeftButton, {}, window.brainView()->rect().center());
  ASSERT_EQ(inspected.size(), 1);
  const int vertex = inspected.front().at(1).toInt();
  const int key = window.study()->roiSets()[0].data->keys[0][static_cast<std::size_t>(vertex)];
  ASSERT_EQ(selected.size(), 1) << "the centre of the lateral view lies inside a Harvard-Oxford region";
  EXPECT_EQ(selected.front().at(0).toInt(), 0);
  EXPECT_EQ(selected.front().at(1).toInt(), key);
  // Shown in the ROI list and highlighted in the view.
  auto* current = window.roiPanel()->tree()->currentItem();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->text(1).toInt(), key);
  const auto highlight = window.brainView()->scene().roiHighlight();
  ASSERT_TRUE(highlight.has_value());
  EXPECT_EQ(highlight->key, key);
  auto* lines = window.brainView()->scene().outlines().highlightOutline(vl::core::Hemisphere::Left);
  ASSERT_NE(lines, nullptr);
  EXPECT_GT(lines->GetNumberOfLines(), 50);
  QTest::keyClick(window.brainView(), Qt::Key_Escape);
  EXPECT_EQ(cleared.size(), 1);
  EXPECT_FALSE(window.brainView()->scene().roiHighlight().has_value());
}

TEST(MainWindow, BackgroundColourIsRememberedAndUsedForScreenshots) {
  {
    MainWindow window;
    ASSERT_TRUE(waitForStudy(window));
    window.setBackgroundColour(QColor(0x20, 0x20, 0x20));
    const auto file = std::filesystem::temp_directory_path() / "voxellens-background-export.png";
    window.exportScreenshot(file, 320, 200);
    QImage image(QString::fromStdString(file.string()));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.pixelColor(1, 1), QColor(0x20, 0x20, 0x20));
    std::filesystem::remove(file);
  }
  MainWindow next;  // a new window starts with the remembered colour
  EXPECT_EQ(next.brainView()->backgroundColour().name(), QStringLiteral("#202020"));
  next.setBackgroundColour(Qt::white);  // leave the settings as the other tests expect them
}

int main(int argc, char** argv) {
  vl::widgets::BrainView::setDefaultSurfaceFormat();
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("VoxelLensTests"));
  // Never the user's own settings: an INI file in a folder of this run, removed at the end.
  const vl::fixtures::TempDir settings;
  vl::app::useSettingsFolder(QString::fromStdString(settings.path.string()));
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

TEST(MainWindow, OpensAStudyFolderWithItsResponses) {
  vl::fixtures::SmallStudyFolder folder;
  MainWindow window({folder.dir.path});
  ASSERT_TRUE(waitForStudy(window));
  ASSERT_TRUE(window.study());
  EXPECT_EQ(window.study()->name, "small");
  EXPECT_EQ(window.study()->shownSurface(vl::core::Hemisphere::Left)->vertexCount(), 642u);
  ASSERT_EQ(window.study()->roiSets().size(), 1u);
  ASSERT_TRUE(window.study()->experiment());
  EXPECT_EQ(window.study()->experiment()->train->rows, 6u);
  EXPECT_EQ(window.study()->experiment()->columns.columnCount(), folder.columns);
}

TEST(MainWindow, AStudyWithResponsesGetsItsEncoderR2LayerInTheBackground) {
  vl::fixtures::SmallStudyFolder folder;
  vl::fixtures::writeImageEmbedder(folder.dir.path / "plugins" / "test-embedder");
  vl::fixtures::ScopedVariable plugins("VOXELLENS_PLUGINS", (folder.dir.path / "plugins").string());
  MainWindow window({folder.dir.path});
  QSignalSpy ready(window.studyModels(), &vl::app::StudyModelsController::modelsReady);
  ASSERT_TRUE(waitForStudy(window));
  ASSERT_TRUE(!ready.isEmpty() || ready.wait(60000));
  const auto signal = ready.takeFirst();
  const QString summary = signal.at(0).toString();
  EXPECT_TRUE(summary.contains(QStringLiteral("fitted now"))) << summary.toStdString();
  EXPECT_TRUE(summary.contains(QStringLiteral("(chance "))) << summary.toStdString();
  const QString message = signal.at(1).toString();
  EXPECT_EQ(window.statusBar()->toolTip(), message);
  // The scores say their data: the fixture's training rows are single trials (one image twice: grouped CV), its
  // test rows means of 3.
  EXPECT_TRUE(message.contains(QString::fromUtf8("CV R\u00b2 by grouped k-fold on single trials"))) << message.toStdString();
  EXPECT_TRUE(message.contains(QString::fromUtf8("test R\u00b2 on repeat means (3 trials each)"))) << message.toStdString();
  const auto& layers = window.study()->layers();
  const auto encoder = std::find_if(layers.begin(), layers.end(), [](const vl::core::LayerEntry& entry) {
    return entry.data->name.rfind(vl::app::StudyModelsController::kEncoderLayerPrefix, 0) == 0;
  });
  ASSERT_NE(encoder, layers.end());
  EXPECT_NE(encoder->data->name.find(" on repeat means (3 trials each)"), std::string::npos) << encoder->data->name;
  ASSERT_TRUE(window.studyModels()->models());
  // Vertex 6 of the left hemisphere is column 2; the layer shows that column's held-out R^2.
  EXPECT_FLOAT_EQ(encoder->data->values[0].at(6), float(window.studyModels()->models()->encoder.testR2.at(2)));
  EXPECT_EQ(encoder->data->values[1].size(), 642u);
}

// What a user's start without files does: the demo study (written into the cache on the first start, read from it
// afterwards) with the planted ROIs, and its encoder R^2 layer once the background models are ready.
TEST(MainWindow, DefaultStartOpensTheDemoStudyAndFitsItsModels) {
  MainWindow window({}, true);
  QSignalSpy ready(window.studyModels(), &vl::app::StudyModelsController::modelsReady);
  window.show();
  ASSERT_TRUE(!ready.isEmpty() || ready.wait(600000));
  // The status line is read whole at the window's first size, beside the frame-time label (a quarter of it).
  const QString summary = ready.first().at(0).toString();
  EXPECT_EQ(window.statusBar()->currentMessage(), summary);
  EXPECT_LT(window.statusBar()->fontMetrics().horizontalAdvance(summary), window.width() * 3 / 4)
      << summary.toStdString();
  const auto study = window.study();
  ASSERT_TRUE(study && study->experiment());
  EXPECT_EQ(study->experiment()->train->rows, 9000u);
  EXPECT_EQ(study->experiment()->test->rows, 300u);
  EXPECT_EQ(study->experiment()->test->repeats, 3u);
  const auto& sets = study->roiSets();
  EXPECT_TRUE(std::any_of(sets.begin(), sets.end(), [](const vl::core::RoiSetEntry& set) {
    return set.data->name == "planted ROIs" && !set.data->keys[0].empty() && !set.data->keys[1].empty();
  }));
  // The decoder identifies held-out images far above chance (1/300).
  const auto models = window.studyModels()->models();
  ASSERT_TRUE(models);
  EXPECT_GT(models->decoder.topOne, 0.05);
  EXPECT_GT(models->decoder.twoWay, 0.8);
}
