#include "app/cli/ModelCommands.h"

#include <iterator>

#include "app/VersionReport.h"
#include "app/cli/BenchCommand.h"
#include "app/cli/DecodeCommand.h"
#include "app/cli/FitStudyCommand.h"
#include "app/cli/ModelCommandNames.h"
#include "app/cli/ModelsCommand.h"
#include "app/cli/RsaCommand.h"
#include "app/cli/SelectCommand.h"
#include "app/cli/SynthCommand.h"

namespace vl::app {
namespace {
using namespace model_command;
// The names come from the table the front end lists (ModelCommandNames.h), in its order (checked by a test).
const Subcommand kModelCommands[] = {
    {kDecode.name, kDecode.summary, kDecodeHelp, runDecodeCommand},
    {kFitStudy.name, kFitStudy.summary, kFitStudyHelp, runFitStudyCommand},
    {kRsa.name, kRsa.summary, kRsaHelp, runRsaCommand},
    {kSelect.name, kSelect.summary, kSelectHelp, runSelectCommand},
    {kSynth.name, kSynth.summary, kSynthHelp, runSynthCommand},
    {kModels.name, kModels.summary, kModelsHelp, runModelsCommand},
    {kBench.name, kBench.summary, kBenchHelp, runBenchCommand},
};
static_assert(std::size(kModelCommands) == std::size(kModelCommandNames),
              "every name of ModelCommandNames.h needs its command here, and no other");
}  // namespace

const FullCommandLine& fullCommandLine() {
  static const FullCommandLine full{kModelCommands, versionReport};
  return full;
}

}  // namespace vl::app
