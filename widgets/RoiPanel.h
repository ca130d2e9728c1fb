#pragma once
// The ROIs dock: every ROI set of the Study with its labels (colour, key, name, vertex count); the check box of a
// set shows or hides it. Below the list, how the current set is drawn (fill, outline or both; outline colour and
// width). Selecting a label (in the list, or by clicking the brain) selects that ROI: roiSelected is emitted, and
// the window highlights it in the view. "Make target" (a button under the list, and the label's context menu) makes
// the selected ROI, e.g. one drawn in the Draw ROI dock, the selectivity explorer's target.
#include <QWidget>

#include <optional>
#include <utility>

#include "widgets/DeferredRebuild.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QPushButton;

namespace vl::widgets {

class StudyAdapter;

class RoiPanel : public QWidget {
  Q_OBJECT
public:
  explicit RoiPanel(StudyAdapter* adapter, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return tree_; }
  QComboBox* modeBox() const { return mode_; }
  QComboBox* outlineColourBox() const { return outlineColour_; }

  // Selects the label `key` of ROI set `roiSet` in the list (emits roiSelected), or clears the selection.
  void selectRoi(int roiSet, int key);
  void clearRoiSelection();
  std::optional<std::pair<int, int>> selectedRoi() const { return selected_; }
  QPushButton* makeTargetButton() const { return makeTarget_; }

Q_SIGNALS:
  void roiSelected(int roiSet, int key);
  void roiSelectionCleared();
  void makeTargetRequested(int roiSet, int key);

private:
  void rebuild();
  void onItemChanged(QTreeWidgetItem* item, int column);
  void onCurrentItemChanged();
  void buildDisplayEditor();
  void showDisplay();
  void applyDisplayEditor();
  int currentSet() const;  // the set of the current item, or -1

  StudyAdapter* adapter_;
  QTreeWidget* tree_;
  QLabel* emptyHint_;
  QPushButton* makeTarget_;
  QGroupBox* displayBox_;
  QComboBox* mode_;
  QComboBox* outlineColour_;
  QDoubleSpinBox* outlineWidth_;
  std::optional<std::pair<int, int>> selected_;
  bool rebuilding_ = false;
  DeferredRebuild deferredRebuild_{this, [this] { rebuild(); }};
};

}  // namespace vl::widgets
