#pragma once
// GUI errors also go to a log file, voxellens.log in the cache folder, so that a user can send what went wrong
// after the message box is gone. The file is capped: past kMaxBytes it moves to voxellens.log.1 (the one before
// is dropped) and a new one starts.
#include <QString>

#include <cstdint>
#include <filesystem>

namespace vl::app {

inline constexpr std::uintmax_t kMaxLogBytes = 1 << 20;

std::filesystem::path logFilePath();  // in core::cacheDirectory()
// Appends "time  level  text" to the log (to `file` when given); never throws: a log that cannot be written must
// not take the window down with it.
void appendToLog(const QString& level, const QString& text, const std::filesystem::path& file = {},
                 std::uintmax_t maxBytes = kMaxLogBytes);
// Routes Qt's warnings and critical messages into the log as well as stderr.
void installLogMessageHandler();

}  // namespace vl::app
