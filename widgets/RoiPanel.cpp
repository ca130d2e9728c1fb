#include "widgets/RoiPanel.h"

#include <QColor>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "widgets/StudyAdapter.h"

namespace vl::widgets {

RoiPanel::RoiPanel(StudyAdapter* adapter, QWidget* parent) : QWidget(parent), adapter_(adapter) {
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("roiTree"));
  tree_->setColumnCount(3);
  tree_->setHeaderLabels({tr("ROI"), tr("Key"), tr("Vertices")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->header()->setStretchLastSection(true);
  emptyHint_ = new QLabel(tr("This study has no ROI sets yet."), this);
  emptyHint_->setWordWrap(true);
  emptyHint_->setForegroundRole(QPalette::PlaceholderText);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(emptyHint_);
  layout->addWidget(tree_);
  connect(adapter_, &StudyAdapter::studyReplaced, this, &RoiPanel::rebuild);
  connect(adapter_, &StudyAdapter::studyChanged, this, [this](int kind, qulonglong) {
    if (kind == static_cast<int>(core::StudyChange::Kind::RoiSets)) rebuild();
  });
  connect(tree_, &QTreeWidget::itemChanged, this, &RoiPanel::onItemChanged);
  rebuild();
}

void RoiPanel::rebuild() {
  tree_->clear();
  const auto& study = adapter_->study();
  const bool empty = !study || study->roiSets().empty();
  emptyHint_->setVisible(empty);
  tree_->setVisible(!empty);
  if (empty) return;
  rebuilding_ = true;
  int index = 0;
  for (const auto& entry : study->roiSets()) {
    const auto& set = entry.data;
    std::map<std::int32_t, std::size_t> counts;
    for (const auto& keys : set->keys)
      for (auto key : keys) ++counts[key];
    auto* top = new QTreeWidgetItem(tree_, {QString::fromStdString(set->name), QString(), QString()});
    top->setCheckState(0, entry.display.visible ? Qt::Checked : Qt::Unchecked);
    top->setData(0, Qt::UserRole, index++);
    for (const auto& label : set->labels) {
      QPixmap swatch(12, 12);
      swatch.fill(QColor::fromRgbF(label.rgba[0], label.rgba[1], label.rgba[2]));
      auto* item = new QTreeWidgetItem(top, {QString::fromStdString(label.name), QString::number(label.key),
                                             QString::number(counts[label.key])});
      item->setIcon(0, QIcon(swatch));
    }
    top->setExpanded(true);
  }
  rebuilding_ = false;
}

void RoiPanel::onItemChanged(QTreeWidgetItem* item, int column) {
  const auto& study = adapter_->study();
  if (rebuilding_ || column != 0 || !study || item->parent()) return;
  const auto index = static_cast<std::size_t>(item->data(0, Qt::UserRole).toInt());
  if (index >= study->roiSets().size()) return;
  auto display = study->roiSets()[index].display;
  display.visible = item->checkState(0) == Qt::Checked;
  study->setRoiDisplay(index, display);
}

}  // namespace vl::widgets
