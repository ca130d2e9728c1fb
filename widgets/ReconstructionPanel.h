#pragma once
// The Reconstruction dock: what did the subject see? Source (whole cortex, the selectivity target, a drawn ROI),
// method (forward model or ridge decoder), the test trials to show (a list, the first 8 selected, or typed
// indices), Run and Cancel; then one row per trial: the seen image, the 5 most likely test images with the rank of
// the true one, the low-level, high-level and combined reconstructions, and the scores beside them. Bound to a
// core::ReconstructionPanelModel, which holds every rule; the work runs in app/ReconstructionController as a
// background job.
#include <QWidget>

#include "core/panels/ReconstructionPanelModel.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace vl::widgets {

class ReconstructionPanel : public QWidget {
  Q_OBJECT
public:
  static constexpr int kThumbnailPixels = 44;

  explicit ReconstructionPanel(QWidget* parent = nullptr);

  core::ReconstructionPanelModel& model() { return model_; }
  // Redraws what the model's version says changed; the controller calls it after changing the model.
  void refresh();

  QComboBox* sourceBox() const { return source_; }
  QComboBox* methodBox() const { return method_; }
  QListWidget* trialList() const { return trials_; }
  QLineEdit* trialText() const { return trialText_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QLabel* statusLabel() const { return status_; }
  QLabel* scoresLabel() const { return scores_; }
  // The image labels of result row `row`: seen, 5 identified, low, high, combined (empty past the rows shown).
  std::vector<QLabel*> rowImages(int row) const;
  int rowsShown() const { return int(rowImages_.size()); }

Q_SIGNALS:
  void runRequested();
  void cancelRequested();
  void sourceChanged();

private:
  void showTrials();
  void showResults();
  void takeListSelection();

  core::ReconstructionPanelModel model_;
  QComboBox* source_;
  QComboBox* method_;
  QListWidget* trials_;
  QLineEdit* trialText_;
  QPushButton* run_;
  QPushButton* cancel_;
  QLabel* status_;
  QLabel* scores_;
  QGridLayout* grid_;
  std::vector<std::vector<QLabel*>> rowImages_;
  std::uint64_t shownVersion_ = ~0ULL;
  std::size_t shownTrialCount_ = ~std::size_t(0);
  const void* shownRows_ = nullptr;
  bool updatingList_ = false;
};

}  // namespace vl::widgets
