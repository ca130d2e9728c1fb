#pragma once
// Runs jobs on std::jthread workers. Each job has its own stop source so it can be cancelled alone; progress
// and completion arrive through callbacks on the worker thread (widgets/ marshals them to the GUI thread).
// A job that throws becomes a Failed job carrying the message; it never takes the process down.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/jobs/JobContext.h"

namespace vl::core {

using JobId = std::uint64_t;
enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };
std::string toString(JobState state);

struct JobCallbacks {
  std::function<void(JobId, const JobProgress&)> progress;
  std::function<void(JobId, JobState, const std::string& error)> finished;  // Succeeded, Failed or Cancelled
};

class JobQueue {
public:
  explicit JobQueue(unsigned workerCount = 1);
  ~JobQueue();  // cancels what is queued or running and waits for the workers
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  JobId submit(std::string name, std::function<void(const JobContext&)> work, JobCallbacks callbacks = {});
  void cancel(JobId id);  // a queued job finishes Cancelled at once; a running one when it next checks its token
  std::size_t activeCount() const;

private:
  struct Job {
    JobId id;
    std::string name;
    std::function<void(const JobContext&)> work;
    JobCallbacks callbacks;
    std::stop_source stop;
  };
  void workerLoop(std::stop_token workerStop);
  static void run(Job& job);

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> pending_;
  std::unordered_map<JobId, std::stop_source> running_;
  JobId nextId_ = 1;
  std::vector<std::jthread> workers_;
};

}  // namespace vl::core
