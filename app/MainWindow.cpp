#include "app/MainWindow.h"

#include <cstdio>

#include "app/AppLog.h"
#include "app/AppSettings.h"
#include "app/CrashRecovery.h"
#include "app/RecentFiles.h"
#include "app/ReconstructionController.h"
#include "app/SelectivityController.h"
#include "app/UndoCommands.h"
#include "app/SynthesisInputs.h"
#include "app/StudyModelsController.h"

#include <QApplication>
#include <QCloseEvent>
#include <QUndoStack>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QFileDialog>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QColorDialog>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/VersionReport.h"
#include "core/demo/DemoAtlases.h"
#include "core/study/StudyFromMeshes.h"
#include "core/demo/SurfaceFiles.h"
#include "core/study/StudyFolderLoader.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/geometry/SurfaceInflation.h"
#include "core/study/StudyImport.h"
#include "core/io/CachePaths.h"
#include "core/scene/SceneGallery.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "render/FigureExport.h"
#include "render/LodProxy.h"
#include "render/ViewPreset.h"
#include "render/OffscreenRenderer.h"
#include "render/SurfacePickIndex.h"
#include "widgets/BrainView.h"
#include "widgets/JobRunner.h"
#include "widgets/InspectorPanel.h"
#include "widgets/JobsPanel.h"
#include "widgets/LayersPanel.h"
#include "widgets/ExportFigureDialog.h"
#include "widgets/PreferencesDialog.h"
#include "widgets/ReconstructionPanel.h"
#include "widgets/RoiDrawPanel.h"
#include "widgets/RoiHoverText.h"
#include "widgets/RoiPanel.h"
#include "widgets/SelectivityPanel.h"
#include "widgets/SynthesisPanel.h"
#include "widgets/StudyAdapter.h"

namespace vl::app {
namespace {
// About 12k triangles per hemisphere: llvmpipe draws two of those at well over 20 frames per second.
constexpr std::size_t kProxyTriangles = 12000;
}

MainWindow::MainWindow(std::vector<std::filesystem::path> files, bool openDemoStudy, QWidget* parent)
    : QMainWindow(parent) {
  sinceStart_.start();
  setWindowTitle(tr("VoxelLens"));
  // Most of the screen, at least 1280 x 800: the Selectivity dock on the left and the Layers and ROIs docks on the
  // right leave the brain too little room in a smaller window.
  QSize size(1280, 800);
  if (const auto* screen = QGuiApplication::primaryScreen()) {
    const auto available = screen->availableGeometry().size();
    size = size.expandedTo(available * 0.85).boundedTo(available);
  }
  resize(size);
  undoStack_ = new QUndoStack(this);
  recent_ = std::make_unique<RecentFiles>();
  adapter_ = new widgets::StudyAdapter(this);
  jobs_ = new widgets::JobRunner(2, this);
  studyModels_ = new StudyModelsController(jobs_, this);
  connect(studyModels_, &StudyModelsController::modelsReady, this,
          [this](const QString& summary, const QString& details) {
            statusBar()->showMessage(summary);
            statusBar()->setToolTip(details);
          });
  view_ = new widgets::BrainView(this);
  setCentralWidget(view_);

  buildDocks();
  connect(view_, &widgets::BrainView::vertexPicked, this, &MainWindow::inspectVertex);
  // ROI selection: the ROIs dock holds it; the view highlights it; a click on nothing or Esc lets it go.
  connect(rois_, &widgets::RoiPanel::roiSelected, this, [this](int set, int key) {
    view_->scene().setRoiHighlight(render::RoiHighlight{static_cast<std::size_t>(set), key});
    view_->update();
    Q_EMIT roiSelected(set, key);
  });
  connect(rois_, &widgets::RoiPanel::roiSelectionCleared, this, [this] {
    view_->scene().setRoiHighlight(std::nullopt);
    view_->update();
    Q_EMIT roiSelectionCleared();
  });
  connect(view_, &widgets::BrainView::selectionCleared, rois_, &widgets::RoiPanel::clearRoiSelection);
  connect(view_, &widgets::BrainView::hoverTextChanged, this, [this](const QString& text) {
    if (!text.isEmpty()) statusBar()->showMessage(QString(text).replace(QLatin1Char('\n'), QStringLiteral(" | ")));
  });
  // The selectivity explorer's target: the selected ROI (unless the click was drawing one), an ROI the ROIs dock
  // makes the target, or a disc around an Alt+clicked vertex.
  selectivity_ = new SelectivityController(jobs_, adapter_, studyModels_, selectivityPanel_, this);
  connect(studyModels_, &StudyModelsController::modelsReady, selectivity_, &SelectivityController::modelsReady);
  connect(this, &MainWindow::roiSelected, selectivity_, [this](int set, int key) {
    if (!roiDraw_->isDrawing()) selectivity_->selectRoi(set, key);
  });
  connect(rois_, &widgets::RoiPanel::makeTargetRequested, selectivity_, [this](int set, int key) {
    selectivity_->selectRoi(set, key);
    selectivityPanel_->parentWidget()->raise();
  });
  connect(view_, &widgets::BrainView::vertexAltPicked, selectivity_, &SelectivityController::selectDisc);
  // The Optimal stimuli dock synthesises for the selectivity explorer's current target, with the study's models.
  connect(selectivityPanel_, &widgets::SelectivityPanel::targetChanged, synthesisPanel_, [this] {
    if (const auto& current = selectivityPanel_->current()) synthesisPanel_->setTarget(current->result.target);
  });
  connect(studyModels_, &StudyModelsController::modelsReady, this, [this] {
    const auto study = adapter_->study();
    const auto models = studyModels_->models();
    if (!study || !study->experiment() || !models) return;
    jobs_->runForResult<std::shared_ptr<widgets::SynthesisPanelInputs>>(
        tr("Loading the synthesis models"),
        [experiment = study->experiment(), models](const core::JobContext&) {
          return makeSynthesisInputs(*experiment, models);
        },
        [this, study](std::shared_ptr<widgets::SynthesisPanelInputs> inputs) {
          if (adapter_->study() == study) synthesisPanel_->setInputs(inputs);
        });
  });

  frameLabel_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setMaximumWidth(220);
  progress_->hide();
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->hide();
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);
  statusBar()->addPermanentWidget(frameLabel_);
  connect(cancel_, &QToolButton::clicked, this, [this] {
    if (loadJob_) jobs_->cancel(loadJob_);
    if (exportJob_) jobs_->cancel(exportJob_);
  });
  connect(view_, &widgets::BrainView::frameRendered, this, &MainWindow::onFrame);
  connect(adapter_, &widgets::StudyAdapter::studyChanged, this, [this](int kind, qulonglong) {
    if (kind == static_cast<int>(core::StudyChange::Kind::Surfaces)) prepareLevelOfDetail();
  });
  connect(jobs_, &widgets::JobRunner::progressed, this, &MainWindow::onJobProgress);
  connect(jobs_, &widgets::JobRunner::finished, this, &MainWindow::onJobFinished);
  connectUndo();
  buildMenus();
  setAcceptDrops(true);
  view_->setBackgroundColour(defaultBackground());
  // The window as the user left it: size, place and the docks' layout.
  QSettings settings;
  if (settings.contains(QLatin1String(settings::kGeometry)))
    restoreGeometry(settings.value(QLatin1String(settings::kGeometry)).toByteArray());
  if (settings.contains(QLatin1String(settings::kState)))
    restoreState(settings.value(QLatin1String(settings::kState)).toByteArray());
  std::filesystem::path recoveryFolder;
  try {
    recoveryFolder = core::cacheDirectory() / "recovery";
  } catch (const std::exception& e) {
    appendToLog(QStringLiteral("error"), QString::fromStdString(e.what()));  // no autosave without a cache folder
  }
  recovery_ = new CrashRecovery(recoveryFolder, jobs_, [this](const std::filesystem::path& file) -> std::optional<CapturedSession> {
    if (!study() || isLoading()) return std::nullopt;
    return captureSession(file);
  }, this);
  connect(adapter_, &widgets::StudyAdapter::studyChanged, recovery_, &CrashRecovery::markChanged);
  connect(undoStack_, &QUndoStack::indexChanged, recovery_, &CrashRecovery::markChanged);
  recoveryQuestion_ = [this](const QString& file) {
    return QMessageBox::question(this, tr("Restore the last session?"),
                                 tr("VoxelLens did not close normally last time. Restore the session it saved "
                                    "(%1)?").arg(file)) == QMessageBox::Yes;
  };
  unsavedRoisQuestion_ = [this] {
    return static_cast<int>(QMessageBox::question(
        this, tr("Unsaved ROIs"), tr("The drawn ROIs are not saved. Save them before closing?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save));
  };

  if (!files.empty()) openFiles(files);
  else if (openDemoStudy) this->openDemoStudy(core::defaultDemoStudyFolder());
  else loadDemoBrain();
}

MainWindow::~MainWindow() { recovery_->discard(); }  // a normal end leaves no recovery file

void MainWindow::offerRecovery() {
  const auto files = CrashRecovery::leftBehind(recovery_->folder());
  if (files.empty()) return;
  const auto newest = files.front();
  const bool restore = recoveryQuestion_(QString::fromStdString(newest.string()));
  // The older ones are dropped either way: only the newest is offered.
  for (std::size_t i = 1; i < files.size(); ++i) CrashRecovery::remove(files[i]);
  if (!restore) {
    CrashRecovery::remove(newest);
    return;
  }
  // Open it, then let it go once read: this run autosaves to a file of its own.
  connect(this, &MainWindow::sessionOpened, this, [newest] { CrashRecovery::remove(newest); }, Qt::SingleShotConnection);
  openSession(newest);
}

// Display edits and ROI strokes are applied by their panels at once; the stack records them, and Undo/Redo apply
// the recorded states. A new study empties it (its commands belong to the study they were made on).
void MainWindow::connectUndo() {
  connect(layers_, &widgets::LayersPanel::layerDisplayEdited, this,
          [this](qulonglong layer, const core::LayerDisplay& before, const core::LayerDisplay& after, const QString& what) {
            undoStack_->push(new LayerDisplayCommand(adapter_->study(), layer, before, after, what));
          });
  connect(roiDraw_, &widgets::RoiDrawPanel::strokeRecorded, this,
          [this](const QString& what) { undoStack_->push(new RoiStrokeCommand(roiDraw_, what)); });
  roiDraw_->setUndoHandler([this] { undoStack_->undo(); });
  connect(adapter_, &widgets::StudyAdapter::studyReplaced, undoStack_, &QUndoStack::clear);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (roiDraw_->hasUnsavedRois()) {
    const int answer = unsavedRoisQuestion_();
    if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveDrawnRoisBeforeClosing())) {
      event->ignore();
      return;
    }
  }
  QSettings settings;
  settings.setValue(QLatin1String(settings::kGeometry), saveGeometry());
  settings.setValue(QLatin1String(settings::kState), saveState());
  recovery_->discard();
  event->accept();
}

bool MainWindow::saveDrawnRoisBeforeClosing() {
  const auto name = QFileDialog::getSaveFileName(this, tr("Save the drawn ROIs"),
                                                 lastFolder() + QStringLiteral("/drawn-rois.label.gii"),
                                                 tr("GIfTI label files (*.label.gii)"));
  if (name.isEmpty()) return false;
  rememberFolderOf(name);
  if (roiDraw_->saveTo(name.toStdString())) return true;
  showWarning(tr("ROIs not saved"), roiDraw_->statusLabel()->text());
  return false;
}

// Every dock of the window, in one place: the Selectivity dock on the left beside the brain, the study's Layers
// and the tabbed ROIs / Inspector / Jobs / Draw ROI docks on the right. A new panel adds its dock here.
void MainWindow::buildDocks() {
  auto addDock = [this](QWidget* panel, const QString& title, const char* objectName, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(QString::fromLatin1(objectName));
    dock->setWidget(panel);
    addDockWidget(area, dock);
    return dock;
  };
  layers_ = new widgets::LayersPanel(adapter_, this);
  addDock(layers_, tr("Layers"), "layersDock", Qt::RightDockWidgetArea)->setMinimumWidth(340);
  rois_ = new widgets::RoiPanel(adapter_, this);
  auto* roiDock = addDock(rois_, tr("ROIs"), "roiDock", Qt::RightDockWidgetArea);
  inspector_ = new widgets::InspectorPanel(this);
  auto* inspectorDock = addDock(inspector_, tr("Inspector"), "inspectorDock", Qt::RightDockWidgetArea);
  jobsPanel_ = new widgets::JobsPanel(jobs_, this);
  auto* jobsDock = addDock(jobsPanel_, tr("Jobs"), "jobsDock", Qt::RightDockWidgetArea);
  roiDraw_ = new widgets::RoiDrawPanel(adapter_, view_, jobs_, this);
  auto* roiDrawDock = addDock(roiDraw_, tr("Draw ROI"), "roiDrawDock", Qt::RightDockWidgetArea);
  tabifyDockWidget(roiDock, jobsDock);
  tabifyDockWidget(roiDock, inspectorDock);
  tabifyDockWidget(roiDock, roiDrawDock);
  roiDock->raise();
  selectivityPanel_ = new widgets::SelectivityPanel(this);
  auto* selectivityDock = addDock(selectivityPanel_, tr("Selectivity"), "selectivityDock", Qt::LeftDockWidgetArea);
  selectivityDock->setMinimumWidth(420);
  synthesisPanel_ = new widgets::SynthesisPanel(jobs_, this);
  // In a scroll area: tabified docks share one width, and the synthesis controls must not widen the Selectivity
  // dock (and so narrow the brain).
  auto* synthesisScroll = new QScrollArea(this);
  synthesisScroll->setWidget(synthesisPanel_);
  synthesisScroll->setWidgetResizable(true);
  synthesisScroll->setFrameShape(QFrame::NoFrame);
  auto* synthesisDock = addDock(synthesisScroll, tr("Optimal stimuli"), "synthesisDock", Qt::LeftDockWidgetArea);
  tabifyDockWidget(selectivityDock, synthesisDock);
  // The Reconstruction dock beside them (app/ReconstructionController runs it).
  auto* reconstructionPanel = new widgets::ReconstructionPanel(this);
  auto* reconstructionScroll = new QScrollArea(this);
  reconstructionScroll->setWidget(reconstructionPanel);
  reconstructionScroll->setWidgetResizable(true);
  reconstructionScroll->setFrameShape(QFrame::NoFrame);
  auto* reconstructionDock =
      addDock(reconstructionScroll, tr("Reconstruction"), "reconstructionDock", Qt::LeftDockWidgetArea);
  tabifyDockWidget(selectivityDock, reconstructionDock);
  new ReconstructionController(jobs_, adapter_, studyModels_, selectivityPanel_, reconstructionPanel, this);
  selectivityDock->raise();
}

const std::shared_ptr<core::Study>& MainWindow::study() const { return adapter_->study(); }

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open..."), QKeySequence::Open, this, &MainWindow::chooseFilesToOpen);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::refreshRecentMenu);
  file->addAction(tr("Open &Demo Brain"), this, &MainWindow::loadDemoBrain);
  file->addSeparator();
  file->addAction(tr("Open Sess&ion..."), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::chooseSessionToOpen);
  file->addAction(tr("&Save Session"), QKeySequence::Save, this, [this] { chooseSessionToSave(false); });
  file->addAction(tr("Save Session &As..."), QKeySequence(tr("Ctrl+Shift+S")), this, [this] { chooseSessionToSave(true); });
  file->addSeparator();
  file->addAction(tr("&Export Screenshot..."), QKeySequence(tr("Ctrl+E")), this, &MainWindow::chooseScreenshotFile);
  file->addAction(tr("Export &Figure..."), QKeySequence(tr("Ctrl+Shift+E")), this, &MainWindow::chooseFigureToExport);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

  auto* edit = menuBar()->addMenu(tr("&Edit"));
  // The actions name what they undo ("Undo Threshold", "Redo Brush Stroke").
  auto* undo = undoStack_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  auto* redo = undoStack_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence(tr("Ctrl+Shift+Z")));
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  edit->addAction(tr("&Preferences..."), QKeySequence(tr("Ctrl+,")), this, &MainWindow::showPreferences);

  auto* surfaceMenu = menuBar()->addMenu(tr("&Surface"));
  surfaceMenu->addAction(tr("&Inflate"), QKeySequence(tr("Ctrl+I")), this, &MainWindow::inflateSurfaces);

  auto* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("&Reset View"), QKeySequence(tr("Ctrl+R")), view_, &widgets::BrainView::resetView);
  orthographic_ = view->addAction(tr("&Orthographic Projection"));
  orthographic_->setCheckable(true);
  connect(orthographic_, &QAction::toggled, view_, &widgets::BrainView::setParallelProjection);
  auto* background = view->addMenu(tr("&Background Colour"));
  const std::pair<const char*, const char*> backgrounds[] = {{"Black", "#000000"}, {"Dark Grey", "#333333"}, {"White", "#ffffff"}};
  for (const auto& [label, colour] : backgrounds)
    background->addAction(tr(label), this, [this, colour = colour] { setBackgroundColour(QColor(colour)); });
  background->addAction(tr("Custom..."), this, [this] {
    const QColor chosen = QColorDialog::getColor(view_->backgroundColour(), this, tr("Background Colour"));
    if (chosen.isValid()) setBackgroundColour(chosen);
  });
  view->addSeparator();
  const std::pair<const char*, render::View> views[] = {
      {"Lateral", render::View::Lateral},   {"Medial", render::View::Medial},     {"Dorsal", render::View::Dorsal},
      {"Ventral", render::View::Ventral},   {"Anterior", render::View::Anterior}, {"Posterior", render::View::Posterior},
      {"Occipital", render::View::Occipital}};
  int key = 1;
  for (const auto& [label, kind] : views) {
    auto* menu = view->addMenu(tr(label));
    const bool bothMakesSense = kind != render::View::Lateral && kind != render::View::Medial;
    if (bothMakesSense) {
      auto* both = menu->addAction(tr("Both Hemispheres"), this, [this, kind = kind] { view_->applyViewPreset({kind, std::nullopt}); });
      both->setShortcut(QKeySequence(QString("Ctrl+%1").arg(key)));
    }
    auto* left = menu->addAction(tr("Left Hemisphere"), this, [this, kind = kind] { view_->applyViewPreset({kind, core::Hemisphere::Left}); });
    menu->addAction(tr("Right Hemisphere"), this, [this, kind = kind] { view_->applyViewPreset({kind, core::Hemisphere::Right}); });
    if (!bothMakesSense) left->setShortcut(QKeySequence(QString("Ctrl+%1").arg(key)));
    ++key;
  }

  auto* analysis = menuBar()->addMenu(tr("&Analysis"));
  analysis->addAction(tr("&Caption Map and Category Maps..."), this, [this] {
    bool ok = false;
    const int k = QInputDialog::getInt(this, tr("Caption map"),
                                       tr("Clusters of the caption map (k-means of every column's caption direction):"),
                                       7, 2, 30, 1, &ok);
    if (ok) selectivity_->computeMaps(k);
  });

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Mouse and Keyboard"), this, &MainWindow::showMouseHelp);
  help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showKeyboardShortcuts);
  help->addAction(tr("&About VoxelLens"), this, &MainWindow::showAbout);
}

void MainWindow::setBackgroundColour(const QColor& colour) {
  view_->setBackgroundColour(colour);
  setDefaultBackground(colour);
}

void MainWindow::refreshRecentMenu() {
  const QStringList missing = recent_->pruneMissing();
  if (!missing.isEmpty())
    showWarning(tr("Removed from Open Recent"), tr("These files no longer exist:\n%1").arg(missing.join(QLatin1Char('\n'))));
  recentMenu_->clear();
  const QStringList entries = recent_->entries();
  for (int i = 0; i < entries.size(); ++i) {
    const QString path = entries[i];
    auto* action = recentMenu_->addAction(QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName()),
                                          this, [this, path] { openFiles({path.toStdString()}); });
    action->setToolTip(path);
    action->setData(path);
  }
  if (entries.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
  else {
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("Clear Menu"), this, [this] { recent_->clear(); });
  }
}

void MainWindow::showPreferences() {
  std::filesystem::path cache;
  try {
    cache = core::cacheDirectory();
  } catch (const std::exception& e) {
    showWarning(tr("No cache folder"), QString::fromStdString(e.what()));
  }
  widgets::PreferencesDialog dialog({defaultColourMap(), view_->backgroundColour(), chosenCacheFolder()}, cache, jobs_,
                                    this);
  if (dialog.exec() != QDialog::Accepted) return;
  const auto chosen = dialog.preferences();
  setDefaultColourMap(chosen.defaultColourMap);
  setBackgroundColour(chosen.background);
  setChosenCacheFolder(chosen.cacheFolder);
}

// A layer of positive values opened from a file gets the user's default colour map (core::scalarDisplayFor gives
// those viridis; signed values keep their two-sided map). Not an undoable edit: it is how the layer arrives.
void MainWindow::applyDefaultColourMap(core::LayerId firstNewLayer) {
  const auto& target = study();
  const std::string preferred = defaultColourMap().toStdString();
  if (!target || preferred == "viridis") return;
  std::vector<std::pair<core::LayerId, core::LayerDisplay>> changes;
  for (const auto& entry : target->layers())
    if (entry.id >= firstNewLayer && entry.data->kind == core::LayerKind::Scalar && entry.display.colourMap == "viridis") {
      auto display = entry.display;
      display.colourMap = preferred;
      changes.emplace_back(entry.id, display);
    }
  for (const auto& [id, display] : changes) target->setLayerDisplay(id, display);
}

void MainWindow::loadDemoBrain() { loadDemoBrainThen({}); }

void MainWindow::loadDemoBrainThen(std::function<void()> next) {
  statusBar()->showMessage(tr("Loading the Colin27 demo brain..."));
  auto started = std::make_shared<QElapsedTimer>();
  started->start();
  loadJob_ = jobs_->runForResult<std::pair<std::shared_ptr<core::Study>, bool>>(
      tr("Demo brain"),
      [](const core::JobContext& context) {
        auto demo = core::loadDemoBrain(context.slice(0.0, 0.8));
        auto study = core::buildStudyFromMeshes(demo.meshes, "Colin27 demo brain");
        core::addDemoAtlases(*study, context.slice(0.8, 1.0));
        return std::make_pair(study, demo.fromCache);
      },
      [this, started, next](std::pair<std::shared_ptr<core::Study>, bool> result) {
        SessionSources sources;
        sources.demoBrain = true;
        setSources(std::move(sources));
        setStudy(result.first, tr("Demo brain %1 in %2 s")
                                   .arg(result.second ? tr("loaded from the cache") : tr("extracted from Colin27"))
                                   .arg(double(started->elapsed()) / 1000.0, 0, 'f', 2));
        if (next) next();
      });
}

void MainWindow::openDemoStudy(const std::filesystem::path& folder) {
  if (core::isStudyFolder(folder)) {
    openStudyFolder(folder);
    return;
  }
  // First start: the bare demo brain at once, the simulated subject written into the cache meanwhile (about
  // 15-30 s on two cores), then the study replaces the brain.
  loadDemoBrainThen([this, folder] {
    jobs_->runForResult<core::DemoStudyMade>(
        tr("Demo study (first start)"),
        [folder](const core::JobContext& context) { return core::makeDemoStudy(folder, {}, context); },
        [this, folder](core::DemoStudyMade made) {
          statusBar()->showMessage(tr("Demo study written in %1 s").arg(made.totalSeconds, 0, 'f', 1));
          openStudyFolder(folder);
        });
  });
}

void MainWindow::openStudyFolder(const std::filesystem::path& folder) {
  statusBar()->showMessage(tr("Opening study %1...").arg(QString::fromStdString(folder.string())));
  auto started = std::make_shared<QElapsedTimer>();
  started->start();
  loadJob_ = jobs_->runForResult<core::LoadedStudy>(
      tr("Open study"), [folder](const core::JobContext& context) { return core::loadStudyFolder(folder, context); },
      [this, started, folder](core::LoadedStudy loaded) {
        SessionSources sources;
        sources.studyFolder = folder;
        setSources(std::move(sources));
        setStudy(loaded.study, tr("Study opened in %1 s").arg(double(started->elapsed()) / 1000.0, 0, 'f', 2));
        if (!loaded.notes.empty()) {
          QStringList notes;
          for (const auto& note : loaded.notes) notes << QString::fromStdString(note);
          showWarning(tr("Parts of the study were not added"), notes.join(QStringLiteral("\n")));
        }
      });
}

void MainWindow::openFiles(const std::vector<std::filesystem::path>& files) {
  if (files.empty()) return;
  for (const auto& file : files) recent_->add(QString::fromStdString(file.string()));
  if (files.size() == 1 && files.front().extension() == ".json" && files.front().filename() != "study.json") {
    openSession(files.front());  // a session (scene file), e.g. from Open Recent or the command line
    return;
  }
  for (const auto& file : files)
    if (core::isStudyFolder(file) || file.filename() == "study.json") {
      openStudyFolder(file.filename() == "study.json" ? file.parent_path() : file);  // a study replaces the document; other files can be added after it has opened
      return;
    }
  statusBar()->showMessage(tr("Opening %1...").arg(QString::fromStdString(files.front().filename().string())));
  // Surfaces make a new study; everything else is added to the current one. Reading happens on a worker; adding
  // to the document on the GUI thread.
  loadJob_ = jobs_->runForResult<std::vector<core::DataFile>>(
      tr("Open files"),
      [files](const core::JobContext& context) {
        std::vector<core::DataFile> read;
        for (std::size_t i = 0; i < files.size(); ++i) {
          context.report(double(i) / double(files.size()), "Reading " + files[i].filename().string());
          read.push_back(core::readDataFile(files[i]));
          context.throwIfStopped();
        }
        return read;
      },
      [this](std::vector<core::DataFile> read) { addOpenedFiles(std::move(read)); });
}

void MainWindow::addOpenedFiles(std::vector<core::DataFile> read) {
  std::vector<std::filesystem::path> surfaces;
  std::vector<const core::DataFile*> data;
  for (const auto& file : read) {
    if (std::holds_alternative<core::Surface>(file.content)) surfaces.push_back(file.path);
    else data.push_back(&file);
  }
  // What the files add (volumes sampled at the reference surfaces) is computed in a job from a snapshot of the
  // study; the GUI thread then adds it, unless another study was opened meanwhile.
  auto addData = [this, read = std::make_shared<std::vector<core::DataFile>>(std::move(read))] {
    struct Prepared {
      std::filesystem::path path;
      std::string file;
      std::optional<core::StudyAdditions> additions;
      std::string refusal;
    };
    auto target = study();
    if (!target) return;
    loadJob_ = jobs_->runForResult<std::vector<Prepared>>(
        tr("Add files"),
        [snapshot = target->snapshot(), read](const core::JobContext& context) {
          std::vector<Prepared> prepared;
          for (std::size_t i = 0; i < read->size(); ++i) {
            const auto& file = (*read)[i];
            if (std::holds_alternative<core::Surface>(file.content)) continue;
            context.report(double(i) / double(read->size()), "Adding " + file.path.filename().string());
            try {
              prepared.push_back({file.path, file.path.filename().string(), core::prepareAdditions(snapshot, file), {}});
            } catch (const std::exception& e) {
              prepared.push_back({file.path, file.path.filename().string(), std::nullopt, e.what()});
            }
            context.throwIfStopped();
          }
          return prepared;
        },
        [this, target](std::vector<Prepared> prepared) {
          if (study() != target) return;  // another study was opened meanwhile
          QStringList added, refused;
          core::LayerId firstNew = 1;
          for (const auto& entry : target->layers()) firstNew = std::max(firstNew, entry.id + 1);
          for (const auto& item : prepared) {
            try {
              if (!item.additions) throw std::invalid_argument(item.refusal);
              core::LayerId before = 1;
              for (const auto& entry : target->layers()) before = std::max(before, entry.id + 1);
              core::applyAdditions(*target, *item.additions);
              for (const auto& entry : target->layers())
                if (entry.id >= before) sources_.layerFiles[entry.id] = item.path;  // a session names the file
              added << QString::fromStdString(item.file + ": " + item.additions->summary);
            } catch (const std::exception& e) {
              refused << QString::fromStdString(e.what());
            }
          }
          applyDefaultColourMap(firstNew);
          if (!added.isEmpty()) statusBar()->showMessage(added.join(QStringLiteral("; ")));
          if (!refused.isEmpty()) showWarning(tr("Not added"), refused.join(QStringLiteral("\n")));
          Q_EMIT filesAdded(added.size(), refused.size());
        });
  };
  if (surfaces.empty()) {
    if (!study()) loadDemoBrainThen(addData);  // data alone goes onto the demo brain (MNI space)
    else addData();
    return;
  }
  // A new study from the surfaces, then the other files on top of it.
  loadJob_ = jobs_->runForResult<std::shared_ptr<core::Study>>(
      tr("Open surfaces"),
      [surfaces](const core::JobContext& context) { return core::loadSurfaceFiles(surfaces, context); },
      [this, addData, surfaces](std::shared_ptr<core::Study> loaded) {
        SessionSources sources;
        sources.surfaceFiles = surfaces;
        setSources(std::move(sources));
        setStudy(std::move(loaded), tr("Opened"));
        addData();
      });
}

void MainWindow::inflateSurfaces() {
  if (!study()) return;
  // The job inflates each hemisphere's reference surface (white by default) as the snapshot holds it.
  const auto snapshot = study()->snapshot();
  std::vector<std::shared_ptr<const core::Surface>> sources;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto& hemi = snapshot.hemisphere(side);
    if (hemi.surfaces.empty()) continue;
    const bool hasInflated = std::any_of(hemi.surfaces.begin(), hemi.surfaces.end(), [](const auto& s) {
      return s->kind == core::SurfaceKind::Inflated;
    });
    if (!hasInflated) sources.push_back(hemi.referenceSurface());
  }
  if (sources.empty()) {
    for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
      const auto& hemi = study()->hemisphere(side);
      for (std::size_t i = 0; i < hemi.surfaces.size(); ++i)
        if (hemi.surfaces[i]->kind == core::SurfaceKind::Inflated) study()->setShownSurface(side, i);
    }
    return;
  }
  auto target = study();
  jobs_->runForResult<std::vector<core::InflationResult>>(
      tr("Inflate surfaces"),
      [sources](const core::JobContext& context) {
        std::vector<core::InflationResult> results;
        for (std::size_t i = 0; i < sources.size(); ++i)
          results.push_back(core::inflateSurface(*sources[i], {},
                                                 context.slice(double(i) / double(sources.size()),
                                                               double(i + 1) / double(sources.size()))));
        return results;
      },
      [this, target](std::vector<core::InflationResult> results) {
        if (study() != target) return;  // another study was opened meanwhile
        QStringList report;
        for (auto& result : results) {
          const auto side = result.inflated.hemisphere;
          auto surfaces = target->hemisphere(side).surfaces;
          if (surfaces.empty() || surfaces.front()->vertexCount() != result.inflated.vertexCount()) continue;
          surfaces.push_back(std::make_shared<core::Surface>(std::move(result.inflated)));
          target->setSurfaces(side, surfaces);
          target->setShownSurface(side, surfaces.size() - 1);
          report << tr("%1: mean |log2 areal distortion| %2, %3 flipped triangles")
                        .arg(QString::fromStdString(core::toString(side)))
                        .arg(result.meanAbsLog2Distortion, 0, 'f', 2)
                        .arg(result.flippedTriangles);
        }
        statusBar()->showMessage(tr("Inflated (%1)").arg(report.join(QStringLiteral("; "))));
        view_->resetView();
      });
}

void MainWindow::setSources(SessionSources sources) { sources_ = std::move(sources); }

void MainWindow::setStudy(std::shared_ptr<core::Study> study, const QString& how) {
  // Layers present now came with the study; a session finds them by name.
  sources_.layerFiles.clear();
  sources_.studyLayers.clear();
  for (const auto& entry : study->layers()) sources_.studyLayers.insert(entry.id);
  adapter_->setStudy(study);
  view_->setStudy(study);
  setWindowTitle(tr("VoxelLens - %1").arg(QString::fromStdString(study->name)));
  statusBar()->showMessage(how);
  awaitingFirstFrame_ = true;
  proxies_.clear();  // they hold the previous study's surfaces
  proxiesBeingBuilt_.clear();
  pickIndices_.clear();
  prepareLevelOfDetail();
  selectivity_->studyOpened();
  studyModels_->studyOpened(study);  // encoder and decoder for studies with responses, in the background
}

void MainWindow::prepareLevelOfDetail() {
  const auto& study = adapter_->study();
  auto started = std::make_shared<QElapsedTimer>();
  started->start();
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto surface = study->shownSurface(side);
    if (!surface) continue;
    // Proxies are kept per surface: switching back to a surface shown before reuses its proxy at once.
    if (auto known = proxies_.find(surface.get()); known != proxies_.end()) {
      view_->scene().setLodProxy(known->second);
      if (auto index = pickIndices_.find(surface.get()); index != pickIndices_.end()) view_->scene().setPickIndex(index->second);
      continue;
    }
    if (!proxiesBeingBuilt_.insert(surface.get()).second) continue;
    // With it, a cell locator for hover picking (built once per surface, like the proxy).
    jobs_->runForResult<std::shared_ptr<const render::SurfacePickIndex>>(
        tr("Picking index"), [surface](const core::JobContext& context) { return render::buildPickIndex(surface, context); },
        [this](std::shared_ptr<const render::SurfacePickIndex> index) {
          pickIndices_[index->source.get()] = index;
          view_->scene().setPickIndex(std::move(index));
        });
    jobs_->runForResult<std::shared_ptr<const render::LodProxy>>(
        tr("Level of detail"),
        [surface](const core::JobContext& context) {
          return std::make_shared<const render::LodProxy>(render::buildLodProxy(surface, kProxyTriangles, context));
        },
        [this, started, side](std::shared_ptr<const render::LodProxy> proxy) {
          statusBar()->showMessage(tr("%1 hemisphere: %L2-triangle proxy for rotation ready after %3 s")
                                       .arg(side == core::Hemisphere::Left ? tr("Left") : tr("Right"))
                                       .arg(proxy->mesh.triangleCount())
                                       .arg(double(started->elapsed()) / 1000.0, 0, 'f', 2),
                                   5000);
          proxiesBeingBuilt_.erase(proxy->source.get());
          proxies_[proxy->source.get()] = proxy;
          view_->scene().setLodProxy(std::move(proxy));
        });
  }
}

void MainWindow::onFrame(double milliseconds, qulonglong triangles, bool interacting) {
  (interacting ? interactiveFrameMs_ : restFrameMs_) = milliseconds;
  (interacting ? interactiveTriangles_ : restTriangles_) = triangles;
  QString text = tr("Frame %1 ms (%2 fps), %L3 triangles").arg(restFrameMs_, 0, 'f', 1)
                     .arg(restFrameMs_ > 0 ? 1000.0 / restFrameMs_ : 0.0, 0, 'f', 1).arg(restTriangles_);
  if (interactiveFrameMs_ > 0)
    text += tr(" | rotating %1 ms (%2 fps), %L3 triangles").arg(interactiveFrameMs_, 0, 'f', 1)
                .arg(1000.0 / interactiveFrameMs_, 0, 'f', 1).arg(interactiveTriangles_);
  frameLabel_->setText(text);
  if (awaitingFirstFrame_ && triangles > 0) {
    awaitingFirstFrame_ = false;
    if (firstBrainFrameMs_ < 0) firstBrainFrameMs_ = double(sinceStart_.nsecsElapsed()) / 1e6;
    Q_EMIT studyShown();
  }
}

void MainWindow::onJobProgress(qulonglong id, const QString& name, double fraction, const QString& message) {
  if (id != loadJob_ && id != exportJob_) return;
  progress_->show();
  cancel_->show();
  progress_->setValue(static_cast<int>(fraction * 1000));
  progress_->setFormat(QStringLiteral("%1 %p%").arg(name));
  statusBar()->showMessage(message);
}

void MainWindow::onJobFinished(qulonglong id, const QString& name, int state, const QString& error) {
  const auto jobState = static_cast<core::JobState>(state);
  if (jobState == core::JobState::Failed) {
    statusBar()->showMessage(tr("%1 failed: %2").arg(name, error));
    if (id == loadJob_) {
      Q_EMIT loadFailed(error);
      showWarning(tr("%1 failed").arg(name), error);
    }
  } else if (jobState == core::JobState::Cancelled && id == loadJob_) {
    statusBar()->showMessage(tr("%1 cancelled").arg(name));
  }
  if (id == exportJob_) {
    if (jobState != core::JobState::Succeeded) {
      const QString why = jobState == core::JobState::Cancelled ? tr("cancelled") : error;
      if (jobState == core::JobState::Failed) showWarning(tr("Figure not exported"), error);
      Q_EMIT figureExported(QString(), why);
    }
    exportJob_ = 0;
  }
  if (id == loadJob_) loadJob_ = 0;
  if (!loadJob_ && !exportJob_) {
    progress_->hide();
    cancel_->hide();
  }
}

void MainWindow::inspectVertex(int hemisphere, int vertex) {
  if (!study()) return;
  const auto side = hemisphere == 0 ? core::Hemisphere::Left : core::Hemisphere::Right;
  const auto report = core::inspectVertex(*study(), side, vertex);
  inspector_->show(report);
  if (!report) return;
  // Bring the Inspector tab forward, unless the user is drawing an ROI (the Draw ROI tab stays in front then).
  if (!roiDraw_->isDrawing()) inspector_->parentWidget()->raise();
  QString text = tr("%1 hemisphere, vertex %2").arg(QString::fromStdString(core::toString(side))).arg(vertex);
  for (const auto& roi : report->rois) {
    if (roi.label.empty()) continue;
    text += tr(" | %1: %2").arg(QString::fromStdString(roi.set), QString::fromStdString(roi.label));
    break;
  }
  // A click inside an ROI of the top visible ROI set selects it; anywhere else lets the selection go.
  if (const auto roi = widgets::roiAtVertex(*study(), side, vertex))
    rois_->selectRoi(static_cast<int>(roi->first), roi->second);
  else
    rois_->clearRoiSelection();
  statusBar()->showMessage(text);
  Q_EMIT vertexInspected(hemisphere, vertex);
}

void MainWindow::showWarning(const QString& title, const QString& text) {
  // Also on stderr: a --screenshot run, or a user who started the viewer from a terminal, reads it there.
  std::fprintf(stderr, "voxellens: %s: %s\n", title.toLocal8Bit().constData(), text.toLocal8Bit().constData());
  appendToLog(QStringLiteral("error"), title + QStringLiteral(": ") + text);
  // Window-modal but not blocking: the event loop (rendering, jobs) keeps running while the message is up.
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  std::vector<std::filesystem::path> files;
  for (const auto& url : event->mimeData()->urls())
    if (url.isLocalFile()) files.emplace_back(url.toLocalFile().toStdString());
  if (files.empty()) return;
  event->acceptProposedAction();
  openFiles(files);
}

void MainWindow::chooseFilesToOpen() {
  const auto names = QFileDialog::getOpenFileNames(
      this, tr("Open Surfaces, Data or a Study"), lastFolder(),
      tr("Neuroimaging files (lh.* rh.* *.gii *.annot *.label *.mgh *.mgz *.nii *.nii.gz *.npy study.json);;"
         "Study folders (study.json);;"
         "Surfaces (lh.* rh.* *.surf.gii *.white *.pial *.inflated *.sphere);;All files (*)"));
  if (names.isEmpty()) return;
  rememberFolderOf(names.front());
  std::vector<std::filesystem::path> files;
  for (const auto& name : names) files.emplace_back(name.toStdString());
  openFiles(files);
}

void MainWindow::exportScreenshot(const std::filesystem::path& file, int width, int height) {
  render::OffscreenRequest request;
  request.width = width;
  request.height = height;
  request.camera = view_->scene().cameraState();
  request.preset = view_->scene().currentPreset();
  request.background = view_->scene().background();
  render::writePng(render::renderOffscreen(adapter_->study(), request), file);
}

void MainWindow::chooseScreenshotFile() {
  if (!adapter_->study()) return;
  const auto name = QFileDialog::getSaveFileName(this, tr("Export Screenshot"), QStringLiteral("voxellens.png"),
                                                 tr("PNG images (*.png)"));
  if (name.isEmpty()) return;
  // Twice the view's pixel size: sharp enough for slides and print.
  const qreal ratio = view_->devicePixelRatioF() * 2.0;
  try {
    exportScreenshot(name.toStdString(), static_cast<int>(view_->width() * ratio),
                     static_cast<int>(view_->height() * ratio));
    statusBar()->showMessage(tr("Saved %1").arg(name));
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
  }
  view_->update();
}

QString MainWindow::mouseHelpText() {
  return tr("<table>"
            "<tr><td><b>Left drag</b></td><td>rotate (Shift: pan; while drawing an ROI: draw)</td></tr>"
            "<tr><td><b>Right drag, wheel</b></td><td>zoom</td></tr>"
            "<tr><td><b>Click</b></td><td>inspect the vertex; inside an ROI: select it and make it the "
            "Selectivity target</td></tr>"
            "<tr><td><b>Alt+click</b></td><td>Selectivity target: a geodesic disc around the vertex (radius in "
            "the Selectivity dock)</td></tr>"
            "<tr><td><b>Esc</b></td><td>let the ROI selection go</td></tr>"
            "<tr><td><b>Ctrl+1 ... Ctrl+7</b></td><td>view presets (View menu)</td></tr>"
            "</table>");
}

QString MainWindow::keyboardShortcutsText() const {
  // Every menu action with a shortcut, found in the menus themselves, so the list cannot fall behind them.
  QString rows;
  std::function<void(const QMenu*, const QString&)> walk = [&](const QMenu* menu, const QString& path) {
    for (auto* action : menu->actions()) {
      const QString title = QString(action->text()).remove(QLatin1Char('&'));
      if (action->menu()) walk(action->menu(), path + QStringLiteral(" > ") + title);
      else if (!action->shortcut().isEmpty())
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                         (path + QStringLiteral(" > ") + title).mid(3).toHtmlEscaped());
    }
  };
  for (auto* action : menuBar()->actions())
    if (action->menu()) walk(action->menu(), QStringLiteral(" > ") + QString(action->text()).remove(QLatin1Char('&')));
  return mouseHelpText() + tr("<p><b>Menu shortcuts</b></p><table>%1</table>").arg(rows);
}

void MainWindow::showKeyboardShortcuts() {
  QMessageBox::information(this, tr("Keyboard Shortcuts"), keyboardShortcutsText());
}

void MainWindow::showMouseHelp() {
  QMessageBox::information(this, tr("Mouse and Keyboard"), mouseHelpText());
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About VoxelLens"),
                     tr("<p><b>VoxelLens</b>: what each patch of visual cortex responds to.</p><pre>%1</pre>")
                         .arg(QString::fromStdString(versionReport()).toHtmlEscaped()));
}

CapturedSession MainWindow::captureSession(const std::filesystem::path& sceneFile) const {
  auto session = app::captureSession(*study(), sources_, sceneFile);
  auto& scene = session.scene;
  const auto camera = view_->scene().cameraState();
  scene.camera = core::SceneCamera{camera.position, camera.focalPoint, camera.viewUp, camera.viewAngle,
                                   camera.parallelProjection, camera.parallelScale};
  if (const auto preset = view_->scene().currentPreset()) scene.viewPreset = preset->name();
  const QColor background = view_->backgroundColour();
  scene.background = {float(background.redF()), float(background.greenF()), float(background.blueF())};
  if (const auto highlight = view_->scene().roiHighlight(); highlight && highlight->roiSet < study()->roiSets().size())
    for (const auto& label : study()->roiSets()[highlight->roiSet].data->labels)
      if (label.key == highlight->key) scene.selectedRois.push_back(label.name);
  if (const auto& current = selectivityPanel_->current()) {
    const auto& target = current->result.target;
    if (target.source == core::TargetSource::Disc)
      scene.targets.push_back("vertex:" + std::string(target.discHemisphere == core::Hemisphere::Left ? "lh" : "rh") +
                              ":" + std::to_string(target.vertex));
    else
      scene.targets.push_back("roi:" + target.roiName);
  }
  for (auto* dock : findChildren<QDockWidget*>())
    if (dock->isVisible()) scene.panels.push_back({dock->objectName().toStdString(), nlohmann::json::object()});
  // The gallery the Selectivity dock shows, in its panels entry: a figure draws it from the scene without models.
  if (const auto& current = selectivityPanel_->current())
    if (auto* panel = core::selectivityPanel(scene)) core::storeGallery(*panel, core::sceneGalleryFor(current->result));
  return session;
}

void MainWindow::saveSession(const std::filesystem::path& sceneFile) {
  if (!study()) return;
  auto session = std::make_shared<CapturedSession>(captureSession(sceneFile));
  statusBar()->showMessage(tr("Saving the session..."));
  jobs_->run(
      tr("Save session"), [session, sceneFile](const core::JobContext&) { writeSession(*session, sceneFile); },
      [this, sceneFile, session] {
        sessionFile_ = sceneFile;
        if (!session->rois.empty()) roiDraw_->markRoisSaved();  // the session holds every drawn ROI now
        const QString name = QString::fromStdString(sceneFile.string());
        recent_->add(name);
        statusBar()->showMessage(tr("Session saved to %1").arg(name));
        Q_EMIT sessionSaved(name);
      });
}

void MainWindow::openSession(const std::filesystem::path& sceneFile) {
  statusBar()->showMessage(tr("Opening session %1...").arg(QString::fromStdString(sceneFile.string())));
  loadJob_ = jobs_->runForResult<std::shared_ptr<OpenedSession>>(
      tr("Open session"),
      [sceneFile](const core::JobContext& context) {
        return std::make_shared<OpenedSession>(app::openSession(sceneFile, context));
      },
      [this, sceneFile](std::shared_ptr<OpenedSession> opened) {
        SessionSources sources;
        sources.studyFolder = opened->scene.studyFolder;
        sources.surfaceFiles = opened->scene.surfaceFiles;
        sources.demoBrain = opened->scene.demoBrain;
        setSources(std::move(sources));
        setStudy(opened->study, tr("Session %1 opened").arg(QString::fromStdString(sceneFile.filename().string())));
        // Layers the scene names by file keep their file for the next save; the computed ones are rewritten.
        for (const auto& layer : opened->scene.layers)
          if (!layer.file.empty() && layer.hemisphere.empty())
            for (const auto& entry : opened->study->layers())
              if (entry.data->name == layer.name) sources_.layerFiles[entry.id] = layer.file;
        // A recovery file is not the user's: Save Session asks for a name then, and Open Recent does not list it.
        if (sceneFile.parent_path() != recovery_->folder()) {
          sessionFile_ = sceneFile;
          recent_->add(QString::fromStdString(sceneFile.string()));
        }
        QStringList notRestored;
        for (const auto& note : opened->notRestored) notRestored << QString::fromStdString(note);
        restoreSessionView(opened->scene, notRestored);
        if (!notRestored.isEmpty())
          showWarning(tr("Parts of the session were not restored"), notRestored.join(QLatin1Char('\n')));
        Q_EMIT sessionOpened(notRestored);
      });
}

void MainWindow::restoreSessionView(const core::SceneDocument& scene, QStringList& notRestored) {
  view_->setBackgroundColour(QColor::fromRgbF(scene.background[0], scene.background[1], scene.background[2]));
  std::optional<render::ViewPreset> preset;
  if (!scene.viewPreset.empty()) {
    preset = render::parseViewPreset(scene.viewPreset);
    if (!preset) notRestored << tr("view \"%1\": not a view this version knows").arg(QString::fromStdString(scene.viewPreset));
  }
  if (scene.camera) {
    const auto& c = *scene.camera;
    view_->scene().setCameraState(render::CameraState{c.position, c.focalPoint, c.viewUp, c.viewAngle,
                                                      c.parallelProjection, c.parallelScale},
                                  preset);
    orthographic_->setChecked(c.parallelProjection);
  } else if (preset) {
    view_->applyViewPreset(*preset);
  }
  view_->update();
  // An ROI by label name, in the first ROI set that has it.
  auto findRoi = [this](const std::string& name) -> std::optional<std::pair<int, int>> {
    const auto& sets = study()->roiSets();
    for (std::size_t s = 0; s < sets.size(); ++s)
      for (const auto& label : sets[s].data->labels)
        if (label.name == name) return std::make_pair(int(s), int(label.key));
    return std::nullopt;
  };
  for (const auto& name : scene.selectedRois) {
    if (const auto roi = findRoi(name)) rois_->selectRoi(roi->first, roi->second);
    else notRestored << tr("selected ROI \"%1\": no ROI of that name in the study").arg(QString::fromStdString(name));
  }
  for (const auto& target : scene.targets) {
    const QString text = QString::fromStdString(target);
    const QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() == 2 && parts[0] == QLatin1String("roi")) {
      if (const auto roi = findRoi(parts[1].toStdString())) selectivity_->selectRoi(roi->first, roi->second);
      else notRestored << tr("target %1: no ROI of that name in the study").arg(text);
    } else if (parts.size() == 3 && parts[0] == QLatin1String("vertex") &&
               (parts[1] == QLatin1String("lh") || parts[1] == QLatin1String("rh"))) {
      selectivity_->selectDisc(parts[1] == QLatin1String("lh") ? 0 : 1, parts[2].toInt());
    } else {
      notRestored << tr("target %1: not restored (the window restores roi:NAME and vertex:HEMI:ID)").arg(text);
    }
  }
  for (const auto& panel : scene.panels) {
    auto* dock = findChild<QDockWidget*>(QString::fromStdString(panel.name));
    if (!dock) {
      notRestored << tr("panel \"%1\": not a panel of this window").arg(QString::fromStdString(panel.name));
      continue;
    }
    dock->show();
  }
}

void MainWindow::chooseSessionToSave(bool askForName) {
  if (!study()) return;
  std::filesystem::path file = sessionFile_;
  if (askForName || file.empty()) {
    const auto name = QFileDialog::getSaveFileName(this, tr("Save Session"), lastFolder() + QStringLiteral("/session.json"),
                                                   tr("VoxelLens sessions (*.json)"));
    if (name.isEmpty()) return;
    rememberFolderOf(name);
    file = name.toStdString();
  }
  saveSession(file);
}

core::JobId MainWindow::exportFigure(const render::FigureOptions& options, const std::filesystem::path& file) {
  if (!study() || exportJob_) return 0;
  auto scene = captureSession(file).scene;
  // The dialog's "include the selectivity panel" asks for the gallery whether or not its dock is open.
  if (const auto& current = selectivityPanel_->current(); current && options.selectivityPanel) {
    if (!core::selectivityPanel(scene)) scene.panels.push_back({core::kSelectivityPanelName, nlohmann::json::object()});
    core::storeGallery(*core::selectivityPanel(scene), core::sceneGalleryFor(current->result));
  }
  // The job draws a copy of the study: the window may change its own while the figure renders. The copy shares
  // the layers' data (immutable) and is never changed, so its copied listeners are never called.
  auto copy = std::make_shared<core::Study>(*study());
  exportJob_ = jobs_->runForResult<render::FigureReport>(
      tr("Export figure"),
      [copy, scene, options, file](const core::JobContext& context) {
        return render::exportFigure(copy, scene, options, file, context);
      },
      [this](render::FigureReport report) {
        const QString name = QString::fromStdString(report.figure.string());
        rememberFolderOf(name);
        statusBar()->showMessage(tr("Figure saved: %1 (%2 x %3, provenance in %4)")
                                     .arg(name).arg(report.width).arg(report.height)
                                     .arg(QString::fromStdString(report.provenanceFile.filename().string())));
        Q_EMIT figureExported(name, QString());
      });
  return exportJob_;
}

void MainWindow::chooseFigureToExport() {
  if (!study()) return;
  widgets::ExportFigureDialog dialog(lastFolder() + QStringLiteral("/figure.png"), this,
                                    selectivityPanel_->current() != nullptr);
  if (dialog.exec() != QDialog::Accepted) return;
  exportFigure(dialog.options(), dialog.file());
}

void MainWindow::chooseSessionToOpen() {
  const auto name = QFileDialog::getOpenFileName(this, tr("Open Session"), lastFolder(), tr("VoxelLens sessions (*.json)"));
  if (name.isEmpty()) return;
  rememberFolderOf(name);
  openSession(name.toStdString());
}

}  // namespace vl::app
