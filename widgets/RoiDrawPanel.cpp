#include "widgets/RoiDrawPanel.h"

#include <QButtonGroup>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/BrainView.h"
#include "widgets/JobRunner.h"
#include "widgets/StudyAdapter.h"

namespace vl::widgets {
namespace {
core::Hemisphere side(int hemisphere) { return hemisphere == 0 ? core::Hemisphere::Left : core::Hemisphere::Right; }
}  // namespace

RoiDrawPanel::RoiDrawPanel(StudyAdapter* adapter, BrainView* view, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), adapter_(adapter), view_(view), jobs_(jobs) {
  drawToggle_ = new QToolButton(this);
  drawToggle_->setObjectName(QStringLiteral("drawToggle"));
  drawToggle_->setText(tr("Draw on the brain"));
  drawToggle_->setCheckable(true);
  drawToggle_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  drawToggle_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

  tools_ = new QButtonGroup(this);
  auto* toolRow = new QHBoxLayout;
  const std::pair<const char*, core::RoiTool> toolList[] = {
      {"Disc", core::RoiTool::Disc}, {"Brush", core::RoiTool::Brush}, {"Erase", core::RoiTool::Erase}};
  for (const auto& [label, tool] : toolList) {
    auto* button = new QToolButton(this);
    button->setText(tr(label));
    button->setObjectName(QStringLiteral("tool") + QString::fromLatin1(label));
    button->setCheckable(true);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    tools_->addButton(button, static_cast<int>(tool));
    toolRow->addWidget(button);
  }
  tools_->button(0)->setToolTip(tr("Click a vertex: the ROI grows a geodesic disc of this radius around it"));
  tools_->button(1)->setToolTip(tr("Drag over the brain: a disc of this radius at every point of the stroke"));
  tools_->button(2)->setToolTip(tr("Drag over the brain: removes the active ROI under a disc of this radius"));

  radius_ = new QDoubleSpinBox(this);
  radius_->setObjectName(QStringLiteral("radius"));
  radius_->setSuffix(tr(" mm"));
  radius_->setDecimals(1);
  radius_->setSingleStep(1.0);
  radius_->setToolTip(tr("Measured along the white surface, also when the inflated one is shown"));
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("roiName"));
  newRoi_ = new QPushButton(tr("New ROI"), this);
  newRoi_->setObjectName(QStringLiteral("newRoi"));
  undo_ = new QPushButton(tr("Undo"), this);
  undo_->setObjectName(QStringLiteral("undo"));
  undo_->setToolTip(tr("Undo the last disc or stroke (Ctrl+Z)"));
  save_ = new QPushButton(tr("Save..."), this);
  save_->setObjectName(QStringLiteral("saveRoi"));
  save_->setToolTip(tr("FreeSurfer .label (the active ROI, white-surface coordinates) or GIfTI .label.gii (all "
                       "drawn ROIs of one hemisphere)"));
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  status_->setObjectName(QStringLiteral("drawStatus"));

  auto* form = new QFormLayout;
  form->addRow(tr("Tool"), toolRow);
  form->addRow(tr("Radius"), radius_);
  auto* nameRow = new QHBoxLayout;
  nameRow->addWidget(name_, 1);
  nameRow->addWidget(newRoi_);
  form->addRow(tr("ROI"), nameRow);
  auto* actions = new QHBoxLayout;
  actions->addWidget(undo_);
  actions->addWidget(save_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(drawToggle_);
  layout->addLayout(form);
  layout->addLayout(actions);
  layout->addWidget(status_);
  layout->addStretch(1);

  model_.setListener([this] { refresh(); });
  connect(drawToggle_, &QToolButton::toggled, this, [this](bool on) { setDrawing(on); });
  connect(tools_, &QButtonGroup::idClicked, this, [this](int id) {
    model_.setTool(static_cast<core::RoiTool>(id));
    view_->setDrawingMode(isDrawing() && model_.dragDraws());
  });
  connect(radius_, &QDoubleSpinBox::valueChanged, this, [this](double mm) {
    if (!refreshing_) model_.setRadius(static_cast<float>(mm));
  });
  connect(name_, &QLineEdit::editingFinished, this, [this] { model_.setRoiName(name_->text().toStdString()); });
  // New ROI starts "ROI n"; typing in the name field renames the active ROI.
  connect(newRoi_, &QPushButton::clicked, this, [this] {
    model_.newRoi();
    unsaved_ = true;
    Q_EMIT roiChanged();
  });
  connect(undo_, &QPushButton::clicked, this, [this] {
    if (undoHandler_) return undoHandler_();
    model_.undo();
    Q_EMIT roiChanged();
  });
  undoShortcut_ = new QShortcut(QKeySequence::Undo, this);
  undoShortcut_->setContext(Qt::WindowShortcut);
  connect(undoShortcut_, &QShortcut::activated, undo_, &QPushButton::click);
  connect(save_, &QPushButton::clicked, this, &RoiDrawPanel::chooseSaveFile);

  connect(view_, &BrainView::vertexPicked, this, &RoiDrawPanel::onDiscPicked);
  // While a stroke goes on, the brain shows it a few times a second rather than after every pick: each update
  // recolours both hemispheres.
  auto* flushTimer = new QTimer(this);
  flushTimer->setInterval(kFlushIntervalMs);
  connect(flushTimer, &QTimer::timeout, this, [this] { model_.flush(); });
  connect(view_, &BrainView::strokeStarted, this, [this, flushTimer] {
    if (!isDrawing()) return;
    strokesAtStart_ = model_.strokeCount();
    model_.beginStroke();
    flushTimer->start();
  });
  connect(view_, &BrainView::strokePicked, this, [this](int hemisphere, int vertex) {
    if (isDrawing()) model_.brushAt(side(hemisphere), vertex);
  });
  connect(view_, &BrainView::strokeFinished, this, [this, flushTimer] {
    flushTimer->stop();
    model_.endStroke();
    announceStroke(strokesAtStart_, model_.tool() == core::RoiTool::Erase ? tr("Erase stroke") : tr("Brush stroke"));
    Q_EMIT roiChanged();
  });
  connect(adapter_, &StudyAdapter::studyReplaced, this, [this] {
    model_.setStudy(adapter_->study());
    unsaved_ = false;  // the ROIs stay with the study they were drawn on
    message_.clear();
  });
  model_.setStudy(adapter_->study());
}

bool RoiDrawPanel::isDrawing() const { return drawToggle_->isChecked(); }

void RoiDrawPanel::setDrawing(bool on) {
  if (drawToggle_->isChecked() != on) drawToggle_->setChecked(on);  // comes back here through toggled
  view_->setDrawingMode(on && model_.dragDraws());
  refresh();
}

void RoiDrawPanel::setUndoHandler(std::function<void()> handler) {
  undoHandler_ = std::move(handler);
  undoShortcut_->setEnabled(!undoHandler_);
}

void RoiDrawPanel::announceStroke(std::size_t strokesBefore, const QString& what) {
  if (model_.strokeCount() <= strokesBefore) return;  // nothing changed (or the stroke was dropped)
  unsaved_ = true;
  Q_EMIT strokeRecorded(what);
}

void RoiDrawPanel::onDiscPicked(int hemisphere, int vertex) {
  if (!isDrawing()) return;
  auto job = model_.discAt(side(hemisphere), vertex);
  if (!job) return;
  if (!job->background) {
    const auto before = model_.strokeCount();
    model_.applyDisc(*job, core::RoiDrawPanelModel::computeDisc(*job));
    announceStroke(before, tr("Disc"));
    Q_EMIT roiChanged();
    return;
  }
  ++pendingDiscs_;
  refresh();
  const auto request = *job;
  jobs_->runForResult<std::vector<std::int32_t>>(
      tr("Disc of %1 mm").arg(double(request.radius)),
      [request](const core::JobContext& context) { return core::RoiDrawPanelModel::computeDisc(request, context); },
      [this, request](std::vector<std::int32_t> vertices) {
        --pendingDiscs_;
        const auto before = model_.strokeCount();
        model_.applyDisc(request, vertices);
        announceStroke(before, tr("Disc"));
        Q_EMIT roiChanged();
        Q_EMIT backgroundDiscDone();
      });
}

void RoiDrawPanel::chooseSaveFile() {
  QString selected;
  const QString suggested = QString::fromStdString(model_.suggestedFileName());
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Save ROI"), suggested,
      tr("FreeSurfer label, the active ROI (*.label);;GIfTI label, all drawn ROIs (*.label.gii)"), &selected);
  if (file.isEmpty()) return;
  QString path = file;
  if (selected.contains(QStringLiteral(".label.gii")) && !path.endsWith(QStringLiteral(".gii"))) {
    if (path.endsWith(QStringLiteral(".label"))) path += QStringLiteral(".gii");
    else path += QStringLiteral(".label.gii");
  } else if (!path.endsWith(QStringLiteral(".label")) && !path.endsWith(QStringLiteral(".gii"))) {
    path += QStringLiteral(".label");
  }
  saveTo(path.toStdString());
}

bool RoiDrawPanel::saveTo(const std::filesystem::path& file) {
  try {
    message_ = QString::fromStdString(model_.save(file));
    // A .label holds the active ROI only; a GIfTI label file holds every drawn ROI, and only that saves them all.
    if (file.extension() == ".gii") unsaved_ = false;
    refresh();
    return true;
  } catch (const std::exception& e) {
    message_ = tr("Not saved: %1").arg(QString::fromStdString(e.what()));
    refresh();
    return false;
  }
}

void RoiDrawPanel::refresh() {
  refreshing_ = true;
  const bool can = model_.canDraw();
  drawToggle_->setEnabled(can);
  if (auto* button = tools_->button(static_cast<int>(model_.tool()))) button->setChecked(true);
  radius_->setRange(core::RoiDrawPanelModel::kMinRadius, model_.maxRadius());
  radius_->setValue(model_.radius());
  if (!name_->hasFocus()) name_->setText(QString::fromStdString(model_.roiName()));
  newRoi_->setEnabled(can);
  undo_->setEnabled(model_.canUndo());
  save_->setEnabled(model_.activeRoi() != 0);
  QString text;
  if (!can) text = tr("Open a surface to draw ROIs on it.");
  else if (model_.activeRoi() == 0)
    text = isDrawing() ? tr("Click the brain to start an ROI.") : tr("Turn drawing on, then click the brain.");
  else
    text = tr("'%1': %2 vertices").arg(QString::fromStdString(model_.roiName())).arg(model_.activeRoiVertexCount());
  if (pendingDiscs_ > 0) text += tr(" (computing a large disc...)");
  if (!message_.isEmpty()) text += QStringLiteral("\n") + message_;
  status_->setText(text);
  refreshing_ = false;
}

}  // namespace vl::widgets
