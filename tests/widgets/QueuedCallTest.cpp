// postQueuedCall (widgets/QueuedCall.h): calls posted from a worker run on the receiver's thread, in order, with
// what they captured; calls to a receiver deleted meanwhile are dropped. Under ThreadSanitizer (dev.sh test --tsan)
// the same posts with a plain QMetaObject::invokeMethod are reported as races, since Qt is not instrumented.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTest>
#include <QThread>

#include <memory>
#include <thread>
#include <vector>

#include "widgets/QueuedCall.h"

TEST(QueuedCall, WorkerPostsRunOnTheReceiversThreadInOrderWithTheirData) {
  QObject receiver;
  const auto guiThread = QThread::currentThread();
  constexpr int kPosts = 2000;
  std::vector<int> seen;
  int offThread = 0;
  std::thread worker([&] {
    for (int i = 0; i < kPosts; ++i) {
      auto data = std::make_shared<std::vector<int>>(8, i);  // written here, read and freed on the GUI thread
      vl::widgets::postQueuedCall(&receiver, [data, &seen, &offThread, guiThread] {
        offThread += QThread::currentThread() != guiThread;
        seen.push_back((*data)[7]);
      });
    }
  });
  QTRY_COMPARE_WITH_TIMEOUT(seen.size(), std::size_t(kPosts), 60000);
  worker.join();
  EXPECT_EQ(offThread, 0);
  for (int i = 0; i < kPosts; ++i) ASSERT_EQ(seen[i], i);
}

TEST(QueuedCall, CallsToAReceiverDeletedBeforeTheyRunAreDropped) {
  auto receiver = std::make_unique<QObject>();
  int calls = 0;
  std::thread worker([&] {
    for (int i = 0; i < 10; ++i) vl::widgets::postQueuedCall(receiver.get(), [&calls] { ++calls; });
  });
  worker.join();
  receiver.reset();  // the posted calls are still in the queue
  QCoreApplication::processEvents();
  QCoreApplication::sendPostedEvents();
  EXPECT_EQ(calls, 0);
}
