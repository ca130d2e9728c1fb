#pragma once
// The ROIs dock: every ROI set of the Study with its labels (colour, key, name, vertex count).
#include <QWidget>

class QTreeWidget;
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

  StudyAdapter* adapter_;
  QTreeWidget* tree_;
  QLabel* emptyHint_;
};

}  // namespace vl::widgets
