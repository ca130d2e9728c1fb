#include "app/cli/Commands.h"

#include <array>
#include <cstdio>
#include <exception>

#include "app/cli/CommandLine.h"
#include "app/cli/DemoCommand.h"
#include "app/cli/FitCommand.h"
#include "app/cli/ImportNsdCommand.h"
#include "app/cli/InfoCommand.h"
#include "app/cli/ModelCommandNames.h"
#include "app/cli/RenderCommand.h"
#include "app/cli/RoiCommand.h"
#include "app/cli/StimulusCommand.h"
#include "app/cli/SurfaceCommands.h"
#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/AtomicFileWriter.h"

namespace vl::app {
namespace {
const Subcommand kFileCommands[] = {
    {"info", "describe files: format, dimensions, data type, value range, labels, affine", kInfoHelp,
     runInfoCommand},
    {"convert", "convert between surface, per-vertex, label, volume and matrix formats", kConvertHelp,
     runConvertCommand},
    {"curvature", "write the mean curvature of a surface", kCurvatureHelp, runCurvatureCommand},
    {"vol2surf", "sample a volume at surface vertices (Workbench-equal trilinear/enclosing)", kVol2SurfHelp,
     runVol2SurfCommand},
    {"roi", "draw a geodesic disc ROI around a vertex and save it (.label, .label.gii)", kRoiHelp, runRoiCommand},
    {"demo", "write a simulated subject (planted ROIs, NSD-like responses, truth) as a study folder", kDemoHelp,
     runDemoCommand},
    {"import-nsd", "turn a Natural Scenes Dataset subject into a study folder (streamed, z-scored)", kImportNsdHelp,
     runImportNsdCommand},
    {"render", "render surfaces or the demo brain to a PNG without a window", kRenderHelp, runRenderCommand},
    {"fit", "fit voxelwise ridge encoding models (features -> responses) and score them", kFitHelp, runFitCommand},
    {"merge", "join voxel chunks of a fit", kMergeHelp, runMergeCommand},
    {"stimuli", "draw the captioned demo stimulus bank (faces, places, words, ...) into DIR/stimuli", kStimuliHelp,
     runStimuliCommand},
};

// Names and summaries only: their code (and LibTorch) is in voxellens-full (app/cli/ModelCommands.cpp), which
// compiles its table from the same names (app/cli/ModelCommandNames.h).
constexpr auto modelCommandSummaryTable() {
  std::array<Subcommand, std::size(kModelCommandNames)> table{};
  for (std::size_t i = 0; i < table.size(); ++i)
    table[i] = {kModelCommandNames[i].name, kModelCommandNames[i].summary, nullptr, nullptr};
  return table;
}
constexpr auto kModelCommandSummaries = modelCommandSummaryTable();

void printUsage() {
  std::printf(
      "usage: voxellens [FILE...]              open the viewer (the Colin27 demo brain when no file is given)\n"
      "       voxellens COMMAND [OPTIONS]      run a command without a window\n"
      "       voxellens --version | --help\n\n"
      "--screenshot FILE.png  (viewer) save the window once the brain is drawn, then quit\n"
      "--max-memory SIZE      (every command) the most one file read may allocate, e.g. 6G (default: the\n"
      "                       machine's memory; also VOXELLENS_MAX_MEMORY)\n"
      "--session FILE.json    (viewer) open a session saved with File > Save Session (a scene file)\n"
      "FILE: surfaces (FreeSurfer lh.white, .surf.gii) open as a new study; per-vertex data (curv, .func.gii,\n"
      "      .mgh, .npy, CIFTI dscalar), labels (.annot, .label.gii, CIFTI dlabel) and volumes (.nii.gz, .mgz,\n"
      "      sampled at the vertices) are added to it.\n\ncommands:\n");
  for (const auto& c : kFileCommands) std::printf("  %-10s %s\n", c.name, c.summary);
  for (const auto& c : kModelCommandSummaries) std::printf("  %-10s %s\n", c.name, c.summary);
  std::printf("\n'voxellens COMMAND --help' describes a command.\n");
}

const Subcommand* findIn(std::span<const Subcommand> commands, const std::string& name) {
  for (const auto& c : commands)
    if (name == c.name) return &c;
  return nullptr;
}

int failure(const std::string& prefix, const std::string& message, int status) {
  std::fprintf(stderr, "%s: %s\n", prefix.c_str(), message.c_str());
  return status;
}
}  // namespace

std::span<const Subcommand> fileCommands() { return kFileCommands; }
std::span<const Subcommand> modelCommandSummaries() { return kModelCommandSummaries; }

bool isCommandLineInvocation(const std::vector<std::string>& arguments) {
  if (arguments.size() < 2) return false;
  const std::string& first = arguments[1];
  return findIn(kFileCommands, first) || findIn(kModelCommandSummaries, first) || (!first.empty() && first[0] == '-');
}

bool runsWithoutLibTorch(const std::vector<std::string>& arguments) {
  if (arguments.size() < 2) return false;
  const std::string& first = arguments[1];
  return findIn(kFileCommands, first) || first == "--help" || first == "-h";
}

int runCommandLine(const std::vector<std::string>& arguments, const FullCommandLine* full) {
  const std::string first = arguments.size() > 1 ? arguments[1] : "--help";
  if (first == "--help" || first == "-h") {
    printUsage();
    return 0;
  }
  if (first == "--version" || first == "-v") {
    if (!full) return failure("voxellens", "--version is answered by voxellens-full (internal routing error)", 1);
    std::printf("%s", full->versionReport().c_str());
    return 0;
  }
  const Subcommand* command = findIn(kFileCommands, first);
  if (!command && full) command = findIn(full->modelCommands, first);
  if (!command && findIn(kModelCommandSummaries, first))
    return failure("voxellens", "'" + first + "' runs in voxellens-full (internal routing error)", 1);
  if (!command) return failure("voxellens", "unknown command or option '" + first + "' (see voxellens --help)", 2);
  std::vector<std::string> rest(arguments.begin() + 2, arguments.end());
  const std::string prefix = std::string("voxellens ") + command->name;
  // --max-memory SIZE, accepted by every command: the most one file read may allocate (core/base/MemoryLimit.h).
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != "--max-memory" && rest[i].rfind("--max-memory=", 0) != 0) continue;
    const bool joined = rest[i] != "--max-memory";
    if (!joined && i + 1 == rest.size()) return failure(prefix, "--max-memory needs a size such as 6G or 512M", 2);
    const std::string value = joined ? rest[i].substr(std::string("--max-memory=").size()) : rest[i + 1];
    const auto bytes = core::parseMemorySize(value);
    if (!bytes) return failure(prefix, "bad --max-memory '" + value + "': expected a size such as 6G, 512M or 1.5G", 2);
    core::setMaxReadMemory(*bytes);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i), rest.begin() + static_cast<std::ptrdiff_t>(i + (joined ? 1 : 2)));
    --i;
  }
  for (const auto& a : rest) {
    if (a == "--help" || a == "-h") {
      std::printf("%s", command->help);
      return 0;
    }
  }
  try {
    return command->run(rest);
  } catch (const UsageError& e) {
    return failure(prefix, e.what(), 2);
  } catch (const core::FormatError& e) {
    return failure(prefix, e.what(), 2);
  } catch (const std::invalid_argument& e) {
    return failure(prefix, e.what(), 2);
  } catch (const core::WriteError& e) {  // where to write is the user's choice: a read-only folder is bad input
    return failure(prefix, e.what(), 2);
  } catch (const std::exception& e) {
    return failure(prefix, e.what(), 1);
  }
}

}  // namespace vl::app
