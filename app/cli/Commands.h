#pragma once
// The headless side of voxellens: --version, --help and the subcommands. Nothing here opens a window; rendering
// subcommands use offscreen OpenGL.
//
// Two binaries share this code (../shared/DESIGN.md section 5, app/CMakeLists.txt): `voxellens`, the front end a
// user runs, starts without LibTorch and runs the file commands itself (info, convert, vol2surf, render, ...);
// the viewer and the model commands (fit, decode, models, bench, ...) need LibTorch and run in `voxellens-full`,
// which the front end execs with the same arguments (app/FullBinary.h). voxellens-full runs everything itself.
#include <span>
#include <string>
#include <vector>

namespace vl::app {

struct Subcommand {
  const char* name;
  const char* summary;
  const char* help;  // null for a model command in the front end (voxellens-full prints its help)
  int (*run)(const std::vector<std::string>&);  // null likewise
};

// The commands that need no LibTorch (linked into both binaries), and the names and summaries of the model
// commands, for the front end's --help.
std::span<const Subcommand> fileCommands();
std::span<const Subcommand> modelCommandSummaries();

// True when argv names a command, or is --help / --version, rather than files for the viewer.
bool isCommandLineInvocation(const std::vector<std::string>& arguments);
// True when argv is a file command or --help, which the front end runs itself; false for the viewer, model
// commands and --version (which reports LibTorch's runtime facts).
bool runsWithoutLibTorch(const std::vector<std::string>& arguments);

// What voxellens-full adds to the command line (app/cli/ModelCommands.h): the model commands and a --version report
// with LibTorch's runtime facts (threads, BLAS).
struct FullCommandLine {
  std::span<const Subcommand> modelCommands;
  std::string (*versionReport)();
};

// Runs a command line: the file commands, and with `full` (voxellens-full) the model commands and --version; the
// front end passes null and hands those to voxellens-full before calling this. Returns the exit status: 0
// success, 2 bad input (one line on stderr), 1 other failure.
int runCommandLine(const std::vector<std::string>& arguments, const FullCommandLine* full);

}  // namespace vl::app
