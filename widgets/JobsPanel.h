#pragma once
// The Jobs dock: every background job with its progress bar, elapsed time, state or error, and a Cancel button.
// Finished jobs stay listed (the newest on top) so that an error can still be read after it happened.
#include <QElapsedTimer>
#include <QWidget>

#include <map>
#include <optional>
#include <utility>

class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace vl::widgets {

class JobRunner;

class JobsPanel : public QWidget {
  Q_OBJECT
public:
  explicit JobsPanel(JobRunner* runner, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return tree_; }

private:
  struct Row {
    QTreeWidgetItem* item = nullptr;
    QElapsedTimer clock;
    bool running = true;
    // The newest progress not yet shown: jobs report hundreds of times a second, the row repaints with the ticker.
    std::optional<std::pair<double, QString>> pendingProgress;
  };
  void onSubmitted(qulonglong id, const QString& name);
  void onProgress(qulonglong id, const QString& name, double fraction, const QString& message);
  void onFinished(qulonglong id, const QString& name, int state, const QString& error);
  void refreshElapsed();  // and shows pending progress

  JobRunner* runner_;
  QTreeWidget* tree_;
  QTimer* ticker_;
  std::map<qulonglong, Row> rows_;
};

}  // namespace vl::widgets
