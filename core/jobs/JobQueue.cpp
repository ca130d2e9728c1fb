#include "core/jobs/JobQueue.h"

#include <algorithm>

namespace vl::core {

std::string toString(JobState state) {
  switch (state) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Succeeded: return "done";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
  }
  return "unknown";
}

JobQueue::JobQueue(unsigned workerCount) {
  for (unsigned i = 0; i < std::max(1u, workerCount); ++i)
    workers_.emplace_back([this](std::stop_token stop) { workerLoop(stop); });
}

JobQueue::~JobQueue() {
  std::deque<Job> abandoned;
  {
    std::lock_guard lock(mutex_);
    abandoned.swap(pending_);
    for (auto& [id, stop] : running_) stop.request_stop();
  }
  for (auto& job : abandoned)
    if (job.callbacks.finished) job.callbacks.finished(job.id, JobState::Cancelled, {});
  for (auto& worker : workers_) worker.request_stop();
  wake_.notify_all();
  workers_.clear();  // joins
}

JobId JobQueue::submit(std::string name, std::function<void(const JobContext&)> work, JobCallbacks callbacks) {
  JobId id;
  {
    std::lock_guard lock(mutex_);
    id = nextId_++;
    pending_.push_back({id, std::move(name), std::move(work), std::move(callbacks), {}});
  }
  wake_.notify_one();
  return id;
}

void JobQueue::cancel(JobId id) {
  std::optional<Job> removed;
  {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(id); it != running_.end()) {
      it->second.request_stop();
      return;
    }
    auto it = std::find_if(pending_.begin(), pending_.end(), [id](const Job& j) { return j.id == id; });
    if (it == pending_.end()) return;
    removed = std::move(*it);
    pending_.erase(it);
  }
  if (removed->callbacks.finished) removed->callbacks.finished(id, JobState::Cancelled, {});
}

std::size_t JobQueue::activeCount() const {
  std::lock_guard lock(mutex_);
  return pending_.size() + running_.size();
}

void JobQueue::workerLoop(std::stop_token workerStop) {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, workerStop, [this] { return !pending_.empty(); })) return;
      job = std::move(pending_.front());
      pending_.pop_front();
      running_.emplace(job.id, job.stop);
    }
    run(job);
    std::lock_guard lock(mutex_);
    running_.erase(job.id);
  }
}

void JobQueue::run(Job& job) {
  const JobId id = job.id;
  auto progress = job.callbacks.progress;
  JobContext context(job.stop.get_token(), [id, progress](const JobProgress& p) {
    if (progress) progress(id, p);
  });
  JobState state = JobState::Succeeded;
  std::string error;
  try {
    job.work(context);
    if (job.stop.stop_requested()) state = JobState::Cancelled;
  } catch (const JobCancelled&) {
    state = JobState::Cancelled;
  } catch (const std::exception& e) {
    state = JobState::Failed;
    error = e.what();
  } catch (...) {
    state = JobState::Failed;
    error = "unknown error";
  }
  if (job.callbacks.finished) job.callbacks.finished(id, state, error);
}

}  // namespace vl::core
