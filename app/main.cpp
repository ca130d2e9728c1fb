// voxellens: the front end a user runs. It starts without LibTorch (whose static initialisation would slow every
// process start) and runs the file commands itself (info, convert, curvature, vol2surf, roi, demo,
// import-nsd, render, stimuli, fit, merge, --help); the viewer, the model commands and --version run in voxellens-full,
// which replaces this process with the same arguments (app/cli/Executables.h).
#include <string>
#include <vector>

#include "app/cli/Commands.h"
#include "app/cli/Executables.h"

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv, argv + argc);
  if (vl::app::runsWithoutLibTorch(arguments)) return vl::app::runCommandLine(arguments, nullptr);
  return vl::app::execFullExecutable(argv);
}
