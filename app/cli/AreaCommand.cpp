#include "app/cli/AreaCommand.h"

#include <cstdio>
#include <variant>

#include "app/cli/CommandLine.h"
#include "core/geometry/SurfaceArea.h"
#include "core/io/DataFile.h"

namespace vl::app {

const char* const kAreaHelp =
    "usage: voxellens area SURFACE\n"
    "Prints the total area of SURFACE in mm^2.\n";

int runAreaCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {});
  if (args.positional.size() != 1) throw UsageError("expected one SURFACE (see voxellens area --help)");
  const auto input = core::readDataFile(args.positional[0]);
  const auto* surface = std::get_if<core::Surface>(&input.content);
  if (!surface) throw UsageError(args.positional[0] + ": a " + core::contentKind(input.content) + ", not a surface");
  std::printf("%.3f mm^2\n", core::surfaceArea(*surface));
  return 0;
}

}  // namespace vl::app
