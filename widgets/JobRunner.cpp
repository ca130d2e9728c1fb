#include "widgets/JobRunner.h"

#include <QPointer>

#include "widgets/QueuedCall.h"

namespace vl::widgets {

JobRunner::JobRunner(unsigned workers, QObject* parent)
    : QObject(parent), queue_(std::make_unique<core::JobQueue>(workers)) {}

JobRunner::~JobRunner() { queue_.reset(); }  // cancel and join before the QObject goes away

core::JobId JobRunner::run(const QString& name, std::function<void(const core::JobContext&)> work,
                           std::function<void()> onSuccess) {
  QPointer<JobRunner> self(this);
  core::JobCallbacks callbacks;
  callbacks.progress = [self, name](core::JobId id, const core::JobProgress& p) {
    const QString message = QString::fromStdString(p.message);
    postQueuedCall(self, [self, id, name, p, message] {
      if (self) Q_EMIT self->progressed(id, name, p.fraction, message);
    });
  };
  callbacks.finished = [self, name, onSuccess = std::move(onSuccess)](core::JobId id, core::JobState state,
                                                                      const std::string& error) {
    const QString text = QString::fromStdString(error);
    // The result the work left for onSuccess is read on the GUI thread after this post (QueuedCall.h).
    postQueuedCall(self, [self, id, name, state, text, onSuccess] {
      if (!self) return;
      if (state == core::JobState::Succeeded && onSuccess) onSuccess();
      Q_EMIT self->finished(id, name, static_cast<int>(state), text);
    });
  };
  const auto id = queue_->submit(name.toStdString(), std::move(work), std::move(callbacks));
  Q_EMIT submitted(id, name);
  return id;
}

}  // namespace vl::widgets
