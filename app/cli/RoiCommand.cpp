#include "app/cli/RoiCommand.h"

#include <cmath>
#include <cstdio>

#include "app/cli/CommandLine.h"
#include "core/geometry/RoiDrawing.h"
#include "core/io/DataFile.h"
#include "core/io/RoiFileWriter.h"
#include "core/model/RoiEditor.h"

namespace vl::app {

const char* const kRoiHelp =
    "usage: voxellens roi disc SURFACE --vertex V --radius MM --out FILE [--name NAME]\n"
    "Writes the vertices within MM mm of vertex V, measured along SURFACE (fast-marching geodesic distance), as an\n"
    "ROI: FILE.label (FreeSurfer ASCII label: vertex ids, SURFACE coordinates, value 1) or FILE.label.gii (GIfTI\n"
    "label map of the whole hemisphere, key 1 = NAME, key 0 = ???). Give the white (or pial) surface: distances\n"
    "in mm mean cortex; the vertex ids are the same on the inflated surface. NAME defaults to 'disc'.\n";

namespace {
double numberOption(const Arguments& args, const std::string& name) {
  const auto text = args.value(name);
  if (!text) throw UsageError("missing " + name + " (see voxellens roi --help)");
  try {
    std::size_t used = 0;
    const double value = std::stod(*text, &used);
    if (used == text->size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("bad " + name + " '" + *text + "': expected a number");
}
}  // namespace

int runRoiCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--vertex", "--radius", "--name", "--out"});
  if (args.positional.empty() || args.positional[0] != "disc")
    throw UsageError("expected 'disc' and a SURFACE (see voxellens roi --help)");
  if (args.positional.size() != 2) throw UsageError("expected one SURFACE after 'disc' (see voxellens roi --help)");
  const auto out = args.value("--out");
  if (!out) throw UsageError("missing --out FILE.label or FILE.label.gii");
  try {
    core::roiFileFormatFor(*out);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const double vertex = numberOption(args, "--vertex");
  const double radius = numberOption(args, "--radius");
  if (!(radius > 0) || radius > 1000) throw UsageError("bad --radius " + *args.value("--radius") + ": expected 0 < MM <= 1000");

  const auto input = core::readDataFile(args.positional[1]);
  const auto* surface = std::get_if<core::Surface>(&input.content);
  if (!surface)
    throw UsageError(args.positional[1] + ": a " + core::contentKind(input.content) + ", not a surface");
  if (vertex != std::floor(vertex) || vertex < 0 || vertex >= double(surface->vertexCount()))
    throw UsageError("bad --vertex " + *args.value("--vertex") + ": " + args.positional[1] + " has vertices 0.." +
                     std::to_string(surface->vertexCount() - 1));
  if (surface->kind == core::SurfaceKind::Inflated || surface->kind == core::SurfaceKind::VeryInflated ||
      surface->kind == core::SurfaceKind::Sphere || surface->kind == core::SurfaceKind::Flat)
    std::fprintf(stderr, "voxellens roi: note: %s is a %s surface; mm along it are not mm of cortex\n",
                 args.positional[1].c_str(), core::toString(surface->kind).c_str());

  const std::int32_t centre[1] = {static_cast<std::int32_t>(vertex)};
  const auto disc = core::verticesWithinRadius(*surface, centre, static_cast<float>(radius));
  std::array<std::size_t, 2> counts{0, 0};
  counts[core::hemisphereIndex(surface->hemisphere)] = surface->vertexCount();
  core::RoiEditor editor(args.value("--name").value_or("disc"), counts);
  const auto key = editor.addRoi(args.value("--name").value_or("disc"));
  editor.apply(surface->hemisphere, key, core::PaintMode::Paint, disc);
  core::writeRoiFile(*out, *editor.parcellation(), surface->hemisphere, key, *surface);
  std::printf("wrote %s (%zu vertices within %g mm of vertex %d on the %s hemisphere)\n", out->c_str(), disc.size(),
              radius, centre[0], core::toString(surface->hemisphere).c_str());
  return 0;
}

}  // namespace vl::app
