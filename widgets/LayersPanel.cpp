#include "widgets/LayersPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

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
  auto* opacityRow = new QHBoxLayout;
  opacityRow->addWidget(opacityLabel_);
  opacityRow->addWidget(opacity_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(tree_);
  layout->addLayout(opacityRow);

  connect(adapter_, &StudyAdapter::studyReplaced, this, &LayersPanel::rebuild);
  connect(adapter_, &StudyAdapter::studyChanged, this, [this](int kind, qulonglong) {
    if (kind != static_cast<int>(core::StudyChange::Kind::RoiSets)) rebuild();
  });
  connect(tree_, &QTreeWidget::itemChanged, this, &LayersPanel::onItemChanged);
  connect(tree_, &QTreeWidget::itemSelectionChanged, this, &LayersPanel::onSelectionChanged);
  connect(opacity_, &QSlider::valueChanged, this, &LayersPanel::onOpacityChanged);
  rebuild();
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
        auto* item = new QTreeWidgetItem(top, {QString::fromStdString(core::toString(surface.kind)),
                                               tr("%L1 triangles").arg(surface.triangleCount())});
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
  rebuilding_ = false;
  onSelectionChanged();
}

void LayersPanel::onItemChanged(QTreeWidgetItem* item, int column) {
  const auto& study = adapter_->study();
  if (rebuilding_ || column != 0 || !study) return;
  const bool checked = item->checkState(0) == Qt::Checked;
  const auto side = static_cast<core::Hemisphere>(item->data(0, RoleHemisphere).toInt());
  switch (item->data(0, RoleKind).toInt()) {
    case KindHemisphere: study->setHemisphereVisible(side, checked); break;
    case KindSurface:
      if (checked) study->setShownSurface(side, static_cast<std::size_t>(item->data(0, RoleIndex).toInt()));
      else rebuild();  // a hemisphere always shows one surface: undo the uncheck
      break;
    case KindLayer: {
      const auto id = item->data(0, RoleLayer).toULongLong();
      if (const auto* entry = study->findLayer(id)) {
        auto display = entry->display;
        display.visible = checked;
        study->setLayerDisplay(id, display);
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
  const QSignalBlocker block(opacity_);
  opacity_->setValue(entry ? static_cast<int>(std::lround(entry->display.opacity * 100)) : 100);
}

void LayersPanel::onOpacityChanged(int percent) {
  const auto& study = adapter_->study();
  auto* item = tree_->currentItem();
  if (!study || !item || item->data(0, RoleKind).toInt() != KindLayer) return;
  const auto id = item->data(0, RoleLayer).toULongLong();
  if (const auto* entry = study->findLayer(id)) {
    auto display = entry->display;
    display.opacity = static_cast<float>(percent) / 100.0f;
    study->setLayerDisplay(id, display);
  }
}

}  // namespace vl::widgets
