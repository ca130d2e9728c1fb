#include "widgets/JobsPanel.h"

#include <QHeaderView>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/jobs/JobQueue.h"
#include "widgets/JobRunner.h"

namespace vl::widgets {
namespace {
enum Column { ColumnName, ColumnProgress, ColumnElapsed, ColumnState, ColumnCancel };
constexpr int kMaxFinishedRows = 50;
}  // namespace

JobsPanel::JobsPanel(JobRunner* runner, QWidget* parent) : QWidget(parent), runner_(runner) {
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("jobsTree"));
  tree_->setRootIsDecorated(false);
  tree_->setColumnCount(5);
  tree_->setHeaderLabels({tr("Job"), tr("Progress"), tr("Elapsed"), tr("State"), QString()});
  tree_->header()->setSectionResizeMode(ColumnState, QHeaderView::Stretch);
  tree_->header()->setStretchLastSection(false);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(tree_);
  ticker_ = new QTimer(this);
  ticker_->setInterval(250);
  connect(ticker_, &QTimer::timeout, this, &JobsPanel::refreshElapsed);
  connect(runner_, &JobRunner::submitted, this, &JobsPanel::onSubmitted);
  connect(runner_, &JobRunner::progressed, this, &JobsPanel::onProgress);
  connect(runner_, &JobRunner::finished, this, &JobsPanel::onFinished);
}

void JobsPanel::onSubmitted(qulonglong id, const QString& name) {
  auto* item = new QTreeWidgetItem({name, QString(), QStringLiteral("0.0 s"), tr("queued"), QString()});
  tree_->insertTopLevelItem(0, item);
  auto* bar = new QProgressBar(tree_);
  bar->setRange(0, 1000);
  bar->setValue(0);
  tree_->setItemWidget(item, ColumnProgress, bar);
  auto* cancel = new QToolButton(tree_);
  cancel->setText(tr("Cancel"));
  connect(cancel, &QToolButton::clicked, this, [this, id] { runner_->cancel(id); });
  tree_->setItemWidget(item, ColumnCancel, cancel);
  Row& row = rows_[id];
  row.item = item;
  row.clock.start();
  ticker_->start();
  // Keep the list short: drop the oldest finished jobs. A running job keeps its row however old it is (a long fit
  // outlives many quick jobs): its progress and its end still arrive, and its Cancel button must stay.
  for (auto it = rows_.begin(); it != rows_.end() && tree_->topLevelItemCount() > kMaxFinishedRows;) {
    if (it->second.running) {
      ++it;
      continue;
    }
    delete it->second.item;  // rows_ is ordered by id: the oldest first
    it = rows_.erase(it);
  }
}

void JobsPanel::onProgress(qulonglong id, const QString&, double fraction, const QString& message) {
  auto it = rows_.find(id);
  if (it == rows_.end() || !it->second.running) return;
  // Shown at the ticker's next turn: repainting the list on every report kept the GUI thread busy with the window
  // system when many jobs reported at once.
  it->second.pendingProgress.emplace(fraction, message);
}

void JobsPanel::onFinished(qulonglong id, const QString&, int state, const QString& error) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  Row& row = it->second;
  row.running = false;
  row.pendingProgress.reset();
  const double seconds = double(row.clock.elapsed()) / 1000.0;
  row.item->setText(ColumnElapsed, QStringLiteral("%1 s").arg(seconds, 0, 'f', 1));
  const auto jobState = static_cast<core::JobState>(state);
  QString text = QString::fromStdString(core::toString(jobState));
  if (jobState == core::JobState::Failed) {
    text += QStringLiteral(": ") + error;
    row.item->setForeground(ColumnState, QBrush(Qt::darkRed));
    row.item->setToolTip(ColumnState, error);
  }
  row.item->setText(ColumnState, text);
  if (auto* bar = qobject_cast<QProgressBar*>(tree_->itemWidget(row.item, ColumnProgress)))
    bar->setValue(jobState == core::JobState::Succeeded ? 1000 : bar->value());
  if (auto* cancel = tree_->itemWidget(row.item, ColumnCancel)) cancel->setEnabled(false);
  const bool anyRunning = std::any_of(rows_.begin(), rows_.end(), [](const auto& r) { return r.second.running; });
  if (!anyRunning) ticker_->stop();
}

void JobsPanel::refreshElapsed() {
  for (auto& [id, row] : rows_) {
    if (!row.running) continue;
    row.item->setText(ColumnElapsed, QStringLiteral("%1 s").arg(double(row.clock.elapsed()) / 1000.0, 0, 'f', 1));
    if (!row.pendingProgress) continue;
    const auto& [fraction, message] = *row.pendingProgress;
    if (auto* bar = qobject_cast<QProgressBar*>(tree_->itemWidget(row.item, ColumnProgress)))
      bar->setValue(static_cast<int>(fraction * 1000));
    row.item->setText(ColumnState, message);
    row.pendingProgress.reset();
  }
}

}  // namespace vl::widgets
