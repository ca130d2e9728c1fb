// The window stays responsive while a 20,000-voxel ridge fit runs in the background: event-loop stalls under 50 ms
// once the time the machine's load kept the GUI thread from a CPU is taken out, under 500 ms in all.
// Its own executable, run alone (RUN_SERIAL), because it measures time on a shared 2-core machine.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>

#include "core/fitting/RidgeCv.h"
#include "core/ml/TorchRuntime.h"
#include "widgets/JobRunner.h"

using namespace vl;

TEST(JobsResponsiveness, EventLoopKeepsTurningDuringA20kVoxelFit) {
  // NSD-like shape of the issue: 2000 samples, 512 features, 20,000 voxels.
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  core::Matrix X(2000, 512), Y(2000, 20000);
  for (auto& v : X.data) v = normal(rng);
  for (auto& v : Y.data) v = normal(rng);
  widgets::JobRunner runner(1);
  std::atomic<bool> done{false};
  QSignalSpy finished(&runner, &widgets::JobRunner::finished);
  runner.run("fit", [&](const core::JobContext& c) {
    core::fitRidgeCv(X, Y, core::RidgeOptions{}, c);
    done = true;
  });
  // A timer asking for a turn every 5 ms: the longest gap between turns is the worst stall a user would feel. On a
  // shared machine part of a gap is the GUI thread waiting for a CPU (Linux's schedstat counts it): that part is the
  // machine's load, the rest is the program's, and each gets its own bound.
  auto runQueueWaitMs = [] {
    std::ifstream stat("/proc/thread-self/schedstat");
    double running = 0, waiting = 0;
    stat >> running >> waiting;
    return waiting / 1e6;
  };
  QElapsedTimer clock;
  clock.start();
  qint64 last = clock.elapsed(), worst = 0;
  double lastWait = runQueueWaitMs(), worstOwn = 0;
  int turns = 0;
  QTimer tick;
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const qint64 now = clock.elapsed();
    const double wait = runQueueWaitMs();
    worst = std::max(worst, now - last);
    worstOwn = std::max(worstOwn, double(now - last) - (wait - lastWait));
    last = now;
    lastWait = wait;
    ++turns;
  });
  tick.start(5);
  ASSERT_TRUE(finished.wait(300000));
  tick.stop();
  EXPECT_TRUE(done);
  std::printf("worst event-loop stall %lld ms, %.0f ms without the waits for a CPU, over %d turns of a 5 ms timer\n",
              static_cast<long long>(worst), worstOwn, turns);
  EXPECT_GT(turns, 50) << "the fit should take long enough to measure";
  // Margins for ctest -j2 on a busy shared 2-core machine (the measured values are in the commit that set them).
  EXPECT_LT(worstOwn, 50) << "worst event-loop stall not explained by the machine's load " << worstOwn << " ms";
  EXPECT_LT(worst, 500) << "worst event-loop stall " << worst << " ms over " << turns << " turns";
}

int main(int argc, char** argv) {
  core::configureTorchThreads();  // as the application does at start-up
  QApplication application(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
