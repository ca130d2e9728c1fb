#include "app/CrashRecovery.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "app/AppLog.h"
#include "widgets/JobRunner.h"

namespace vl::app {
namespace {
constexpr const char* kPrefix = "session-";

std::optional<long> pidOf(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  if (name.rfind(kPrefix, 0) != 0 || file.extension() != ".json") return std::nullopt;
  try {
    std::size_t used = 0;
    const std::string digits = name.substr(std::string(kPrefix).size(), name.size() - std::string(kPrefix).size() - 5);
    const long pid = std::stol(digits, &used);
    if (used != digits.size() || pid <= 0) return std::nullopt;
    return pid;
  } catch (...) {
    return std::nullopt;
  }
}

bool isRunning(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }
}  // namespace

CrashRecovery::CrashRecovery(std::filesystem::path folder, widgets::JobRunner* jobs, Capture capture, QObject* parent)
    : QObject(parent), folder_(std::move(folder)), jobs_(jobs), capture_(std::move(capture)) {
  timer_.setInterval(kIntervalMs);
  connect(&timer_, &QTimer::timeout, this, &CrashRecovery::autosaveNow);
  timer_.start();
  // A failed write goes to the log; the next tick tries again.
  connect(jobs_, &widgets::JobRunner::finished, this, [this](qulonglong id, const QString&, int state, const QString& error) {
    if (id != job_) return;
    job_ = 0;
    if (state == int(core::JobState::Succeeded)) return;
    changed_ = true;
    appendToLog(QStringLiteral("error"), QStringLiteral("autosave failed: %1").arg(error));
  });
}

CrashRecovery::~CrashRecovery() = default;

void CrashRecovery::setFolder(std::filesystem::path folder) { folder_ = std::move(folder); }

std::filesystem::path CrashRecovery::file() const {
  return folder_ / (kPrefix + std::to_string(::getpid()) + ".json");
}

bool CrashRecovery::autosaveNow() {
  if (!changed_ || job_ || folder_.empty()) return false;
  const auto target = file();
  auto session = capture_(target);
  if (!session) return false;
  changed_ = false;
  auto shared = std::make_shared<CapturedSession>(std::move(*session));
  const auto folder = folder_;
  job_ = jobs_->run(
      tr("Autosave"),
      [shared, target, folder](const core::JobContext&) {
        std::filesystem::create_directories(folder);
        writeSession(*shared, target);
      },
      [this, target] { Q_EMIT autosaved(QString::fromStdString(target.string())); });
  return true;
}

void CrashRecovery::remove(const std::filesystem::path& recoveryFile) {
  std::error_code error;
  std::filesystem::remove(recoveryFile, error);
  auto layers = recoveryFile;
  layers.replace_extension();
  layers += "-layers";
  std::filesystem::remove_all(layers, error);
}

void CrashRecovery::discard() {
  if (!folder_.empty()) remove(file());
}

std::vector<std::filesystem::path> CrashRecovery::leftBehind(const std::filesystem::path& folder) {
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const auto pid = pidOf(entry.path());
    if (!pid || isRunning(*pid)) continue;
    std::error_code timeError;
    found.emplace_back(entry.last_write_time(timeError), entry.path());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::filesystem::path> files;
  for (auto& [time, path] : found) files.push_back(std::move(path));
  return files;
}

}  // namespace vl::app
