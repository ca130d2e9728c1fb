// Sessions: File > Save Session writes a scene (plus the computed layers beside it) that a fresh window opens to
// the same layers, thresholds, camera and image; a scene naming a missing file opens the rest and lists it.
#include <gtest/gtest.h>

#include <set>

#include <QImage>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <cmath>
#include <filesystem>

#include "app/CrashRecovery.h"
#include "app/MainWindow.h"
#include "render/FigureExport.h"
#include "widgets/ExportFigureDialog.h"
#include "core/io/FreeSurferCurv.h"
#include "core/panels/RoiDrawPanelModel.h"
#include "core/scene/SceneDocument.h"
#include "render/ViewPreset.h"
#include "tests/support/TempDir.h"
#include "widgets/BrainView.h"

#include "tests/app/WindowWaits.h"

using vl::app::MainWindow;

namespace {
using vl::testing::waitForStudy;

const vl::core::LayerEntry* layerNamed(const vl::core::Study& study, const std::string& name) {
  for (const auto& entry : study.layers())
    if (entry.data->name == name) return &entry;
  return nullptr;
}

// Mean absolute difference per channel, 0..255.
double meanDifference(const QImage& a, const QImage& b) {
  double sum = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) {
      const QColor p = a.pixelColor(x, y), q = b.pixelColor(x, y);
      sum += std::abs(p.red() - q.red()) + std::abs(p.green() - q.green()) + std::abs(p.blue() - q.blue());
    }
  return sum / (3.0 * a.width() * a.height());
}
}  // namespace

TEST(Session, SavedAndOpenedInAFreshWindowShowsTheSameView) {
  vl::fixtures::TempDir dir;
  MainWindow first;
  ASSERT_TRUE(waitForStudy(first));
  // A layer from a file, and a computed one (as the model maps are) on both hemispheres.
  const auto left = first.study()->shownSurface(vl::core::Hemisphere::Left);
  const auto right = first.study()->shownSurface(vl::core::Hemisphere::Right);
  std::vector<float> height(left->vertexCount());
  for (std::size_t v = 0; v < height.size(); ++v) height[v] = left->vertices[v][2];
  QSignalSpy added(&first, &MainWindow::filesAdded);
  std::filesystem::create_directories(dir.path / "data");
  vl::core::writeFreeSurferCurv(dir.path / "data" / "lh.height", height);
  first.openFiles({dir.path / "data" / "lh.height"});
  ASSERT_TRUE(added.wait(30000));
  const auto heightId = first.study()->layers().back().id;
  auto computed = std::make_shared<vl::core::SurfaceLayer>();
  computed->name = "model map (R2)";
  computed->values[0].resize(left->vertexCount());
  computed->values[1].resize(right->vertexCount());
  for (std::size_t v = 0; v < computed->values[0].size(); ++v) computed->values[0][v] = float(v % 97) / 97.0f;
  for (std::size_t v = 0; v < computed->values[1].size(); ++v) computed->values[1][v] = float(v % 13) / 13.0f;
  vl::core::LayerDisplay display;
  display.colourMap = "inferno";
  display.rangeMin = 0.1;
  display.rangeMax = 0.9;
  display.thresholdMode = vl::core::ThresholdMode::Value;
  display.threshold = 0.3125;
  display.opacity = 0.75f;
  first.study()->addLayer(computed, display);
  auto heightDisplay = first.study()->findLayer(heightId)->display;
  heightDisplay.thresholdMode = vl::core::ThresholdMode::Magnitude;
  heightDisplay.threshold = 12.5;
  heightDisplay.colourMap = "coolwarm";
  first.study()->setLayerDisplay(heightId, heightDisplay);
  // Drawn ROIs (as the Draw ROI dock keeps them: one set named "Drawn ROIs"), on both hemispheres.
  auto drawn = std::make_shared<vl::core::Parcellation>();
  drawn->name = vl::core::RoiDrawPanelModel::kSetName;
  drawn->keys[0].assign(left->vertexCount(), 0);
  drawn->keys[1].assign(right->vertexCount(), 0);
  for (std::size_t v = 0; v < 400; ++v) drawn->keys[0][v * 7] = 1;
  for (std::size_t v = 0; v < 300; ++v) drawn->keys[1][v * 11 + 5] = 2;
  drawn->labels = {{1, "my V4", {0.9f, 0.1f, 0.1f, 1.0f}}, {2, "my LO", {0.1f, 0.2f, 0.9f, 1.0f}}};
  vl::core::RoiDisplay outline;
  outline.mode = vl::core::RoiDrawMode::Outline;
  first.study()->addRoiSet(drawn, outline);
  first.setBackgroundColour(QColor(0x10, 0x20, 0x30));
  first.brainView()->applyViewPreset({vl::render::View::Ventral, std::nullopt});
  const auto camera = first.brainView()->scene().cameraState();

  const auto scene = dir.path / "figure" / "scene.json";
  std::filesystem::create_directories(scene.parent_path());
  QSignalSpy saved(&first, &MainWindow::sessionSaved);
  first.saveSession(scene);
  ASSERT_TRUE(saved.wait(30000));
  ASSERT_TRUE(std::filesystem::exists(scene));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "figure" / "scene-layers" / "lh.model_map__R2_.npy"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "figure" / "scene-layers" / "rh.model_map__R2_.npy"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "figure" / "scene-layers" / "lh.Drawn_ROIs.label.gii"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "figure" / "scene-layers" / "rh.Drawn_ROIs.label.gii"));
  // Paths are relative to the scene file.
  const auto read = vl::core::readScene(scene);
  EXPECT_TRUE(read.notRestored.empty());
  first.exportScreenshot(dir.path / "first.png", 320, 240);
  first.setBackgroundColour(Qt::white);  // the user's setting as the other tests expect it

  MainWindow second({scene});
  QSignalSpy opened(&second, &MainWindow::sessionOpened);
  ASSERT_TRUE(waitForStudy(second));
  ASSERT_TRUE(!opened.isEmpty() || opened.wait(30000));
  EXPECT_TRUE(opened.takeFirst().at(0).toStringList().isEmpty());
  ASSERT_EQ(second.study()->layers().size(), first.study()->layers().size());
  for (std::size_t i = 0; i < first.study()->layers().size(); ++i) {
    const auto& a = first.study()->layers()[i];
    const auto& b = second.study()->layers()[i];
    EXPECT_EQ(a.data->name, b.data->name) << i;
    EXPECT_EQ(a.display.colourMap, b.display.colourMap) << a.data->name;
    EXPECT_EQ(a.display.rangeMin, b.display.rangeMin) << a.data->name;
    EXPECT_EQ(a.display.rangeMax, b.display.rangeMax) << a.data->name;
    EXPECT_EQ(a.display.thresholdMode, b.display.thresholdMode) << a.data->name;
    EXPECT_EQ(a.display.threshold, b.display.threshold) << a.data->name;
    EXPECT_EQ(a.display.opacity, b.display.opacity) << a.data->name;
    EXPECT_EQ(a.data->values, b.data->values) << a.data->name;
  }
  // The drawn ROIs come back as one set, every vertex's key and both names.
  const vl::core::Parcellation* back = nullptr;
  for (const auto& entry : second.study()->roiSets())
    if (entry.data->name == vl::core::RoiDrawPanelModel::kSetName) back = entry.data.get();
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->keys[0], drawn->keys[0]);
  EXPECT_EQ(back->keys[1], drawn->keys[1]);
  std::set<std::string> names;
  for (const auto& label : back->labels) names.insert(label.name);
  EXPECT_TRUE(names.count("my V4") && names.count("my LO"));
  const auto restored = second.brainView()->scene().cameraState();
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(restored.position[k], camera.position[k], 1e-6);
    EXPECT_NEAR(restored.focalPoint[k], camera.focalPoint[k], 1e-6);
    EXPECT_NEAR(restored.viewUp[k], camera.viewUp[k], 1e-6);
  }
  EXPECT_NEAR(restored.viewAngle, camera.viewAngle, 1e-6);
  EXPECT_EQ(second.brainView()->backgroundColour().name(), QStringLiteral("#102030"));
  second.exportScreenshot(dir.path / "second.png", 320, 240);
  const QImage a(QString::fromStdString((dir.path / "first.png").string()));
  const QImage b(QString::fromStdString((dir.path / "second.png").string()));
  ASSERT_FALSE(a.isNull());
  ASSERT_EQ(a.size(), b.size());
  const double difference = meanDifference(a, b);
  std::printf("session round trip: mean |difference| %.3f of 255 per channel\n", difference);
  EXPECT_LT(difference, 1.0);
  // The image shows something: not just the background.
  EXPECT_GT(meanDifference(a, QImage(a.size(), a.format())), 1.0);
  second.setBackgroundColour(Qt::white);
}

TEST(Session, AMissingFileIsListedAndTheRestOpens) {
  vl::fixtures::TempDir dir;
  vl::core::SceneDocument scene;
  scene.demoBrain = true;
  vl::core::SceneLayer missing;
  missing.name = "gone";
  missing.file = dir.path / "lh.gone.mgh";
  scene.layers.push_back(missing);
  vl::core::SceneLayer curvature;
  curvature.name = "Curvature";
  curvature.colourMap = "curvature";
  curvature.rangeLow = -0.25;
  curvature.rangeHigh = 0.5;
  scene.layers.push_back(curvature);
  scene.selectedRois.push_back("no such ROI");
  const auto file = dir.path / "scene.json";
  vl::core::writeScene(file, scene);
  MainWindow window({file});
  QSignalSpy opened(&window, &MainWindow::sessionOpened);
  ASSERT_TRUE(waitForStudy(window));
  ASSERT_TRUE(!opened.isEmpty() || opened.wait(30000));
  const QStringList notRestored = opened.takeFirst().at(0).toStringList();
  const QString all = notRestored.join(QLatin1Char('\n'));
  EXPECT_TRUE(all.contains(QStringLiteral("lh.gone.mgh"))) << all.toStdString();
  EXPECT_TRUE(all.contains(QStringLiteral("no such ROI"))) << all.toStdString();
  const auto* restored = layerNamed(*window.study(), "Curvature");
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->display.rangeMin, -0.25);
  EXPECT_EQ(restored->display.rangeMax, 0.5);
  EXPECT_EQ(layerNamed(*window.study(), "gone"), nullptr);
}

TEST(Session, AutosaveWritesARecoveryFileThatTheNextStartOffers) {
  vl::fixtures::TempDir folder;
  std::filesystem::path ownFile;
  std::size_t layers = 0;
  {
    MainWindow window;
    ASSERT_TRUE(waitForStudy(window));
    auto* recovery = window.crashRecovery();
    recovery->setFolder(folder.path);
    recovery->markChanged();
    QSignalSpy autosaved(recovery, &vl::app::CrashRecovery::autosaved);
    ASSERT_TRUE(recovery->autosaveNow());
    ASSERT_TRUE(autosaved.wait(30000));
    ownFile = recovery->file();
    ASSERT_TRUE(std::filesystem::exists(ownFile));
    EXPECT_FALSE(recovery->autosaveNow());  // nothing changed since
    EXPECT_TRUE(vl::app::CrashRecovery::leftBehind(folder.path).empty());  // this process is running
    layers = window.study()->layers().size();
    // What a crash leaves: the file of a process that is gone (pid 4194303 is above the default pid_max).
    std::filesystem::copy_file(ownFile, folder.path / "session-4194303.json");
  }
  EXPECT_FALSE(std::filesystem::exists(ownFile)) << "a normal end removes its own recovery file";
  ASSERT_EQ(vl::app::CrashRecovery::leftBehind(folder.path).size(), 1u);

  MainWindow next;
  ASSERT_TRUE(waitForStudy(next));
  next.crashRecovery()->setFolder(folder.path);
  QString offered;
  next.setRecoveryQuestion([&](const QString& file) { offered = file; return true; });
  QSignalSpy opened(&next, &MainWindow::sessionOpened);
  next.offerRecovery();
  EXPECT_TRUE(offered.endsWith(QStringLiteral("session-4194303.json"))) << offered.toStdString();
  ASSERT_TRUE(opened.wait(60000));
  EXPECT_EQ(next.study()->layers().size(), layers);
  EXPECT_FALSE(std::filesystem::exists(folder.path / "session-4194303.json")) << "restored: no longer offered";
  EXPECT_TRUE(next.sessionFile().empty()) << "Save Session asks for a name after a recovery";
}

TEST(Session, ExportFigureRunsInABackgroundJobAndWritesProvenance) {
  vl::fixtures::TempDir dir;
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  window.brainView()->applyViewPreset({vl::render::View::Lateral, vl::core::Hemisphere::Left});
  vl::render::FigureOptions options;
  options.width = 480;
  options.height = 320;
  options.dpi = 150;
  options.montage = "lateral-medial";
  options.panelLetters = true;
  QSignalSpy exported(&window, &MainWindow::figureExported);
  const auto file = dir.path / "figure.png";
  ASSERT_NE(window.exportFigure(options, file), 0u);
  EXPECT_EQ(window.exportFigure(options, file), 0u) << "one export at a time";
  ASSERT_TRUE(exported.wait(120000));
  const auto signal = exported.takeFirst();
  EXPECT_TRUE(signal.at(1).toString().isEmpty()) << signal.at(1).toString().toStdString();
  const QImage image(QString::fromStdString(file.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.width(), 480);
  EXPECT_EQ(image.height(), 320);
  EXPECT_TRUE(std::filesystem::exists(vl::render::provenancePathFor(file)));
  // A figure into a folder that does not exist fails with a message and leaves nothing.
  ASSERT_NE(window.exportFigure(options, dir.path / "missing" / "figure.svg"), 0u);
  ASSERT_TRUE(exported.wait(60000));
  EXPECT_FALSE(exported.takeFirst().at(1).toString().isEmpty());
  EXPECT_FALSE(std::filesystem::exists(dir.path / "missing"));
}

TEST(ExportFigureDialog, OffersTheSelectivityPanelWhenATargetIsSelected) {
  vl::widgets::ExportFigureDialog dialog(QStringLiteral("/tmp/out/figure.png"), nullptr, true);
  EXPECT_TRUE(dialog.selectivityPanelBox()->isEnabled());
  EXPECT_TRUE(dialog.selectivityPanelBox()->isChecked());
  EXPECT_TRUE(dialog.options().selectivityPanel);
  dialog.selectivityPanelBox()->setChecked(false);
  EXPECT_FALSE(dialog.options().selectivityPanel);
}

TEST(ExportFigureDialog, FillsTheOptionsTheRenderCommandUses) {
  vl::widgets::ExportFigureDialog dialog(QStringLiteral("/tmp/out/figure.png"));
  dialog.formatBox()->setCurrentIndex(2);
  EXPECT_EQ(dialog.file(), std::filesystem::path("/tmp/out/figure.pdf"));
  dialog.widthBox()->setValue(3000);
  dialog.heightBox()->setValue(2000);
  dialog.dpiBox()->setValue(600);
  dialog.transparentBox()->setChecked(true);
  dialog.lettersBox()->setChecked(true);
  dialog.viewsBox()->setCurrentIndex(dialog.viewsBox()->findData(QStringLiteral("ventral")));
  const auto options = dialog.options();
  ASSERT_TRUE(options.format.has_value());
  EXPECT_EQ(*options.format, vl::render::FigureFormat::Pdf);
  EXPECT_EQ(options.width, 3000);
  EXPECT_EQ(options.height, 2000);
  EXPECT_EQ(options.dpi, 600);
  EXPECT_TRUE(options.transparent);
  EXPECT_TRUE(options.panelLetters);
  EXPECT_EQ(options.montage, "ventral");
  dialog.viewsBox()->setCurrentIndex(0);
  EXPECT_EQ(dialog.options().montage, "");  // the window's current view
  // A custom grid: rows x columns of named views, checked before Export.
  dialog.viewsBox()->setCurrentIndex(dialog.viewsBox()->findData(QStringLiteral("grid")));
  dialog.rowsBox()->setValue(1);
  dialog.columnsBox()->setValue(3);
  dialog.gridViewsEdit()->setText(QStringLiteral("lateral-left, ventral,posterior"));
  dialog.roiNamesBox()->setChecked(true);
  EXPECT_TRUE(dialog.gridProblem().isEmpty()) << dialog.gridProblem().toStdString();
  const auto grid = dialog.options();
  EXPECT_EQ(grid.montage, "");
  EXPECT_EQ(grid.rows, 1);
  EXPECT_EQ(grid.columns, 3);
  EXPECT_EQ(grid.views, (std::vector<std::string>{"lateral-left", "ventral", "posterior"}));
  EXPECT_TRUE(grid.roiNames);
  dialog.gridViewsEdit()->setText(QStringLiteral("lateral-left,sideways,posterior"));
  EXPECT_TRUE(dialog.gridProblem().contains(QStringLiteral("sideways")));
  dialog.gridViewsEdit()->setText(QStringLiteral("lateral-left,ventral"));
  EXPECT_TRUE(dialog.gridProblem().contains(QStringLiteral("3 cells")));
  // Without a selectivity target the gallery cannot be included; the scale bar and orthographic views fill their
  // options.
  EXPECT_FALSE(dialog.selectivityPanelBox()->isEnabled());
  EXPECT_FALSE(dialog.options().selectivityPanel);
  EXPECT_TRUE(dialog.options().scaleBar);
  dialog.scaleBarBox()->setChecked(false);
  dialog.orthographicBox()->setChecked(true);
  EXPECT_FALSE(dialog.options().scaleBar);
  EXPECT_TRUE(dialog.options().orthographic);
  if (const char* shot = std::getenv("VOXELLENS_EXPORT_DIALOG_SCREENSHOT")) {
    dialog.show();
    QTest::qWait(200);
    ASSERT_TRUE(dialog.grab().save(QString::fromUtf8(shot), "PNG"));
  }
}
