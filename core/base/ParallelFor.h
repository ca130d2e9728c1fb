#pragma once
// Runs body(i) for i in [0, count) on up to `threads` threads (0 = one per core), handing out indices one at a time
// so that uneven items balance. The calling thread works too and reports progress; workers stop early when the job
// is cancelled, and the first exception of any thread is rethrown here after all have joined. Results must not
// depend on which thread runs which index (the simulated subject's draws are counter-based for that reason).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "core/jobs/JobContext.h"

namespace vl::core {

template <typename Body>
void parallelFor(std::size_t count, Body&& body, const JobContext& context, const std::string& message,
                 unsigned threads = 0) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, count)));
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex errorMutex;
  auto work = [&](bool reporter) {
    std::size_t reported = 0;
    try {
      for (;;) {
        if (failed.load(std::memory_order_relaxed) || context.stopRequested()) return;
        const std::size_t i = next.fetch_add(1);
        if (i >= count) return;
        body(i);
        const std::size_t finished = done.fetch_add(1) + 1;
        if (reporter && (finished - reported) * 200 >= count) {  // every half per cent or so
          context.report(double(finished) / double(count), message);
          reported = finished;
        }
      }
    } catch (...) {
      std::lock_guard lock(errorMutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> workers;
  try {
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work, false);
  } catch (const std::system_error&) {
    // Fewer threads than asked for: the indices are shared, so the ones started (and this one) do all the work.
  }
  work(true);
  for (auto& worker : workers) worker.join();
  if (error) std::rethrow_exception(error);
  context.throwIfStopped();
}

}  // namespace vl::core
