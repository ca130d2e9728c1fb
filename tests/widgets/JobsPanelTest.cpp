// The Jobs panel lists progress, errors and cancellations of background jobs.
#include <gtest/gtest.h>

#include <QApplication>
#include <QProgressBar>
#include <QSignalSpy>
#include <QToolButton>
#include <QTreeWidget>

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
  ASSERT_TRUE(finished.wait(2000));
  EXPECT_EQ(finished.back().at(0).toULongLong(), spinning);
  EXPECT_EQ(finished.back().at(2).toInt(), static_cast<int>(core::JobState::Cancelled));
  EXPECT_TRUE(spin->text(3).startsWith("cancelled"));
}

