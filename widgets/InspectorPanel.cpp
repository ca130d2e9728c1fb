#include "widgets/InspectorPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace vl::widgets {

InspectorPanel::InspectorPanel(QWidget* parent) : QWidget(parent) {
  hint_ = new QLabel(tr("Click the brain to inspect a vertex."), this);
  hint_->setForegroundRole(QPalette::PlaceholderText);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("inspectorTree"));
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Item"), tr("Value")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->hide();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(hint_);
  layout->addWidget(tree_);
}

void InspectorPanel::show(const std::optional<core::VertexReport>& report) {
  tree_->clear();
  hint_->setVisible(!report);
  tree_->setVisible(report.has_value());
  if (!report) return;
  auto add = [this](QTreeWidgetItem* parent, const QString& name, const QString& value) {
    return parent ? new QTreeWidgetItem(parent, {name, value}) : new QTreeWidgetItem(tree_, {name, value});
  };
  add(nullptr, tr("Vertex"), QString::number(report->vertex));
  add(nullptr, tr("Hemisphere"), QString::fromStdString(core::toString(report->hemisphere)));
  auto* where = add(nullptr, tr("Coordinates (mm)"), QString());
  for (const auto& p : report->positions)
    add(where, p.reference ? tr("%1 (sampled at)").arg(QString::fromStdString(p.surface)) : QString::fromStdString(p.surface),
        QStringLiteral("%1, %2, %3").arg(p.coordinates[0], 0, 'f', 2).arg(p.coordinates[1], 0, 'f', 2).arg(p.coordinates[2], 0, 'f', 2));
  auto* layers = add(nullptr, tr("Layers"), QString());
  for (const auto& v : report->values)
    add(layers, QString::fromStdString(v.layer), std::isfinite(v.value) ? QString::number(v.value, 'g', 5) : tr("no value"));
  if (!report->rois.empty()) {
    auto* rois = add(nullptr, tr("ROIs"), QString());
    for (const auto& r : report->rois)
      add(rois, QString::fromStdString(r.set),
          r.label.empty() ? tr("key %1 (not in the table)").arg(r.key) : QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.label)).arg(r.key));
  }
  tree_->expandAll();
}

}  // namespace vl::widgets
