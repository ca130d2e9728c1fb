#pragma once
// Hands a call from a worker thread to the thread of a QObject (the GUI thread) through Qt's event queue, in a way
// ThreadSanitizer can follow.
//
// Qt's queued call already orders everything the worker did before the post before the call on the receiving
// thread. But Debian's Qt is not built with ThreadSanitizer, and its event queue synchronises with futexes and
// atomics inside the library, which ThreadSanitizer cannot see: every plain QMetaObject::invokeMethod from a worker
// is then reported as a race on the functor and on what it captured (tried: 18 reports in 20,000 posts of a
// shared_ptr, none with this helper). Under ThreadSanitizer the call carries a handover mark: the worker releases
// it once the call is built, the receiver acquires it before touching the call. This is exactly the order Qt gives,
// and only in that direction: a lock shared by both threads would also order the GUI thread's later writes before
// the worker's next post and hide real races (a job reading the live Study went unreported that way).
#include <QMetaObject>
#include <QObject>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace vl::widgets {

namespace detail {
// Released by the posting thread when it is moved into the queued call (the last thing built there), acquired by
// the receiving thread before the call runs. The receiver releases it again after the call, and whichever thread
// destroys the call acquires it first: Qt's reference count (uninstrumented) lets the posting thread delete the
// call when the receiver ran it before invokeMethod returned. Nothing without ThreadSanitizer.
struct QueuedCallHandover {
  QueuedCallHandover() = default;
  QueuedCallHandover(QueuedCallHandover&&) noexcept { release(); }
  QueuedCallHandover(const QueuedCallHandover&) { release(); }
  ~QueuedCallHandover() { acquire(); }  // destroyed before the captures declared ahead of it
  QueuedCallHandover& operator=(const QueuedCallHandover&) = delete;
  void release() {
#if defined(__SANITIZE_THREAD__)
    __tsan_release(this);
#endif
  }
  void acquire() const {
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(const_cast<QueuedCallHandover*>(this));
#endif
  }
};
}  // namespace detail

// QMetaObject::invokeMethod(receiver, call, Qt::QueuedConnection), visible to ThreadSanitizer. `call` is not run
// when the receiver is gone by then (as with invokeMethod).
template <typename Call>
void postQueuedCall(QObject* receiver, Call call) {
  // `handover` is captured last, so its release follows the copy of `call` into Qt's queued call.
  QMetaObject::invokeMethod(receiver, [call = std::move(call), handover = detail::QueuedCallHandover()]() mutable {
    handover.acquire();  // before `call` is touched
    call();
    handover.release();  // before the call is destroyed, on whichever thread
  }, Qt::QueuedConnection);
}

}  // namespace vl::widgets
