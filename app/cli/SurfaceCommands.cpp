#include "app/cli/SurfaceCommands.h"

#include <cstdio>

#include "app/cli/CommandLine.h"
#include "core/geometry/MeanCurvature.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/io/DataFile.h"
#include "core/io/DataFileConversion.h"

namespace vl::app {

const char* const kCurvatureHelp =
    "usage: voxellens curvature SURFACE OUT\n"
    "Writes the discrete mean curvature of SURFACE (any surface format) in 1/mm with FreeSurfer's sign (negative on\n"
    "gyral crowns, positive in sulcal fundi), in the format OUT's name asks for: .shape.gii, .mgh, .npy, or a curv\n"
    "name such as lh.curv.\n";

const char* const kVol2SurfHelp =
    "usage: voxellens vol2surf VOLUME SURFACE OUT [--method trilinear|enclosing|nearest] [--frame N]\n"
    "Samples VOLUME (NIfTI or MGH; world coordinates from its sform/qform) at the vertices of SURFACE (coordinates\n"
    "in the same space) and writes one value per vertex to OUT (.func.gii, .mgh, .npy, ...). trilinear and\n"
    "enclosing give the values Connectome Workbench's -volume-to-surface-mapping gives, 0 outside the volume\n"
    "included; nearest rounds to the nearest voxel centre.\n";

int runVol2SurfCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--method", "--frame"});
  if (args.positional.size() != 3) throw UsageError("expected VOLUME, SURFACE and OUT (see voxellens vol2surf --help)");
  const auto volumeFile = core::readDataFile(args.positional[0]);
  const auto* volume = std::get_if<core::Volume>(&volumeFile.content);
  if (!volume) throw UsageError(args.positional[0] + ": a " + core::contentKind(volumeFile.content) + ", not a volume");
  const auto surfaceFile = core::readDataFile(args.positional[1]);
  const auto* surface = std::get_if<core::Surface>(&surfaceFile.content);
  if (!surface) throw UsageError(args.positional[1] + ": a " + core::contentKind(surfaceFile.content) + ", not a surface");
  const std::string method = args.value("--method").value_or("trilinear");
  core::VolumeSampling sampling;
  if (method == "trilinear") sampling = core::VolumeSampling::Trilinear;
  else if (method == "enclosing") sampling = core::VolumeSampling::Enclosing;
  else if (method == "nearest") sampling = core::VolumeSampling::Nearest;
  else throw UsageError("bad --method '" + method + "': expected trilinear, enclosing or nearest");
  std::int64_t frame = 0;
  if (auto text = args.value("--frame")) {
    try {
      frame = std::stoll(*text);
    } catch (const std::exception&) {
      throw UsageError("bad --frame '" + *text + "': expected a whole number");
    }
    if (frame < 0 || frame >= volume->dims[3])
      throw UsageError("bad --frame " + *text + ": the volume has " + std::to_string(volume->dims[3]) + " frames");
  }
  core::DataFile output;
  output.path = args.positional[1];
  core::ScalarMaps maps;
  maps.hemisphere = surface->hemisphere;
  maps.names = {volumeFile.path.filename().string()};
  maps.maps = {core::workbenchVolumeToSurface(*volume, surface->vertices, sampling, frame)};
  output.content = std::move(maps);
  core::convertDataFile(output, args.positional[2]);
  std::printf("wrote %s (%zu vertices, %s)\n", args.positional[2].c_str(), surface->vertexCount(), method.c_str());
  return 0;
}

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
