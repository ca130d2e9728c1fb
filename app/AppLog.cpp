#include "app/AppLog.h"

#include <QDateTime>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <system_error>

#include "core/io/CachePaths.h"

namespace vl::app {
namespace {
std::mutex logMutex;  // Qt's messages may come from any thread
QtMessageHandler previousHandler = nullptr;

void handleMessage(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
    appendToLog(type == QtWarningMsg ? QStringLiteral("warning") : QStringLiteral("error"), message);
  if (previousHandler) previousHandler(type, context, message);
}
}  // namespace

std::filesystem::path logFilePath() { return core::cacheDirectory() / "voxellens.log"; }

void appendToLog(const QString& level, const QString& text, const std::filesystem::path& file,
                 std::uintmax_t maxBytes) {
  try {
    const auto path = file.empty() ? logFilePath() : file;
    const std::lock_guard lock(logMutex);
    std::error_code error;
    if (std::filesystem::file_size(path, error) > maxBytes && !error) {
      auto previous = path;
      previous += ".1";
      std::filesystem::rename(path, previous, error);
    }
    std::ofstream out(path, std::ios::app);
    out << QDateTime::currentDateTime().toString(Qt::ISODate).toStdString() << "  " << level.toStdString() << "  "
        << text.toStdString() << '\n';
  } catch (...) {
    // Nowhere to report a failing log: the message went to stderr or a message box already.
  }
}

void installLogMessageHandler() { previousHandler = qInstallMessageHandler(handleMessage); }

}  // namespace vl::app
