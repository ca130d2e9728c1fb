#pragma once
// The Selectivity dock: a thin Qt face of core::SelectivityPanelModel. It shows, for the current target, its
// reliability (always beside the results), the caption with its nearest bank captions and keywords, the
// receptive-field map, and galleries of the top, bottom and measured top images; up to four pinned targets are
// shown side by side below. It computes nothing: the window's selectivity controller runs core::selectTarget on a
// worker and hands the result to showResult. The current target is the document object other panels observe:
// targetChanged carries the model's version.
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

#include "core/panels/SelectivityPanelModel.h"
#include "widgets/SelectivityView.h"

class QCheckBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTabWidget;

namespace vl::widgets {

class SelectivityGallery;

class SelectivityPanel : public QWidget {
  Q_OBJECT
public:
  explicit SelectivityPanel(QWidget* parent = nullptr);

  const core::SelectivityPanelModel& model() const { return model_; }
  // The current target's result (null before the first, and for a target without columns).
  const std::shared_ptr<const SelectivityView>& current() const { return current_; }

  // A target is being computed: the target line says so until showResult or showTargetWithoutColumns.
  void showPending(const QString& description);
  // Back to no target and no pinned ones (a new study).
  void clear();
  // The result for a target: it becomes the current target of the model (targetChanged).
  void showResult(std::shared_ptr<const SelectivityView> view);
  // A target none of whose vertices has a fitted column: said on the target line, the results are cleared.
  void showTargetWithoutColumns(const core::SelectionTarget& target);
  // One line under the target (inputs being prepared, a failed job); empty hides it.
  void showStatus(const QString& text);
  // The clicked image at full size with its caption.
  void showLargeImage(const QImage& image, const QString& title);

  SelectivityGallery* topGallery() const { return top_; }
  SelectivityGallery* bottomGallery() const { return bottom_; }
  SelectivityGallery* measuredGallery() const { return measured_; }
  QLabel* targetLabel() const { return target_; }
  QLabel* reliabilityLabel() const { return reliability_; }
  QLabel* captionLabel() const { return caption_; }
  QLabel* receptiveFieldLabel() const { return rfText_; }
  QPushButton* pinButton() const { return pin_; }
  // The galleries of the pinned targets, left to right.
  std::vector<SelectivityGallery*> pinnedGalleries() const;

  // Split-half top-k overlap below this reads as "the gallery may be noise".
  static constexpr double kLowOverlap = 0.5;

Q_SIGNALS:
  void targetChanged(qulonglong version);
  // Top-k or the R^2 weighting changed: the current target should be computed again.
  void optionsChanged();
  // The disc radius changed (a disc target is made again with it).
  void discRadiusChanged(double mm);
  void imageClicked(int stimulusIndex);

private:
  void pinCurrent();
  void unpin(std::size_t index);
  void rebuildPinned();
  void clearResults();

  core::SelectivityPanelModel model_;
  std::shared_ptr<const SelectivityView> current_;
  std::vector<std::shared_ptr<const SelectivityView>> pinnedViews_;  // parallel to model_.pinned()
  QLabel* target_;
  QLabel* status_;
  QDoubleSpinBox* radius_;
  QSpinBox* topK_;
  QCheckBox* weightByR2_;
  QPushButton* pin_;
  QLabel* reliability_;
  QLabel* caption_;
  QLabel* nearest_;
  QLabel* keywords_;
  QLabel* rfImage_;
  QLabel* rfText_;
  QTabWidget* tabs_;
  SelectivityGallery* top_;
  SelectivityGallery* bottom_;
  SelectivityGallery* measured_;
  QLabel* largeImage_;
  QLabel* largeTitle_;
  QScrollArea* scroll_;
  QWidget* pinnedBox_;
  QHBoxLayout* pinnedColumns_;
  std::vector<SelectivityGallery*> pinnedGalleries_;
};

// The reliability line: columns, median noise ceiling ("n/a" when unknown), median held-out R^2, split-half top-k
// overlap, and a plain-words warning when the overlap is low (rich text).
QString reliabilityText(const core::TargetReliability& reliability);

}  // namespace vl::widgets
