#include "app/cli/TerminalProgress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace vl::app {

TerminalProgress::TerminalProgress() : terminal_(::isatty(STDERR_FILENO) != 0) {}

TerminalProgress::~TerminalProgress() {
  if (drawn_) std::fputc('\n', stderr);
}

core::JobContext TerminalProgress::context() {
  return core::JobContext(std::stop_token{}, [this](const core::JobProgress& p) { show(p); });
}

void TerminalProgress::show(const core::JobProgress& progress) {
  const double fraction = std::clamp(progress.fraction, 0.0, 1.0);
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r[%s%s] %3d%% %-50.50s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), ' ').c_str(),
                 static_cast<int>(fraction * 100), progress.message.c_str());
    drawn_ = true;
  } else if (progress.message != lastMessage_) {
    std::fprintf(stderr, "%3d%% %s\n", static_cast<int>(fraction * 100), progress.message.c_str());
  }
  lastMessage_ = progress.message;
  std::fflush(stderr);
}

}  // namespace vl::app
