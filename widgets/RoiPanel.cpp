#include "widgets/RoiPanel.h"

#include "core/model/LabelNames.h"

#include <QColor>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "widgets/StudyAdapter.h"

namespace vl::widgets {
namespace {
enum ItemRole { RoleSet = Qt::UserRole, RoleKey, RoleIsLabel };
// Outline colour choices; the last opens a colour dialog.
enum OutlineColourChoice { LabelColours, White, Black, Custom };
}  // namespace

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
  buildDisplayEditor();
  makeTarget_ = new QPushButton(tr("Make Selectivity Target"), this);
  makeTarget_->setObjectName(QStringLiteral("roiMakeTarget"));
  makeTarget_->setToolTip(tr("Show what the selected ROI prefers in the Selectivity dock"));
  makeTarget_->setEnabled(false);
  connect(makeTarget_, &QPushButton::clicked, this, [this] {
    if (selected_) Q_EMIT makeTargetRequested(selected_->first, selected_->second);
  });
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(tree_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& position) {
    auto* item = tree_->itemAt(position);
    if (!item || !item->data(0, RoleIsLabel).toBool()) return;
    const int set = item->data(0, RoleSet).toInt(), key = item->data(0, RoleKey).toInt();
    QMenu menu(this);
    menu.addAction(tr("Make Selectivity Target"), this, [this, set, key] { Q_EMIT makeTargetRequested(set, key); });
    menu.exec(tree_->viewport()->mapToGlobal(position));
  });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(emptyHint_);
  layout->addWidget(tree_);
  layout->addWidget(makeTarget_);
  layout->addWidget(displayBox_);
  connect(adapter_, &StudyAdapter::studyReplaced, this, [this] {
    selected_.reset();
    rebuild();
  });
  connect(adapter_, &StudyAdapter::studyChanged, this, [this](int kind, qulonglong) {
    if (kind == static_cast<int>(core::StudyChange::Kind::RoiSets)) deferredRebuild_.request();
  });
  connect(tree_, &QTreeWidget::itemChanged, this, &RoiPanel::onItemChanged);
  connect(tree_, &QTreeWidget::currentItemChanged, this, &RoiPanel::onCurrentItemChanged);
  rebuild();
}

void RoiPanel::buildDisplayEditor() {
  displayBox_ = new QGroupBox(tr("ROI set display"), this);
  mode_ = new QComboBox(displayBox_);
  mode_->setObjectName(QStringLiteral("roiDrawMode"));
  mode_->addItems({tr("fill"), tr("outline"), tr("fill + outline")});  // core::RoiDrawMode order
  outlineColour_ = new QComboBox(displayBox_);
  outlineColour_->setObjectName(QStringLiteral("roiOutlineColour"));
  outlineColour_->addItems({tr("label colours"), tr("white"), tr("black"), tr("custom...")});
  outlineWidth_ = new QDoubleSpinBox(displayBox_);
  outlineWidth_->setRange(1.0, 10.0);
  outlineWidth_->setSingleStep(0.5);
  outlineWidth_->setDecimals(1);
  outlineWidth_->setSuffix(tr(" px"));
  outlineWidth_->setKeyboardTracking(false);
  auto* form = new QFormLayout(displayBox_);
  form->addRow(tr("Draw"), mode_);
  form->addRow(tr("Outline colour"), outlineColour_);
  form->addRow(tr("Outline width"), outlineWidth_);
  displayBox_->setEnabled(false);
  connect(mode_, &QComboBox::currentIndexChanged, this, &RoiPanel::applyDisplayEditor);
  connect(outlineColour_, &QComboBox::activated, this, &RoiPanel::applyDisplayEditor);
  connect(outlineWidth_, &QDoubleSpinBox::valueChanged, this, &RoiPanel::applyDisplayEditor);
}

int RoiPanel::currentSet() const {
  const auto* item = tree_->currentItem();
  return item ? item->data(0, RoleSet).toInt() : -1;
}

void RoiPanel::showDisplay() {
  const auto& study = adapter_->study();
  const int set = currentSet();
  const bool valid = study && set >= 0 && static_cast<std::size_t>(set) < study->roiSets().size();
  displayBox_->setEnabled(valid);
  if (!valid) return;
  const auto& d = study->roiSets()[static_cast<std::size_t>(set)].display;
  const QSignalBlocker b1(mode_), b2(outlineColour_), b3(outlineWidth_);
  mode_->setCurrentIndex(static_cast<int>(d.mode));
  int colour = Custom;
  if (d.outlineInLabelColours) colour = LabelColours;
  else if (d.outlineColour == std::array<float, 3>{1, 1, 1}) colour = White;
  else if (d.outlineColour == std::array<float, 3>{0, 0, 0}) colour = Black;
  outlineColour_->setCurrentIndex(colour);
  outlineWidth_->setValue(d.outlineWidth);
}

void RoiPanel::applyDisplayEditor() {
  const auto& study = adapter_->study();
  const int set = currentSet();
  if (rebuilding_ || !study || set < 0 || static_cast<std::size_t>(set) >= study->roiSets().size()) return;
  auto display = study->roiSets()[static_cast<std::size_t>(set)].display;
  display.mode = static_cast<core::RoiDrawMode>(mode_->currentIndex());
  display.outlineWidth = static_cast<float>(outlineWidth_->value());
  switch (outlineColour_->currentIndex()) {
    case LabelColours: display.outlineInLabelColours = true; break;
    case White: display.outlineInLabelColours = false, display.outlineColour = {1, 1, 1}; break;
    case Black: display.outlineInLabelColours = false, display.outlineColour = {0, 0, 0}; break;
    case Custom: {
      const auto& c = display.outlineColour;
      const QColor chosen = QColorDialog::getColor(QColor::fromRgbF(c[0], c[1], c[2]), this, tr("Outline colour"));
      if (!chosen.isValid()) return showDisplay();  // cancelled: the combo shows the colour in use again
      display.outlineInLabelColours = false;
      display.outlineColour = {float(chosen.redF()), float(chosen.greenF()), float(chosen.blueF())};
      break;
    }
    default: break;
  }
  study->setRoiDisplay(static_cast<std::size_t>(set), display);
}

void RoiPanel::rebuild() {
  const int current = currentSet();
  rebuilding_ = true;
  const QSignalBlocker block(tree_);
  tree_->clear();
  const auto& study = adapter_->study();
  const bool empty = !study || study->roiSets().empty();
  emptyHint_->setVisible(empty);
  tree_->setVisible(!empty);
  displayBox_->setVisible(!empty);
  if (selected_ && (empty || static_cast<std::size_t>(selected_->first) >= study->roiSets().size())) selected_.reset();
  QTreeWidgetItem* restore = nullptr;
  if (!empty) {
    int index = 0;
    for (const auto& entry : study->roiSets()) {
      const auto& set = entry.data;
      std::map<std::int32_t, std::size_t> counts;
      for (const auto& keys : set->keys)
        for (auto key : keys) ++counts[key];
      auto* top = new QTreeWidgetItem(tree_, {QString::fromStdString(set->name), QString(), QString()});
      top->setCheckState(0, entry.display.visible ? Qt::Checked : Qt::Unchecked);
      top->setData(0, RoleSet, index);
      if (index == current && !selected_) restore = top;
      for (const auto& label : set->labels) {
        QPixmap swatch(12, 12);
        swatch.fill(QColor::fromRgbF(label.rgba[0], label.rgba[1], label.rgba[2]));
        auto* item = new QTreeWidgetItem(top, {QString::fromStdString(core::displayName(label)), QString::number(label.key),
                                               QString::number(counts[label.key])});
        if (core::isUnlabelled(label)) {
          // The no-label entry draws no colour: no swatch, and greyed so it does not read as a region.
          item->setForeground(0, QBrush(Qt::gray));
        } else {
          item->setIcon(0, QIcon(swatch));
        }
        item->setData(0, RoleSet, index);
        item->setData(0, RoleKey, label.key);
        item->setData(0, RoleIsLabel, true);
        if (selected_ && selected_->first == index && selected_->second == label.key) restore = item;
      }
      top->setExpanded(true);
      ++index;
    }
  }
  // With nothing chosen yet, the first set is current so that its display editor shows what it draws.
  if (!restore && tree_->topLevelItemCount() > 0) restore = tree_->topLevelItem(0);
  if (restore) tree_->setCurrentItem(restore);
  rebuilding_ = false;
  showDisplay();
}

void RoiPanel::onItemChanged(QTreeWidgetItem* item, int column) {
  const auto& study = adapter_->study();
  if (rebuilding_ || column != 0 || !study || item->parent()) return;
  const auto handling = deferredRebuild_.handlingItemChange();
  const auto index = static_cast<std::size_t>(item->data(0, RoleSet).toInt());
  if (index >= study->roiSets().size()) return;
  auto display = study->roiSets()[index].display;
  display.visible = item->checkState(0) == Qt::Checked;
  study->setRoiDisplay(index, display);
}

void RoiPanel::onCurrentItemChanged() {
  if (rebuilding_) return;
  showDisplay();
  const auto* item = tree_->currentItem();
  if (item && item->data(0, RoleIsLabel).toBool()) {
    const std::pair<int, int> roi{item->data(0, RoleSet).toInt(), item->data(0, RoleKey).toInt()};
    makeTarget_->setEnabled(true);
    if (selected_ == roi) return;
    selected_ = roi;
    Q_EMIT roiSelected(roi.first, roi.second);
  } else {
    makeTarget_->setEnabled(false);
    if (!selected_) return;
    selected_.reset();
    Q_EMIT roiSelectionCleared();
  }
}

void RoiPanel::selectRoi(int roiSet, int key) {
  auto* top = tree_->topLevelItem(roiSet);
  if (!top) return clearRoiSelection();
  for (int i = 0; i < top->childCount(); ++i) {
    auto* item = top->child(i);
    if (item->data(0, RoleKey).toInt() != key) continue;
    tree_->setCurrentItem(item);
    tree_->scrollToItem(item);
    return;
  }
  clearRoiSelection();  // a key the set's table does not know
}

void RoiPanel::clearRoiSelection() {
  if (!selected_) return;
  // Keep the set current (its display editor stays), drop the label.
  const int set = selected_->first;
  if (auto* top = tree_->topLevelItem(set)) tree_->setCurrentItem(top);
  else tree_->setCurrentItem(nullptr);
  if (selected_) {  // setCurrentItem did not get there (same item)
    makeTarget_->setEnabled(false);
    selected_.reset();
    Q_EMIT roiSelectionCleared();
  }
}

}  // namespace vl::widgets
