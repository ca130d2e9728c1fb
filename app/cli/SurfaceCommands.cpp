#include "app/cli/SurfaceCommands.h"

#include <cstdio>

#include "app/cli/CommandLine.h"
#include "core/geometry/MeanCurvature.h"
#include "core/io/DataFile.h"
#include "core/io/DataFileConversion.h"

namespace vl::app {

const char* const kCurvatureHelp =
    "usage: voxellens curvature SURFACE OUT\n"
    "Writes the discrete mean curvature of SURFACE (any surface format) in 1/mm with FreeSurfer's sign (negative on\n"
    "gyral crowns, positive in sulcal fundi), in the format OUT's name asks for: .shape.gii, .mgh, .npy, or a curv\n"
    "name such as lh.curv.\n";

int runCurvatureCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {});
  if (args.positional.size() != 2) throw UsageError("expected SURFACE and OUT (see voxellens curvature --help)");
  const auto input = core::readDataFile(args.positional[0]);
  const auto* surface = std::get_if<core::Surface>(&input.content);
  if (!surface) throw UsageError(args.positional[0] + ": a " + core::contentKind(input.content) + ", not a surface");
  core::DataFile output;
  output.path = args.positional[0];
  core::ScalarMaps maps;
  maps.hemisphere = surface->hemisphere;
  maps.names = {"mean curvature"};
  maps.maps = {core::computeMeanCurvature(*surface)};
  output.content = std::move(maps);
  core::convertDataFile(output, args.positional[1]);
  std::printf("wrote %s (%zu vertices)\n", args.positional[1].c_str(), surface->vertexCount());
  return 0;
}

}  // namespace vl::app
