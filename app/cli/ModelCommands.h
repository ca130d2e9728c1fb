#pragma once
// The commands that need LibTorch, and the --version report with its runtime facts: what voxellens-full adds to
// the command line (app/cli/Commands.h).
#include "app/cli/Commands.h"

namespace vl::app {

const FullCommandLine& fullCommandLine();

}  // namespace vl::app
