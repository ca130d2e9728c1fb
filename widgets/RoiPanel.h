#pragma once
// The ROIs dock: every ROI set of the Study with its labels (colour, key, name, vertex count); the check box
// of a set shows or hides its fill.
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace vl::widgets {

class StudyAdapter;

class RoiPanel : public QWidget {
  Q_OBJECT
public:
  explicit RoiPanel(StudyAdapter* adapter, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return tree_; }

private:
  void rebuild();
  void onItemChanged(QTreeWidgetItem* item, int column);

  StudyAdapter* adapter_;
  QTreeWidget* tree_;
  QLabel* emptyHint_;
  bool rebuilding_ = false;
};

}  // namespace vl::widgets
