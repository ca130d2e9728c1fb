// The job queue: results, progress, failures as values and cancellation within 200 ms.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>

#include "core/jobs/JobQueue.h"

using namespace vl::core;
using namespace std::chrono_literals;

namespace {
constexpr double kCancelBoundMs = 200;

struct Outcome {
  std::promise<std::pair<JobState, std::string>> promise;
  JobCallbacks callbacks() {
    JobCallbacks c;
    c.finished = [this](JobId, JobState state, const std::string& error) { promise.set_value({state, error}); };
    return c;
  }
};
}  // namespace

TEST(JobQueue, RunsWorkAndReportsProgress) {
  JobQueue queue(2);
  std::vector<double> fractions;
  std::mutex mutex;
  Outcome outcome;
  auto callbacks = outcome.callbacks();
  callbacks.progress = [&](JobId, const JobProgress& p) {
    std::lock_guard lock(mutex);
    fractions.push_back(p.fraction);
  };
  int result = 0;
  queue.submit("sum", [&](const JobContext& c) {
    for (int i = 1; i <= 4; ++i) {
      result += i;
      c.report(i / 4.0, "step");
    }
  }, callbacks);
  const auto [state, error] = outcome.promise.get_future().get();
  EXPECT_EQ(state, JobState::Succeeded);
  EXPECT_EQ(result, 10);
  EXPECT_EQ(fractions, (std::vector<double>{0.25, 0.5, 0.75, 1.0}));
}

TEST(JobQueue, ExceptionBecomesAFailedJobWithItsMessage) {
  JobQueue queue;
  Outcome outcome;
  queue.submit("boom", [](const JobContext&) { throw std::runtime_error("no such file: brain.nii"); }, outcome.callbacks());
  const auto [state, error] = outcome.promise.get_future().get();
  EXPECT_EQ(state, JobState::Failed);
  EXPECT_EQ(error, "no such file: brain.nii");
}

TEST(JobQueue, CancellationStopsARunningJobWithin200ms) {
  JobQueue queue;
  Outcome outcome;
  std::promise<void> started;
  const auto id = queue.submit("spin", [&](const JobContext& c) {
    started.set_value();
    while (true) {
      c.throwIfStopped();
      std::this_thread::sleep_for(5ms);
    }
  }, outcome.callbacks());
  started.get_future().wait();
  const auto before = std::chrono::steady_clock::now();
  queue.cancel(id);
  auto future = outcome.promise.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  const auto latency = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
  std::printf("cancel honoured after %.1f ms\n", latency);
  // The job checks every 5 ms; the margin is for ctest -j2 on a busy shared 2-core machine (measured values in the
  // commit that set it).
  EXPECT_LT(latency, kCancelBoundMs);
  EXPECT_EQ(future.get().first, JobState::Cancelled);
}

TEST(JobQueue, QueuedJobCancelledBeforeItStarts) {
  JobQueue queue(1);
  std::promise<void> release;
  auto gate = release.get_future().share();
  Outcome first, second;
  queue.submit("blocker", [gate](const JobContext&) { gate.wait(); }, first.callbacks());
  std::atomic<bool> ran{false};
  const auto id = queue.submit("never", [&](const JobContext&) { ran = true; }, second.callbacks());
  queue.cancel(id);
  EXPECT_EQ(second.promise.get_future().get().first, JobState::Cancelled);
  release.set_value();
  EXPECT_EQ(first.promise.get_future().get().first, JobState::Succeeded);
  EXPECT_FALSE(ran);
}

TEST(JobContext, SliceMapsProgressIntoARange) {
  std::vector<double> seen;
  JobContext parent(std::stop_token{}, [&](const JobProgress& p) { seen.push_back(p.fraction); });
  const auto child = parent.slice(0.5, 0.7);
  child.report(0.0, "a");
  child.report(1.0, "b");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_DOUBLE_EQ(seen[0], 0.5);
  EXPECT_DOUBLE_EQ(seen[1], 0.7);
}
