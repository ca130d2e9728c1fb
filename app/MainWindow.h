#pragma once
// The VoxelLens window: the brain view in the centre, Layers and ROIs docks, menus, and a status bar with job
// progress and frame time. Loading and preparation run as background jobs; the window only binds results.
#include <QColor>
#include <QElapsedTimer>
#include <QMainWindow>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <vector>

#include "app/SessionFiles.h"
#include "core/io/DataFile.h"
#include "core/jobs/JobQueue.h"
#include "core/model/Study.h"
#include "render/FigureOptions.h"

class QLabel;
class QProgressBar;
class QToolButton;
class QAction;
class QMenu;
class QUndoStack;

namespace vl::render {
struct LodProxy;
struct SurfacePickIndex;
}

namespace vl::widgets {
class BrainView;
class JobRunner;
class JobsPanel;
class InspectorPanel;
class LayersPanel;
class RoiDrawPanel;
class RoiPanel;
class SelectivityPanel;
class SynthesisPanel;
class StudyAdapter;
}  // namespace vl::widgets

namespace vl::app {

class CrashRecovery;
class RecentFiles;
class SelectivityController;
class StudyModelsController;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  // With no files the window loads the demo brain. Files: surfaces (a new study) and data to add to it.
  // openDemoStudy (what a user's start without files does): the demo study from the cache, written there first
  // (in the background, after showing the bare demo brain) when it is not there yet. Tests start on the bare brain.
  explicit MainWindow(std::vector<std::filesystem::path> files = {}, bool openDemoStudy = false,
                      QWidget* parent = nullptr);
  ~MainWindow() override;

  widgets::BrainView* brainView() const { return view_; }
  widgets::LayersPanel* layersPanel() const { return layers_; }
  widgets::RoiPanel* roiPanel() const { return rois_; }
  widgets::RoiDrawPanel* roiDrawPanel() const { return roiDraw_; }
  widgets::JobsPanel* jobsPanel() const { return jobsPanel_; }
  widgets::InspectorPanel* inspector() const { return inspector_; }
  StudyModelsController* studyModels() const { return studyModels_; }
  widgets::SelectivityPanel* selectivityPanel() const { return selectivityPanel_; }
  widgets::SynthesisPanel* synthesisPanel() const { return synthesisPanel_; }
  SelectivityController* selectivity() const { return selectivity_; }
  // Help > Mouse and Keyboard (rich text): what each click and key does in the view, then every menu shortcut.
  static QString mouseHelpText();
  QString keyboardShortcutsText() const;
  // The one undo stack: display changes made in the Layers dock and strokes drawn in the Draw ROI dock.
  QUndoStack* undoStack() const { return undoStack_; }
  RecentFiles& recentFiles() const { return *recent_; }
  // File > Open Recent, as the menu shows it (entries whose file is gone are removed first, with a message).
  QMenu* recentMenu() const { return recentMenu_; }
  void refreshRecentMenu();
  // Edit > Preferences: applies what the dialog returned (and stores it in the user's settings).
  void showPreferences();
  // What closing asks when drawn ROIs are not saved: Save, Discard or Cancel. Tests replace the message box.
  using CloseQuestion = std::function<int()>;  // a QMessageBox::StandardButton
  void setUnsavedRoisQuestion(CloseQuestion question) { unsavedRoisQuestion_ = std::move(question); }

  // Sessions (File > Save Session / Open Session): the scene of the window as it is now (files relative to
  // `sceneFile`, computed layers to write beside it), written in a background job; and a scene opened in place of
  // the current study. What could not be restored is listed in one message (and on stderr).
  CapturedSession captureSession(const std::filesystem::path& sceneFile) const;
  void saveSession(const std::filesystem::path& sceneFile);
  void openSession(const std::filesystem::path& sceneFile);
  const std::filesystem::path& sessionFile() const { return sessionFile_; }
  // File > Export Figure: exportFigure (the code path of `voxellens render scene.json`) on the window's study and
  // scene, in a background job with progress and Cancel in the status bar. Returns the job (0: nothing to export).
  core::JobId exportFigure(const render::FigureOptions& options, const std::filesystem::path& file);
  // Autosave to a recovery file in the cache folder; after a crash the next start offers the file left behind.
  CrashRecovery* crashRecovery() const { return recovery_; }
  // What the user is asked when a recovery file is found (true: restore it). Tests replace the message box.
  void setRecoveryQuestion(std::function<bool(const QString& file)> question) { recoveryQuestion_ = std::move(question); }
  // Looks for a recovery file a crashed run left behind and offers to open it (the viewer calls this after start).
  void offerRecovery();
  // A study or files are being opened (the job behind the status bar's progress and Cancel).
  bool isLoading() const { return loadJob_ != 0; }
  // Shows the vertex in the Inspector (what a click on the brain does).
  void inspectVertex(int hemisphere, int vertex);
  const std::shared_ptr<core::Study>& study() const;
  // Time from construction to the first frame that showed a loaded study, in ms (-1 until then).
  double millisecondsToFirstBrainFrame() const { return firstBrainFrameMs_; }

  // Study folders (study.json) open as a new study; other files as below.
  void openFiles(const std::vector<std::filesystem::path>& files);
  void openStudyFolder(const std::filesystem::path& folder);
  void loadDemoBrain();
  void openDemoStudy(const std::filesystem::path& folder);
  // Same code path as `voxellens render`: offscreen rendering of the current camera.
  void exportScreenshot(const std::filesystem::path& file, int width, int height);
  // Surface > Inflate: adds an inflated surface per hemisphere (background job) and shows it; hemispheres are
  // moved apart. When inflated surfaces exist already, shows them.
  void inflateSurfaces();
  // View > Background Colour; remembered in the user's settings (window state, not the study's).
  void setBackgroundColour(const QColor& colour);

Q_SIGNALS:
  void filesAdded(int added, int refused);  // after File > Open or a drop added data to the study
  void studyShown();  // a study was set and its first frame drawn
  void vertexInspected(int hemisphere, int vertex);
  // An ROI was selected (a click on the brain inside an ROI of the top visible ROI set, or the ROIs dock): index
  // into Study::roiSets() and label key. It is highlighted in the view until the selection is cleared.
  void roiSelected(int roiSetIndex, int key);
  void roiSelectionCleared();
  void loadFailed(const QString& message);
  void sessionSaved(const QString& file);
  void figureExported(const QString& file, const QString& error);  // error empty on success
  void sessionOpened(const QStringList& notRestored);  // after the session's study was shown and set up

protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  void addOpenedFiles(std::vector<core::DataFile> read);
  void loadDemoBrainThen(std::function<void()> next);
  void buildDocks();
  void buildMenus();
  void showMouseHelp();
  void showWarning(const QString& title, const QString& text);
  void setStudy(std::shared_ptr<core::Study> study, const QString& how);
  void prepareLevelOfDetail();
  void onFrame(double milliseconds, qulonglong triangles, bool interacting);
  void onJobProgress(qulonglong id, const QString& name, double fraction, const QString& message);
  void onJobFinished(qulonglong id, const QString& name, int state, const QString& error);
  void chooseFilesToOpen();
  void chooseScreenshotFile();
  void showAbout();
  void showKeyboardShortcuts();
  void chooseSessionToSave(bool askForName);
  void chooseSessionToOpen();
  void chooseFigureToExport();
  void restoreSessionView(const core::SceneDocument& scene, QStringList& notRestored);
  void setSources(SessionSources sources);
  void connectUndo();
  void applyDefaultColourMap(core::LayerId firstNewLayer);
  bool saveDrawnRoisBeforeClosing();

  widgets::StudyAdapter* adapter_;
  widgets::BrainView* view_;
  widgets::LayersPanel* layers_;
  widgets::RoiPanel* rois_;
  widgets::RoiDrawPanel* roiDraw_;
  widgets::JobRunner* jobs_;
  StudyModelsController* studyModels_;
  widgets::SelectivityPanel* selectivityPanel_;
  widgets::SynthesisPanel* synthesisPanel_;
  SelectivityController* selectivity_;
  widgets::JobsPanel* jobsPanel_;
  widgets::InspectorPanel* inspector_;
  QLabel* frameLabel_;
  QProgressBar* progress_;
  QToolButton* cancel_;
  QAction* orthographic_;
  QUndoStack* undoStack_;
  std::unique_ptr<RecentFiles> recent_;
  QMenu* recentMenu_ = nullptr;
  CloseQuestion unsavedRoisQuestion_;
  CrashRecovery* recovery_ = nullptr;
  std::function<bool(const QString&)> recoveryQuestion_;
  SessionSources sources_;
  std::filesystem::path sessionFile_;
  core::JobId loadJob_ = 0;
  core::JobId exportJob_ = 0;
  QElapsedTimer sinceStart_;
  double firstBrainFrameMs_ = -1;
  bool awaitingFirstFrame_ = false;
  double restFrameMs_ = 0, interactiveFrameMs_ = 0;
  std::map<const core::Surface*, std::shared_ptr<const render::LodProxy>> proxies_;
  std::set<const core::Surface*> proxiesBeingBuilt_;
  std::map<const core::Surface*, std::shared_ptr<const render::SurfacePickIndex>> pickIndices_;
  qulonglong restTriangles_ = 0, interactiveTriangles_ = 0;
};

}  // namespace vl::app
