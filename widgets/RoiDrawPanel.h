#pragma once
// The Draw ROI dock: tool (disc, brush, erase), radius in mm, ROI name, New ROI, Undo and Save... bound to a
// core::RoiDrawPanelModel, which holds every rule; this widget only binds controls and routes the brain view's
// picks to it. Discs larger than the model's synchronous limit are computed in a background job.
#include <QWidget>

#include <filesystem>
#include <functional>

#include "core/panels/RoiDrawPanelModel.h"

class QButtonGroup;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QShortcut;
class QToolButton;

namespace vl::widgets {

class BrainView;
class JobRunner;
class StudyAdapter;

class RoiDrawPanel : public QWidget {
  Q_OBJECT
public:
  RoiDrawPanel(StudyAdapter* adapter, BrainView* view, JobRunner* jobs, QWidget* parent = nullptr);

  core::RoiDrawPanelModel& model() { return model_; }
  // Drawing on: clicks (disc) or drags (brush, erase) on the brain draw. Off: the brain view behaves as usual.
  void setDrawing(bool on);
  bool isDrawing() const;
  // What Save... does after its file dialog; returns false (and shows why in the panel) on failure.
  bool saveTo(const std::filesystem::path& file);
  QLabel* statusLabel() const { return status_; }
  // The window's one undo stack: with a handler set, the Undo button calls it and the panel's own Ctrl+Z is off
  // (the Edit menu holds it); each drawn disc, stroke or fill is announced by strokeRecorded.
  void setUndoHandler(std::function<void()> handler);
  // Drawn ROIs not yet saved (by Save... or in a session): quitting asks about them.
  bool hasUnsavedRois() const { return unsaved_; }
  void markRoisSaved() { unsaved_ = false; }
  static constexpr int kFlushIntervalMs = 100;

Q_SIGNALS:
  void roiChanged();       // after every drawn disc, stroke, undo or new ROI
  void backgroundDiscDone();  // a large disc computed off the GUI thread was applied
  // One undoable stroke was recorded in the model (model().undo()/redo() take it back and forth); what: "Disc",
  // "Brush stroke", "Erase stroke".
  void strokeRecorded(const QString& what);

private:
  void refresh();  // controls from the model
  void onDiscPicked(int hemisphere, int vertex);
  void chooseSaveFile();
  void announceStroke(std::size_t strokesBefore, const QString& what);

  core::RoiDrawPanelModel model_;
  StudyAdapter* adapter_;
  BrainView* view_;
  JobRunner* jobs_;
  QToolButton* drawToggle_;
  QButtonGroup* tools_;
  QDoubleSpinBox* radius_;
  QLineEdit* name_;
  QPushButton* newRoi_;
  QPushButton* undo_;
  QPushButton* save_;
  QLabel* status_;
  QString message_;
  int pendingDiscs_ = 0;
  std::size_t strokesAtStart_ = 0;
  bool unsaved_ = false;
  std::function<void()> undoHandler_;
  QShortcut* undoShortcut_ = nullptr;
  bool refreshing_ = false;
};

}  // namespace vl::widgets
