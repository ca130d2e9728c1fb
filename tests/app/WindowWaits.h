#pragma once
// Waiting for the window in app tests: shows it and waits for its first study to be drawn.
#include <QSignalSpy>

#include "app/MainWindow.h"

namespace vl::testing {

// True once the window shows its study; a cold start extracts the demo brain first, hence the long limit.
inline bool waitForStudy(app::MainWindow& window) {
  QSignalSpy shown(&window, &app::MainWindow::studyShown);
  window.show();
  return !shown.isEmpty() || shown.wait(180000);
}

}  // namespace vl::testing
