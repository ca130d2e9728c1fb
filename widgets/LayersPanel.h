#pragma once
// The Layers dock: hemispheres with their surfaces (which one is shown, whether the hemisphere is visible) and
// the layer stack, top layer first, with visibility and opacity. Edits go straight to the Study; the panel
// rebuilds itself from the Study when it changes.
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class QSlider;
class QLabel;

namespace vl::widgets {

class StudyAdapter;

class LayersPanel : public QWidget {
  Q_OBJECT
public:
  explicit LayersPanel(StudyAdapter* adapter, QWidget* parent = nullptr);

  QTreeWidget* tree() const { return tree_; }

private:
  void rebuild();
  void onItemChanged(QTreeWidgetItem* item, int column);
  void onSelectionChanged();
  void onOpacityChanged(int percent);

  StudyAdapter* adapter_;
  QTreeWidget* tree_;
  QSlider* opacity_;
  QLabel* opacityLabel_;
  bool rebuilding_ = false;
};

}  // namespace vl::widgets
