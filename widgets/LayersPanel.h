#pragma once
// The Layers dock: hemispheres with their surfaces (which one is shown, whether the hemisphere is visible, which
// one volumes are sampled at: "Sample at", white by default) and the layer stack, top layer first, with
// visibility and opacity. Edits go straight to the Study; the panel rebuilds itself from the Study when it changes.
#include <QWidget>

#include "widgets/DeferredRebuild.h"
#include "core/model/Study.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QTreeWidget;
class QTreeWidgetItem;
class QSlider;
class QLabel;
class QToolButton;

namespace vl::widgets {

class HistogramThresholdEditor;
class StudyAdapter;

class LayersPanel : public QWidget {
  Q_OBJECT
public:
  explicit LayersPanel(StudyAdapter* adapter, QWidget* parent = nullptr);

  QTreeWidget* tree() const { return tree_; }
  // The hemisphere's reference surface (Study::referenceSurface): one item per surface, in the study's order.
  QComboBox* sampleAtBox(core::Hemisphere side) const { return sampleAt_[core::hemisphereIndex(side)]; }
  QComboBox* colourMapBox() const { return colourMap_; }
  QDoubleSpinBox* rangeMinBox() const { return rangeMin_; }
  QDoubleSpinBox* thresholdBox() const { return threshold_; }
  QComboBox* thresholdModeBox() const { return thresholdMode_; }
  // Dual coding: the layer whose |value| sets the opacity (item data: layer id, 0 = none) and its range.
  QComboBox* opacityLayerBox() const { return opacityLayer_; }
  QDoubleSpinBox* opacityLowBox() const { return opacityLow_; }
  QDoubleSpinBox* opacityHighBox() const { return opacityHigh_; }
  // Layer order: the selected layer one step towards the top (drawn over the others) or the bottom.
  QToolButton* moveUpButton() const { return moveUp_; }
  QToolButton* moveDownButton() const { return moveDown_; }
  // The selected layer's value histogram with draggable range and threshold handles; which hemispheres it counts.
  HistogramThresholdEditor* histogramEditor() const { return histogram_; }
  QComboBox* histogramHemisphereBox() const { return histogramHemispheres_; }

Q_SIGNALS:
  // A display edit made in this panel was applied to the Study (the window records it for Undo): the layer, its
  // display before and after, and what changed ("Colour map", "Threshold", "Opacity", "Visibility", ...).
  void layerDisplayEdited(qulonglong layer, const core::LayerDisplay& before, const core::LayerDisplay& after,
                          const QString& what);

private:
  void rebuild();
  // Every display edit goes through here: applies it to the Study and announces it.
  void applyDisplay(core::LayerId id, const core::LayerDisplay& display);
  void rebuildSampleAt();
  void onItemChanged(QTreeWidgetItem* item, int column);
  void onSelectionChanged();
  void onOpacityChanged(int percent);
  // The display editor: colour map, range, threshold, symmetric and signs of the selected scalar layer.
  void buildDisplayEditor();
  void showDisplay(const core::LayerEntry* entry);
  void applyDisplayEditor();
  void showHistogram(const core::LayerEntry* entry);
  void applyHistogramEdit(const core::LayerDisplay& display);  // a handle dragged: spin boxes and the study follow
  void moveSelectedLayer(int steps);  // +1: up (towards the top of the stack)

  StudyAdapter* adapter_;
  QTreeWidget* tree_;
  QComboBox* sampleAt_[2];
  QLabel* sampleAtLabel_[2];
  QSlider* opacity_;
  QLabel* opacityLabel_;
  QGroupBox* displayBox_;
  QComboBox* colourMap_;
  QDoubleSpinBox* rangeMin_;
  QDoubleSpinBox* rangeMax_;
  QComboBox* thresholdMode_;
  QDoubleSpinBox* threshold_;
  QCheckBox* symmetric_;
  QComboBox* signs_;
  QComboBox* opacityLayer_;
  QDoubleSpinBox* opacityLow_;
  QDoubleSpinBox* opacityHigh_;
  QComboBox* histogramHemispheres_;
  HistogramThresholdEditor* histogram_;
  QToolButton* moveUp_;
  QToolButton* moveDown_;
  bool rebuilding_ = false;
  DeferredRebuild deferredRebuild_{this, [this] { rebuild(); }};
};

}  // namespace vl::widgets
