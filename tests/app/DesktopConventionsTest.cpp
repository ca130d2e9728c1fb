// Desktop conventions of the window: one undo stack for display edits and drawn ROIs, Open Recent, Preferences,
// the keyboard shortcut list, asking before unsaved ROIs are lost, and the GUI log. Settings live in a temporary
// folder (main() in MainWindowTest.cpp), never the user's.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <filesystem>
#include <fstream>

#include "app/AppLog.h"
#include "app/AppSettings.h"
#include "app/MainWindow.h"
#include "app/RecentFiles.h"
#include "core/io/CachePaths.h"
#include "core/io/FreeSurferCurv.h"
#include "render/ViewPreset.h"
#include "tests/support/TempDir.h"
#include "widgets/BrainView.h"
#include "widgets/JobRunner.h"
#include "widgets/LayersPanel.h"
#include "widgets/PreferencesDialog.h"
#include "widgets/RoiDrawPanel.h"

#include "tests/app/WindowWaits.h"

using vl::app::MainWindow;

namespace {
using vl::testing::waitForStudy;

// A layer on the left hemisphere: the vertex's y coordinate plus `offset` (positive everywhere with a large one).
vl::core::LayerId addLayer(MainWindow& window, const vl::fixtures::TempDir& dir, float offset) {
  const auto left = window.study()->shownSurface(vl::core::Hemisphere::Left);
  std::vector<float> values(left->vertexCount());
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = left->vertices[v][1] + offset;
  const auto file = dir.path / "lh.desktop-test";
  vl::core::writeFreeSurferCurv(file, values);
  QSignalSpy added(&window, &MainWindow::filesAdded);
  window.openFiles({file});
  EXPECT_TRUE(added.wait(30000));
  return window.study()->layers().back().id;
}

void touch(const std::filesystem::path& file) { std::ofstream(file) << "x"; }
}  // namespace

TEST(RecentFiles, NewestFirstAtMostTenAndMissingOnesPruned) {
  vl::fixtures::TempDir dir;
  vl::app::RecentFiles recent(QStringLiteral("test/recent"));
  recent.clear();
  for (int i = 0; i < 12; ++i) {
    const auto file = dir.path / ("file" + std::to_string(i));
    touch(file);
    recent.add(QString::fromStdString(file.string()));
  }
  auto entries = recent.entries();
  ASSERT_EQ(entries.size(), vl::app::RecentFiles::kMax);
  EXPECT_TRUE(entries.front().endsWith(QStringLiteral("file11")));
  EXPECT_TRUE(entries.back().endsWith(QStringLiteral("file2")));  // file0 and file1 fell off the end
  // Opening one again moves it to the top without duplicating it.
  recent.add(QString::fromStdString((dir.path / "file5").string()));
  entries = recent.entries();
  EXPECT_EQ(entries.size(), vl::app::RecentFiles::kMax);
  EXPECT_TRUE(entries.front().endsWith(QStringLiteral("file5")));
  EXPECT_EQ(entries.count(QString::fromStdString((dir.path / "file5").string())), 1);
  // Files that went away are removed and reported, the rest keep their order.
  std::filesystem::remove(dir.path / "file5");
  std::filesystem::remove(dir.path / "file9");
  const auto missing = recent.pruneMissing();
  ASSERT_EQ(missing.size(), 2);
  EXPECT_TRUE(missing[0].endsWith(QStringLiteral("file5")));
  EXPECT_TRUE(missing[1].endsWith(QStringLiteral("file9")));
  entries = recent.entries();
  ASSERT_EQ(entries.size(), 8);
  EXPECT_TRUE(entries.front().endsWith(QStringLiteral("file11")));
  EXPECT_TRUE(entries[1].endsWith(QStringLiteral("file10")));
  EXPECT_TRUE(entries[2].endsWith(QStringLiteral("file8")));
  recent.clear();
}

TEST(GuiLog, AppendsAndStartsANewFileWhenFull) {
  vl::fixtures::TempDir dir;
  const auto log = dir.path / "voxellens.log";
  vl::app::appendToLog(QStringLiteral("error"), QStringLiteral("first"), log, 64);
  vl::app::appendToLog(QStringLiteral("error"), QStringLiteral("second, long enough to pass the cap of 64 bytes"), log, 64);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "voxellens.log.1"));
  vl::app::appendToLog(QStringLiteral("error"), QStringLiteral("third"), log, 64);
  ASSERT_TRUE(std::filesystem::exists(dir.path / "voxellens.log.1"));
  EXPECT_LT(std::filesystem::file_size(log), 64u);
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("error  third"), std::string::npos) << text;
  EXPECT_EQ(text.find("first"), std::string::npos) << text;
}

TEST(PreferencesDialog, ClearAsksFirstAndKeepsTheLog) {
  vl::fixtures::TempDir cache;
  std::filesystem::create_directories(cache.path / "demo-study" / "sub");
  std::ofstream(cache.path / "demo-study" / "sub" / "data.bin") << std::string(5000, 'x');
  std::ofstream(cache.path / "voxellens.log") << std::string(100, 'l');
  vl::widgets::JobRunner jobs(1);
  vl::widgets::PreferencesDialog dialog({QStringLiteral("hot"), QColor(0x33, 0x33, 0x33), {}}, cache.path, &jobs);
  QSignalSpy measured(&dialog, &vl::widgets::PreferencesDialog::cacheSizeMeasured);
  ASSERT_TRUE(measured.wait(10000));
  EXPECT_EQ(measured.takeFirst().at(0).toULongLong(), 5100u);
  EXPECT_EQ(dialog.preferences().defaultColourMap, QStringLiteral("hot"));
  dialog.colourMapBox()->setCurrentText(QStringLiteral("inferno"));
  EXPECT_EQ(dialog.preferences().defaultColourMap, QStringLiteral("inferno"));
  EXPECT_EQ(dialog.preferences().background, QColor(0x33, 0x33, 0x33));

  bool asked = false;
  dialog.setClearConfirmation([&] { asked = true; return false; });
  dialog.clearButton()->click();
  EXPECT_TRUE(asked);
  EXPECT_TRUE(std::filesystem::exists(cache.path / "demo-study" / "sub" / "data.bin"));  // "No" deletes nothing
  dialog.setClearConfirmation([] { return true; });
  QSignalSpy cleared(&dialog, &vl::widgets::PreferencesDialog::cacheCleared);
  dialog.clearButton()->click();
  ASSERT_TRUE(cleared.wait(10000));
  EXPECT_EQ(cleared.takeFirst().at(0).toULongLong(), 5000u);
  EXPECT_FALSE(std::filesystem::exists(cache.path / "demo-study"));
  EXPECT_TRUE(std::filesystem::exists(cache.path / "voxellens.log"));
  ASSERT_TRUE(measured.wait(10000));
  EXPECT_EQ(measured.takeFirst().at(0).toULongLong(), 100u);
}

// Another cache folder (a bigger disk) is chosen in the dialog, stored in the settings and used by the core from
// the next start; Default goes back to the XDG rule; a relative folder in a hand-edited settings file is ignored.
TEST(PreferencesDialog, AChosenCacheFolderIsUsedFromTheNextStart) {
  vl::fixtures::TempDir cache, bigDisk;
  vl::widgets::JobRunner jobs(1);
  vl::widgets::PreferencesDialog dialog({QStringLiteral("viridis"), Qt::white, {}}, cache.path, &jobs);
  EXPECT_TRUE(dialog.preferences().cacheFolder.isEmpty());
  const QString chosen = QString::fromStdString((bigDisk.path / "voxellens").string());
  dialog.chooseCacheFolder(chosen);
  EXPECT_EQ(dialog.preferences().cacheFolder, chosen);
  EXPECT_TRUE(dialog.nextCacheFolderLabel()->text().startsWith(chosen)) << dialog.nextCacheFolderLabel()->text().toStdString();

  vl::app::setChosenCacheFolder(dialog.preferences().cacheFolder);
  vl::app::useChosenCacheFolder();  // what the next start does
  EXPECT_EQ(vl::core::cacheDirectory(), bigDisk.path / "voxellens");
  EXPECT_TRUE(std::filesystem::is_directory(bigDisk.path / "voxellens"));

  dialog.chooseCacheFolder({});
  vl::app::setChosenCacheFolder(dialog.preferences().cacheFolder);
  EXPECT_TRUE(vl::app::chosenCacheFolder().isEmpty());
  vl::core::useCacheDirectory({});
  vl::app::setChosenCacheFolder(QStringLiteral("relative/cache"));
  vl::app::useChosenCacheFolder();
  EXPECT_EQ(vl::core::cacheDirectory().filename(), "voxellens");
  EXPECT_NE(vl::core::cacheDirectory(), std::filesystem::path("relative/cache"));
  vl::app::setChosenCacheFolder({});
}

TEST(MainWindow, UndoAndRedoAThresholdChangeRestoreExactValues) {
  vl::fixtures::TempDir dir;
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto id = addLayer(window, dir, 0.0f);
  auto* tree = window.layersPanel()->tree();
  tree->setCurrentItem(tree->topLevelItem(2)->child(0));
  const auto before = window.study()->findLayer(id)->display;
  // A mode change and two steps of the threshold: one "Threshold" command.
  window.layersPanel()->thresholdModeBox()->setCurrentIndex(static_cast<int>(vl::core::ThresholdMode::Value));
  window.layersPanel()->thresholdBox()->setValue(1.25);
  window.layersPanel()->thresholdBox()->setValue(3.75);
  const auto after = window.study()->findLayer(id)->display;
  EXPECT_EQ(after.threshold, 3.75);
  EXPECT_EQ(after.thresholdMode, vl::core::ThresholdMode::Value);
  auto* stack = window.undoStack();
  ASSERT_EQ(stack->count(), 1);
  EXPECT_EQ(stack->undoText(), QStringLiteral("Threshold"));
  stack->undo();
  EXPECT_EQ(window.study()->findLayer(id)->display, before);
  EXPECT_EQ(window.layersPanel()->thresholdBox()->value(), before.threshold);  // the panel follows
  stack->redo();
  EXPECT_EQ(window.study()->findLayer(id)->display, after);
  // A colour map choice is a step of its own; the Edit menu's Ctrl+Z / Ctrl+Shift+Z actions name it.
  window.layersPanel()->colourMapBox()->setCurrentText(QStringLiteral("hot"));
  EXPECT_EQ(stack->count(), 2);
  EXPECT_EQ(stack->undoText(), QStringLiteral("Colour Map"));
  const auto action = [&](const QKeySequence& keys) -> QAction* {
    for (auto* candidate : window.findChildren<QAction*>())
      if (candidate->shortcut() == keys) return candidate;
    return nullptr;
  };
  auto* undo = action(QKeySequence(QStringLiteral("Ctrl+Z")));
  auto* redo = action(QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
  ASSERT_TRUE(undo && redo);
  EXPECT_EQ(undo->text(), QStringLiteral("&Undo Colour Map"));
  undo->trigger();
  EXPECT_EQ(window.study()->findLayer(id)->display, after);
  EXPECT_EQ(redo->text(), QStringLiteral("&Redo Colour Map"));
  redo->trigger();
  EXPECT_EQ(window.study()->findLayer(id)->display.colourMap, "hot");
}

TEST(MainWindow, UndoAndRedoADrawnDiscAndQuittingWithUnsavedRoisAsks) {
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  window.findChild<QDockWidget*>("roiDrawDock")->raise();
  auto* view = window.brainView();
  view->applyViewPreset({vl::render::View::Lateral, vl::core::Hemisphere::Left});
  QSignalSpy frames(view, &vl::widgets::BrainView::frameRendered);
  ASSERT_TRUE(frames.wait(10000));
  auto* panel = window.roiDrawPanel();
  panel->setDrawing(true);
  panel->findChild<QDoubleSpinBox*>("radius")->setValue(8.0);
  EXPECT_FALSE(panel->hasUnsavedRois());
  QTest::mouseClick(view, Qt::LeftButton, {}, view->rect().center() - QPoint(view->width() / 8, 0));
  ASSERT_FALSE(window.study()->roiSets().empty());
  const auto drawn = [&] { return window.study()->roiSets().back().data->keys; };
  const auto afterDisc = drawn();
  const auto inDisc = std::count(afterDisc[0].begin(), afterDisc[0].end(), 1);
  EXPECT_GT(inDisc, 100);
  auto* stack = window.undoStack();
  ASSERT_EQ(stack->count(), 1);
  EXPECT_EQ(stack->undoText(), QStringLiteral("Disc"));
  EXPECT_TRUE(panel->hasUnsavedRois());
  stack->undo();
  const auto undone = drawn();
  EXPECT_EQ(std::count(undone[0].begin(), undone[0].end(), 1), 0);
  EXPECT_EQ(std::count(undone[1].begin(), undone[1].end(), 1), 0);
  stack->redo();
  EXPECT_EQ(drawn(), afterDisc);  // every vertex's key as it was

  // Closing asks; Cancel keeps the window open, Discard closes it.
  int asked = 0;
  window.setUnsavedRoisQuestion([&] { ++asked; return int(QMessageBox::Cancel); });
  EXPECT_FALSE(window.close());
  EXPECT_EQ(asked, 1);
  EXPECT_TRUE(window.isVisible());
  window.setUnsavedRoisQuestion([&] { ++asked; return int(QMessageBox::Discard); });
  EXPECT_TRUE(window.close());
  EXPECT_EQ(asked, 2);
}

TEST(MainWindow, PreferredColourMapColoursNewLayersOfPositiveValues) {
  vl::fixtures::TempDir dir;
  vl::app::setDefaultColourMap(QStringLiteral("inferno"));
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  const auto id = addLayer(window, dir, 1000.0f);  // positive everywhere: a one-sided map
  EXPECT_EQ(window.study()->findLayer(id)->display.colourMap, "inferno");
  EXPECT_EQ(window.undoStack()->count(), 0);  // how a layer arrives is not an edit
  vl::app::setDefaultColourMap(QStringLiteral("viridis"));
  const auto signedId = addLayer(window, dir, 0.0f);  // signed values keep their two-sided map
  EXPECT_EQ(window.study()->findLayer(signedId)->display.colourMap, "coolwarm");
}

TEST(MainWindow, OpenRecentListsOpenedFilesAndDropsMissingOnesWithAMessage) {
  vl::fixtures::TempDir dir;
  MainWindow window;
  ASSERT_TRUE(waitForStudy(window));
  window.recentFiles().clear();
  addLayer(window, dir, 0.0f);
  const auto gone = dir.path / "lh.gone";
  touch(gone);
  window.recentFiles().add(QString::fromStdString(gone.string()));
  std::filesystem::remove(gone);
  window.refreshRecentMenu();
  QStringList shown;
  for (auto* action : window.recentMenu()->actions())
    if (action->data().isValid()) shown << action->data().toString();
  ASSERT_EQ(shown.size(), 1);
  EXPECT_TRUE(shown.front().endsWith(QStringLiteral("lh.desktop-test")));
  auto* box = window.findChild<QMessageBox*>();
  ASSERT_NE(box, nullptr);
  EXPECT_TRUE(box->text().contains(QStringLiteral("lh.gone"))) << box->text().toStdString();
  window.recentFiles().clear();
}

TEST(MainWindow, KeyboardShortcutsListEveryMenuShortcut) {
  MainWindow window;
  const QString text = window.keyboardShortcutsText();
  for (const char* expected : {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+O", "Ctrl+I", "Ctrl+R", "Ctrl+E", "Ctrl+,"})
    EXPECT_TRUE(text.contains(QLatin1String(expected))) << expected;
  EXPECT_TRUE(text.contains(QStringLiteral("Edit &gt; Undo"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("Alt+click")));  // the mouse part stays
}
