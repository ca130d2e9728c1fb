#pragma once
// Progress of long CLI work on stderr: a redrawn bar on a terminal, plain lines (one per new message) otherwise.
#include <string>

#include "core/jobs/JobContext.h"

namespace vl::app {

class TerminalProgress {
public:
  TerminalProgress();
  ~TerminalProgress();  // ends the bar's line
  core::JobContext context();

private:
  void show(const core::JobProgress& progress);
  bool terminal_;
  bool drawn_ = false;
  std::string lastMessage_;
};

}  // namespace vl::app
