#include "widgets/LayersPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "render/ColourMap.h"
#include "widgets/HistogramThresholdEditor.h"
#include "widgets/StudyAdapter.h"

namespace vl::widgets {
namespace {
enum ItemRole { RoleKind = Qt::UserRole + 1, RoleHemisphere, RoleIndex, RoleLayer };
enum ItemKind { KindHemisphere = 1, KindSurface, KindLayer };

QString describe(const core::SurfaceLayer& layer) {
  switch (layer.kind) {
    case core::LayerKind::Shading: return QStringLiteral("shading");
    case core::LayerKind::Scalar: return QStringLiteral("scalar");
    case core::LayerKind::Parcellation: return QStringLiteral("labels");
  }
  return {};
}
}  // namespace

LayersPanel::LayersPanel(StudyAdapter* adapter, QWidget* parent) : QWidget(parent), adapter_(adapter) {
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("layersTree"));
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Item"), tr("Details")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->header()->setStretchLastSection(true);
  tree_->setRootIsDecorated(true);
  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setRange(0, 100);
  opacity_->setEnabled(false);
  opacity_->setObjectName(QStringLiteral("layerOpacity"));
  opacityLabel_ = new QLabel(tr("Opacity"), this);
  moveUp_ = new QToolButton(this);
  moveUp_->setArrowType(Qt::UpArrow);
  moveUp_->setToolTip(tr("Move the layer up (drawn over the layers below)"));
  moveUp_->setEnabled(false);
  moveDown_ = new QToolButton(this);
  moveDown_->setArrowType(Qt::DownArrow);
  moveDown_->setToolTip(tr("Move the layer down"));
  moveDown_->setEnabled(false);
  auto* opacityRow = new QHBoxLayout;
  opacityRow->addWidget(opacityLabel_);
  opacityRow->addWidget(opacity_);
  opacityRow->addWidget(moveUp_);
  opacityRow->addWidget(moveDown_);
  // Which surface each hemisphere's geometry is taken from: what is shown (e.g. inflated) is display only.
  auto* sampleAtForm = new QFormLayout;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto i = core::hemisphereIndex(side);
    sampleAt_[i] = new QComboBox(this);
    sampleAt_[i]->setObjectName(side == core::Hemisphere::Left ? QStringLiteral("sampleAtLeft") : QStringLiteral("sampleAtRight"));
    sampleAt_[i]->setToolTip(tr("The surface volumes and atlases are sampled at, geodesic distances measured on and "
                                "ROIs drawn on, whichever surface is shown"));
    sampleAtLabel_[i] = new QLabel(side == core::Hemisphere::Left ? tr("Left: sample at") : tr("Right: sample at"), this);
    sampleAtForm->addRow(sampleAtLabel_[i], sampleAt_[i]);
    connect(sampleAt_[i], &QComboBox::currentIndexChanged, this, [this, side](int index) {
      const auto& study = adapter_->study();
      if (rebuilding_ || !study || index < 0) return;
      study->setReferenceSurface(side, static_cast<std::size_t>(index));
    });
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  // The tree keeps room for a few layers; the display editor (with its histogram) scrolls when the dock is short.
  tree_->setMinimumHeight(150);
  layout->addWidget(tree_, 1);
  layout->addLayout(sampleAtForm);
  layout->addLayout(opacityRow);
  buildDisplayEditor();
  auto* displayScroll = new QScrollArea(this);
  displayScroll->setWidget(displayBox_);
  displayScroll->setWidgetResizable(true);
  displayScroll->setFrameShape(QFrame::NoFrame);
  displayScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layout->addWidget(displayScroll, 1);

  connect(adapter_, &StudyAdapter::studyReplaced, this, &LayersPanel::rebuild);
  connect(adapter_, &StudyAdapter::studyChanged, this, [this](int kind, qulonglong) {
    if (kind != static_cast<int>(core::StudyChange::Kind::RoiSets)) deferredRebuild_.request();
  });
  connect(tree_, &QTreeWidget::itemChanged, this, &LayersPanel::onItemChanged);
  connect(tree_, &QTreeWidget::itemSelectionChanged, this, &LayersPanel::onSelectionChanged);
  connect(opacity_, &QSlider::valueChanged, this, &LayersPanel::onOpacityChanged);
  connect(moveUp_, &QToolButton::clicked, this, [this] { moveSelectedLayer(+1); });
  connect(moveDown_, &QToolButton::clicked, this, [this] { moveSelectedLayer(-1); });
  rebuild();
}

void LayersPanel::buildDisplayEditor() {
  displayBox_ = new QGroupBox(tr("Scalar layer display"), this);
  colourMap_ = new QComboBox(displayBox_);
  colourMap_->setObjectName(QStringLiteral("colourMap"));
  for (const auto& name : render::colourMapNames())
    if (name != "curvature") colourMap_->addItem(QString::fromStdString(name));
  auto spin = [this] {
    auto* box = new QDoubleSpinBox(displayBox_);
    box->setRange(-1e9, 1e9);
    box->setDecimals(4);
    box->setKeyboardTracking(false);  // apply when the number is complete, not on every key
    return box;
  };
  rangeMin_ = spin();
  rangeMin_->setObjectName(QStringLiteral("rangeMin"));
  rangeMax_ = spin();
  threshold_ = spin();
  thresholdMode_ = new QComboBox(displayBox_);
  thresholdMode_->addItems({tr("no threshold"), tr("hide below"), tr("hide |value| below")});
  symmetric_ = new QCheckBox(tr("symmetric (two-sided)"), displayBox_);
  signs_ = new QComboBox(displayBox_);
  signs_->addItems({tr("both signs"), tr("positive only"), tr("negative only")});
  auto* form = new QFormLayout(displayBox_);
  form->addRow(tr("Colour map"), colourMap_);
  auto* range = new QHBoxLayout;
  range->addWidget(rangeMin_);
  range->addWidget(rangeMax_);
  form->addRow(tr("Range"), range);
  auto* thresholdRow = new QHBoxLayout;
  thresholdRow->addWidget(thresholdMode_);
  thresholdRow->addWidget(threshold_);
  form->addRow(tr("Threshold"), thresholdRow);
  form->addRow(symmetric_);
  form->addRow(tr("Signs"), signs_);
  // Dual coding: another layer's magnitude sets the opacity (e.g. colour = preferred category, opacity = R^2).
  opacityLayer_ = new QComboBox(displayBox_);
  opacityLayer_->setObjectName(QStringLiteral("opacityLayer"));
  opacityLow_ = spin();
  opacityLow_->setObjectName(QStringLiteral("opacityLow"));
  opacityHigh_ = spin();
  opacityHigh_->setObjectName(QStringLiteral("opacityHigh"));
  form->addRow(tr("Opacity from"), opacityLayer_);
  auto* opacityRange = new QHBoxLayout;
  opacityRange->addWidget(opacityLow_);
  opacityRange->addWidget(opacityHigh_);
  form->addRow(tr("|value| transparent..opaque"), opacityRange);
  // The histogram of the layer's values with the colour map under it; its handles edit range and threshold.
  histogramHemispheres_ = new QComboBox(displayBox_);
  histogramHemispheres_->setObjectName(QStringLiteral("histogramHemispheres"));
  histogramHemispheres_->addItems({tr("both hemispheres"), tr("left hemisphere"), tr("right hemisphere")});
  form->addRow(tr("Histogram of"), histogramHemispheres_);
  histogram_ = new HistogramThresholdEditor(displayBox_);
  histogram_->setObjectName(QStringLiteral("histogramEditor"));
  form->addRow(histogram_);
  connect(histogram_, &HistogramThresholdEditor::displayEdited, this, &LayersPanel::applyHistogramEdit);
  connect(histogramHemispheres_, &QComboBox::currentIndexChanged, this, [this] {
    const auto& study = adapter_->study();
    auto* item = tree_->currentItem();
    if (study && item && item->data(0, RoleKind).toInt() == KindLayer)
      showHistogram(study->findLayer(item->data(0, RoleLayer).toULongLong()));
  });
  displayBox_->setEnabled(false);
  connect(colourMap_, &QComboBox::currentTextChanged, this, &LayersPanel::applyDisplayEditor);
  connect(opacityLayer_, &QComboBox::currentIndexChanged, this, &LayersPanel::applyDisplayEditor);
  for (auto* box : {rangeMin_, rangeMax_, threshold_, opacityLow_, opacityHigh_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &LayersPanel::applyDisplayEditor);
  connect(thresholdMode_, &QComboBox::currentIndexChanged, this, &LayersPanel::applyDisplayEditor);
  connect(signs_, &QComboBox::currentIndexChanged, this, &LayersPanel::applyDisplayEditor);
  connect(symmetric_, &QCheckBox::toggled, this, &LayersPanel::applyDisplayEditor);
}

void LayersPanel::showDisplay(const core::LayerEntry* entry) {
  const bool scalar = entry && entry->data->kind == core::LayerKind::Scalar;
  displayBox_->setEnabled(scalar);
  if (!scalar) {
    histogram_->setHistogram({});
    return;
  }
  const auto& d = entry->display;
  const QSignalBlocker b1(colourMap_), b2(rangeMin_), b3(rangeMax_), b4(threshold_), b5(thresholdMode_),
      b6(symmetric_), b7(signs_), b8(opacityLayer_), b9(opacityLow_), b10(opacityHigh_);
  // Any other layer with values can modulate this one.
  opacityLayer_->clear();
  opacityLayer_->addItem(tr("none"), QVariant::fromValue<qulonglong>(0));
  for (const auto& other : adapter_->study()->layers())
    if (other.id != entry->id && other.data->kind != core::LayerKind::Parcellation)
      opacityLayer_->addItem(QString::fromStdString(other.data->name), QVariant::fromValue<qulonglong>(other.id));
  const int modulator = opacityLayer_->findData(QVariant::fromValue<qulonglong>(d.opacityLayer));
  opacityLayer_->setCurrentIndex(std::max(0, modulator));
  opacityLow_->setValue(d.opacityLow);
  opacityHigh_->setValue(d.opacityHigh);
  opacityLow_->setEnabled(d.opacityLayer != 0);
  opacityHigh_->setEnabled(d.opacityLayer != 0);
  colourMap_->setCurrentText(QString::fromStdString(d.colourMap));
  rangeMin_->setValue(d.rangeMin);
  rangeMax_->setValue(d.rangeMax);
  threshold_->setValue(d.threshold);
  thresholdMode_->setCurrentIndex(static_cast<int>(d.thresholdMode));
  symmetric_->setChecked(d.symmetric);
  signs_->setCurrentIndex(static_cast<int>(d.signs));
  showHistogram(entry);
}

void LayersPanel::showHistogram(const core::LayerEntry* entry) {
  if (!entry || entry->data->kind != core::LayerKind::Scalar) return;
  std::vector<std::span<const float>> parts;
  const int choice = histogramHemispheres_->currentIndex();  // 0 both, 1 left, 2 right
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right})
    if (choice == 0 || (choice == 1) == (side == core::Hemisphere::Left)) parts.emplace_back(entry->data->valuesFor(side));
  histogram_->setHistogram(core::valueHistogram(parts, 64));
  histogram_->setDisplay(entry->display);
}

void LayersPanel::applyHistogramEdit(const core::LayerDisplay& display) {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  if (rebuilding_ || !study || !item || item->data(0, RoleKind).toInt() != KindLayer) return;
  const QSignalBlocker b1(rangeMin_), b2(rangeMax_), b3(threshold_);
  rangeMin_->setValue(display.rangeMin);
  rangeMax_->setValue(display.rangeMax);
  threshold_->setValue(display.threshold);
  applyDisplay(item->data(0, RoleLayer).toULongLong(), display);
}

void LayersPanel::applyDisplayEditor() {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  if (rebuilding_ || !study || !item || item->data(0, RoleKind).toInt() != KindLayer) return;
  const auto id = item->data(0, RoleLayer).toULongLong();
  const auto* entry = study->findLayer(id);
  if (!entry || entry->data->kind != core::LayerKind::Scalar) return;
  auto display = entry->display;
  display.colourMap = colourMap_->currentText().toStdString();
  display.rangeMin = rangeMin_->value();
  display.rangeMax = rangeMax_->value();
  display.threshold = threshold_->value();
  display.thresholdMode = static_cast<core::ThresholdMode>(thresholdMode_->currentIndex());
  display.symmetric = symmetric_->isChecked();
  display.signs = static_cast<core::SignFilter>(signs_->currentIndex());
  display.opacityLayer = opacityLayer_->currentData().toULongLong();
  display.opacityLow = opacityLow_->value();
  display.opacityHigh = opacityHigh_->value();
  opacityLow_->setEnabled(display.opacityLayer != 0);
  opacityHigh_->setEnabled(display.opacityLayer != 0);
  histogram_->setDisplay(display);
  applyDisplay(id, display);
}

void LayersPanel::rebuild() {
  rebuilding_ = true;
  const auto selectedLayer = tree_->currentItem() ? tree_->currentItem()->data(0, RoleLayer) : QVariant();
  tree_->clear();
  const auto& study = adapter_->study();
  if (study) {
    for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
      const auto& hemi = study->hemisphere(side);
      if (hemi.surfaces.empty()) continue;
      auto* top = new QTreeWidgetItem(tree_, {side == core::Hemisphere::Left ? tr("Left hemisphere") : tr("Right hemisphere"),
                                              tr("%L1 vertices").arg(hemi.surfaces.front()->vertexCount())});
      top->setData(0, RoleKind, KindHemisphere);
      top->setData(0, RoleHemisphere, static_cast<int>(side));
      top->setCheckState(0, hemi.visible ? Qt::Checked : Qt::Unchecked);
      for (std::size_t i = 0; i < hemi.surfaces.size(); ++i) {
        const auto& surface = *hemi.surfaces[i];
        const QString details = hemi.reference == i ? tr("%L1 triangles; volumes sampled here").arg(surface.triangleCount())
                                                    : tr("%L1 triangles").arg(surface.triangleCount());
        auto* item = new QTreeWidgetItem(top, {QString::fromStdString(core::toString(surface.kind)), details});
        item->setData(0, RoleKind, KindSurface);
        item->setData(0, RoleHemisphere, static_cast<int>(side));
        item->setData(0, RoleIndex, static_cast<int>(i));
        item->setCheckState(0, hemi.shown == i ? Qt::Checked : Qt::Unchecked);  // one shown surface per hemisphere
      }
      top->setExpanded(true);
    }
    auto* layers = new QTreeWidgetItem(tree_, {tr("Layers (top first)"), tr("%1").arg(study->layers().size())});
    const auto& entries = study->layers();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      const auto& display = it->display;
      auto* item = new QTreeWidgetItem(layers, {QString::fromStdString(it->data->name),
                                                tr("%1, %2 %3..%4").arg(describe(*it->data), QString::fromStdString(display.colourMap))
                                                    .arg(display.rangeMin, 0, 'g', 3).arg(display.rangeMax, 0, 'g', 3)});
      item->setData(0, RoleKind, KindLayer);
      item->setData(0, RoleLayer, static_cast<qulonglong>(it->id));
      item->setCheckState(0, display.visible ? Qt::Checked : Qt::Unchecked);
      if (selectedLayer.isValid() && selectedLayer.toULongLong() == it->id) tree_->setCurrentItem(item);
    }
    layers->setExpanded(true);
  }
  rebuildSampleAt();
  rebuilding_ = false;
  onSelectionChanged();
}

void LayersPanel::rebuildSampleAt() {
  const auto& study = adapter_->study();
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto* box = sampleAt_[core::hemisphereIndex(side)];
    const QSignalBlocker block(box);
    box->clear();
    const bool has = study && !study->hemisphere(side).surfaces.empty();
    box->setVisible(has);
    sampleAtLabel_[core::hemisphereIndex(side)]->setVisible(has);
    if (!has) continue;
    const auto& hemi = study->hemisphere(side);
    for (const auto& surface : hemi.surfaces) box->addItem(QString::fromStdString(core::toString(surface->kind)));
    box->setCurrentIndex(static_cast<int>(hemi.reference));
  }
}

void LayersPanel::onItemChanged(QTreeWidgetItem* item, int column) {
  const auto& study = adapter_->study();
  if (rebuilding_ || column != 0 || !study) return;
  const auto handling = deferredRebuild_.handlingItemChange();
  const bool checked = item->checkState(0) == Qt::Checked;
  const auto side = static_cast<core::Hemisphere>(item->data(0, RoleHemisphere).toInt());
  switch (item->data(0, RoleKind).toInt()) {
    case KindHemisphere: study->setHemisphereVisible(side, checked); break;
    case KindSurface:
      if (checked) study->setShownSurface(side, static_cast<std::size_t>(item->data(0, RoleIndex).toInt()));
      else deferredRebuild_.request();  // a hemisphere always shows one surface: undo the uncheck
      break;
    case KindLayer: {
      const auto id = item->data(0, RoleLayer).toULongLong();
      if (const auto* entry = study->findLayer(id)) {
        auto display = entry->display;
        display.visible = checked;
        applyDisplay(id, display);
      }
      break;
    }
    default: break;
  }
}

void LayersPanel::onSelectionChanged() {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  const core::LayerEntry* entry =
      study && item && item->data(0, RoleKind).toInt() == KindLayer ? study->findLayer(item->data(0, RoleLayer).toULongLong())
                                                                    : nullptr;
  opacity_->setEnabled(entry != nullptr);
  if (entry) {
    const auto& layers = study->layers();
    moveUp_->setEnabled(entry->id != layers.back().id);
    moveDown_->setEnabled(entry->id != layers.front().id);
  } else {
    moveUp_->setEnabled(false);
    moveDown_->setEnabled(false);
  }
  const QSignalBlocker block(opacity_);
  opacity_->setValue(entry ? static_cast<int>(std::lround(entry->display.opacity * 100)) : 100);
  showDisplay(entry);
}

void LayersPanel::moveSelectedLayer(int steps) {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  if (!study || !item || item->data(0, RoleKind).toInt() != KindLayer) return;
  const auto id = item->data(0, RoleLayer).toULongLong();
  const auto& layers = study->layers();
  const auto it = std::find_if(layers.begin(), layers.end(), [id](const core::LayerEntry& e) { return e.id == id; });
  if (it == layers.end()) return;
  const auto index = static_cast<long>(it - layers.begin());
  const long target = index + steps;
  if (target < 0 || target >= static_cast<long>(layers.size())) return;
  study->moveLayer(id, static_cast<std::size_t>(target));  // the rebuild keeps the moved layer selected
}

void LayersPanel::onOpacityChanged(int percent) {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  if (!study || !item || item->data(0, RoleKind).toInt() != KindLayer) return;
  const auto id = item->data(0, RoleLayer).toULongLong();
  if (const auto* entry = study->findLayer(id)) {
    auto display = entry->display;
    display.opacity = static_cast<float>(percent) / 100.0f;
    applyDisplay(id, display);
  }
}

namespace {
// What an edit changed, in the words of the Edit menu ("Undo Threshold").
QString describeEdit(const core::LayerDisplay& before, const core::LayerDisplay& after) {
  if (before.visible != after.visible) return LayersPanel::tr("Visibility");
  if (before.opacity != after.opacity) return LayersPanel::tr("Opacity");
  if (before.colourMap != after.colourMap) return LayersPanel::tr("Colour Map");
  if (before.threshold != after.threshold || before.thresholdMode != after.thresholdMode) return LayersPanel::tr("Threshold");
  if (before.rangeMin != after.rangeMin || before.rangeMax != after.rangeMax) return LayersPanel::tr("Range");
  if (before.opacityLayer != after.opacityLayer || before.opacityLow != after.opacityLow ||
      before.opacityHigh != after.opacityHigh)
    return LayersPanel::tr("Opacity Layer");
  return LayersPanel::tr("Display");
}
}  // namespace

void LayersPanel::applyDisplay(core::LayerId id, const core::LayerDisplay& display) {
  const auto& study = adapter_->study();
  const auto* entry = study ? study->findLayer(id) : nullptr;
  if (!entry || entry->display == display) return;
  const auto before = entry->display;
  study->setLayerDisplay(id, display);
  Q_EMIT layerDisplayEdited(id, before, display, describeEdit(before, display));
}

}  // namespace vl::widgets
