#include "app/cli/ModelCommands.h"

#include "app/VersionReport.h"
#include "app/cli/BenchCommand.h"
#include "app/cli/FitCommand.h"
#include "app/cli/ModelsCommand.h"

namespace vl::app {
namespace {
// The same names as Commands.cpp's model summaries (checked by a test); the summaries are kept there so that the
// front end can list them without linking this file.
const Subcommand kModelCommands[] = {
    {"fit", nullptr, kFitHelp, runFitCommand},
    {"merge", nullptr, kMergeHelp, runMergeCommand},
    {"decode", nullptr, kDecodeHelp, runDecodeCommand},
    {"rsa", nullptr, kRsaHelp, runRsaCommand},
    {"models", nullptr, kModelsHelp, runModelsCommand},
    {"bench", nullptr, kBenchHelp, runBenchCommand},
};
}  // namespace

const FullCommandLine& fullCommandLine() {
  static const FullCommandLine full{kModelCommands, versionReport};
  return full;
}

}  // namespace vl::app
