#pragma once
// No lost work: every few minutes, when something changed, the window's session is written to a recovery file in
// the cache folder (recovery/session-PID.json, written by a background job; capturing it is quick and happens on
// the GUI thread). A clean exit removes the file; a file left behind by a process that is no longer running is
// what a crash left, and the next start offers to restore it.
#include <QObject>
#include <QTimer>

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "app/SessionFiles.h"
#include "core/jobs/JobQueue.h"

namespace vl::widgets {
class JobRunner;
}

namespace vl::app {

class CrashRecovery : public QObject {
  Q_OBJECT
public:
  static constexpr int kIntervalMs = 3 * 60 * 1000;
  using Capture = std::function<std::optional<CapturedSession>(const std::filesystem::path& sceneFile)>;
  CrashRecovery(std::filesystem::path folder, widgets::JobRunner* jobs, Capture capture, QObject* parent = nullptr);
  ~CrashRecovery() override;

  const std::filesystem::path& folder() const { return folder_; }
  void setFolder(std::filesystem::path folder);  // tests: a folder of their own
  std::filesystem::path file() const;             // this process's recovery file
  void markChanged() { changed_ = true; }
  bool hasUnsavedChanges() const { return changed_; }
  // Writes the recovery file now when something changed since the last write (what the timer does). Returns
  // whether a write was started.
  bool autosaveNow();
  // Removes this process's recovery file and its layers (a clean exit, or the session was saved by the user).
  void discard();
  // Recovery files in `folder` whose process is no longer running, newest first.
  static std::vector<std::filesystem::path> leftBehind(const std::filesystem::path& folder);
  // Removes a recovery file and the layers folder beside it.
  static void remove(const std::filesystem::path& recoveryFile);

Q_SIGNALS:
  void autosaved(const QString& file);

private:
  std::filesystem::path folder_;
  widgets::JobRunner* jobs_;
  Capture capture_;
  QTimer timer_;
  bool changed_ = false;
  core::JobId job_ = 0;  // the autosave being written
};

}  // namespace vl::app
