#pragma once
// The headless side of the one voxellens binary: --version, --help and the subcommands. Nothing here opens a
// window; rendering subcommands use offscreen OpenGL.
#include <string>
#include <vector>

namespace vl::app {

// True when argv asks for the command line (a subcommand, --help, --version or another option) rather than the GUI.
bool isCommandLineInvocation(const std::vector<std::string>& arguments);
// Returns the exit status: 0 success, 2 bad input (one line on stderr), 1 other failure.
int runCommandLine(const std::vector<std::string>& arguments);

}  // namespace vl::app
