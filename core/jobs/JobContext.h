#pragma once
// What a long computation gets to talk to the outside: a stop token to honour and a progress sink to feed.
// The same algorithm runs under the GUI's JobQueue, under the CLI's terminal progress bar, and in tests.
#include <functional>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace vl::core {

struct JobProgress {
  double fraction = 0.0;  // 0..1
  std::string message;
};

// Thrown by JobContext::throwIfStopped; JobQueue turns it into a Cancelled job, not a failed one.
class JobCancelled : public std::runtime_error {
public:
  JobCancelled() : std::runtime_error("cancelled") {}
};

class JobContext {
public:
  using ProgressSink = std::function<void(const JobProgress&)>;

  JobContext() = default;  // never stops, reports nowhere
  JobContext(std::stop_token token, ProgressSink sink) : token_(std::move(token)), sink_(std::move(sink)) {}

  bool stopRequested() const { return token_.stop_requested(); }
  void throwIfStopped() const {
    if (token_.stop_requested()) throw JobCancelled();
  }
  void report(double fraction, std::string message) const {
    if (sink_) sink_({fraction, std::move(message)});
  }
  // A context for a sub-step that maps its 0..1 onto [begin, end] of this one.
  JobContext slice(double begin, double end) const;
  const std::stop_token& stopToken() const { return token_; }

private:
  std::stop_token token_;
  ProgressSink sink_;
};

}  // namespace vl::core
