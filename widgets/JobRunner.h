#pragma once
// Qt face of core::JobQueue: work runs on worker threads; progress, completion and results are delivered on the
// GUI thread through queued calls, so widgets never touch data from a worker.
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "core/jobs/JobQueue.h"

namespace vl::widgets {

class JobRunner : public QObject {
  Q_OBJECT
public:
  explicit JobRunner(unsigned workers = 1, QObject* parent = nullptr);
  ~JobRunner() override;

  // `work` runs on a worker; `onSuccess` on the GUI thread, only when the job succeeded.
  core::JobId run(const QString& name, std::function<void(const core::JobContext&)> work,
                  std::function<void()> onSuccess = {});

  // Convenience: the work returns a value, handed to `onResult` on the GUI thread.
  template <typename Result>
  core::JobId runForResult(const QString& name, std::function<Result(const core::JobContext&)> work,
                           std::function<void(Result)> onResult) {
    auto slot = std::make_shared<std::optional<Result>>();
    return run(
        name, [slot, work = std::move(work)](const core::JobContext& c) { slot->emplace(work(c)); },
        [slot, onResult = std::move(onResult)] { onResult(std::move(**slot)); });
  }

  void cancel(core::JobId id) { queue_->cancel(id); }

Q_SIGNALS:
  void submitted(qulonglong id, const QString& name);
  void progressed(qulonglong id, const QString& name, double fraction, const QString& message);
  void finished(qulonglong id, const QString& name, int state, const QString& error);  // state: core::JobState

private:
  std::unique_ptr<core::JobQueue> queue_;
};

}  // namespace vl::widgets
