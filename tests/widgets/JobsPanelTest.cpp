// The Jobs panel lists progress, errors and cancellations of background jobs.
#include <gtest/gtest.h>

#include <QApplication>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <atomic>
#include <thread>

#include "core/jobs/JobQueue.h"
#include "widgets/JobRunner.h"
#include "widgets/JobsPanel.h"

using namespace vl;

TEST(JobsPanel, ShowsProgressErrorsAndCancels) {
  widgets::JobRunner runner(2);
  widgets::JobsPanel panel(&runner);
  QSignalSpy finished(&runner, &widgets::JobRunner::finished);
  runner.run("fails", [](const core::JobContext& c) {
    c.report(0.5, "half way");
    throw std::runtime_error("the responses file has 3 rows, the features 4");
  });
  const auto spinning = runner.run("spins", [](const core::JobContext& c) {
    while (true) {
      c.throwIfStopped();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  ASSERT_TRUE(finished.wait(5000));
  ASSERT_EQ(panel.tree()->topLevelItemCount(), 2);
  QTreeWidgetItem* failed = panel.tree()->topLevelItem(1);  // newest on top
  EXPECT_EQ(failed->text(0), "fails");
  EXPECT_NE(failed->text(3).indexOf("the responses file has 3 rows"), -1) << failed->text(3).toStdString();
  // Cancel through the panel's own button.
  QTreeWidgetItem* spin = panel.tree()->topLevelItem(0);
  auto* cancel = qobject_cast<QToolButton*>(panel.tree()->itemWidget(spin, 4));
  ASSERT_NE(cancel, nullptr);
  cancel->click();
  ASSERT_TRUE(finished.wait(10000));
  EXPECT_EQ(finished.back().at(0).toULongLong(), spinning);
  EXPECT_EQ(finished.back().at(2).toInt(), static_cast<int>(core::JobState::Cancelled));
  EXPECT_TRUE(spin->text(3).startsWith("cancelled"));
}


// The list keeps 50 rows, but never by dropping a running job's row: a long job that 60 quick ones overtook still
// shows its progress and can be cancelled from its own button (dropping it left a dangling row that the next
// progress report wrote into).
TEST(JobsPanel, KeepsARunningJobsRowWhenQuickJobsOvertakeIt) {
  widgets::JobRunner runner(2);
  widgets::JobsPanel panel(&runner);
  QSignalSpy finished(&runner, &widgets::JobRunner::finished);
  std::atomic<bool> reportNow{false};
  const auto longJob = runner.run("long", [&](const core::JobContext& c) {
    while (true) {
      c.throwIfStopped();
      if (reportNow.exchange(false)) c.report(0.5, "still going");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  for (int i = 0; i < 60; ++i) runner.run(QStringLiteral("quick %1").arg(i), [](const core::JobContext&) {});
  while (finished.size() < 60) ASSERT_TRUE(finished.wait(5000));
  runner.run("one more", [](const core::JobContext&) {});  // prunes, with the long job the oldest row
  ASSERT_TRUE(finished.size() == 61 || finished.wait(5000));
  ASSERT_EQ(panel.tree()->topLevelItemCount(), 50);
  QTreeWidgetItem* oldest = panel.tree()->topLevelItem(49);
  ASSERT_EQ(oldest->text(0), "long");
  reportNow = true;
  QTRY_COMPARE_WITH_TIMEOUT(oldest->text(3), QStringLiteral("still going"), 5000);
  auto* cancel = qobject_cast<QToolButton*>(panel.tree()->itemWidget(oldest, 4));
  ASSERT_NE(cancel, nullptr);
  cancel->click();
  ASSERT_TRUE(finished.wait(5000));
  EXPECT_EQ(finished.back().at(0).toULongLong(), longJob);
  EXPECT_TRUE(oldest->text(3).startsWith("cancelled"));
}
