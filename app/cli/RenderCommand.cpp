#include "app/cli/RenderCommand.h"

#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/study/StudyFromMeshes.h"
#include "core/demo/SurfaceFiles.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "render/OffscreenRenderer.h"

namespace vl::app {

const char* const kRenderHelp =
    "usage: voxellens render (--demo | SURFACE...) -o OUT.png [--view NAME] [--size WIDTHxHEIGHT]\n"
    "                        [--background white|black|grey|#rrggbb]\n"
    "Renders surfaces to a PNG without opening a window, through the same scene code as the GUI.\n"
    "  --demo          the Colin27 demo brain (both hemispheres)\n"
    "  SURFACE         FreeSurfer surfaces such as lh.white (rh.white beside it is added)\n"
    "  --view NAME     lateral-left, lateral-right, medial-left, medial-right, dorsal, ventral, anterior,\n"
    "                  posterior (each also with -left/-right); default: both hemispheres from above\n"
    "  --size WxH      image size in pixels, 16..16384 per side (default 1600x1200)\n"
    "  --background C  white (default), black, grey or a colour such as \"#202020\"\n"
    "  -o, --output    the PNG to write (written atomically)\n";

namespace {
render::Rgb parseBackground(const std::string& name) {
  if (name == "white") return {1, 1, 1};
  if (name == "black") return {0, 0, 0};
  if (name == "grey" || name == "gray") return {0.5f, 0.5f, 0.5f};
  if (name.size() == 7 && name[0] == '#' && name.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos) {
    const auto channel = [&](std::size_t at) { return float(std::stoi(name.substr(at, 2), nullptr, 16)) / 255.0f; };
    return {channel(1), channel(3), channel(5)};
  }
  throw UsageError("bad background '" + name + "': expected white, black, grey or #rrggbb");
}
}  // namespace

int runRenderCommand(const std::vector<std::string>& arguments) {
  auto args = parseArguments(arguments, {"--demo"}, {"--view", "--size", "-o", "--output", "--background"});
  const auto output = args.value("-o") ? args.value("-o") : args.value("--output");
  if (!output) throw UsageError("missing -o OUT.png");
  if (args.has("--demo") == !args.positional.empty())
    throw UsageError("give either --demo or surface files to render");
  render::OffscreenRequest request;
  if (auto size = args.value("--size")) {
    std::tie(request.width, request.height) = parseImageSize(*size);
    if (request.width < 16 || request.height < 16 || request.width > render::kMaxImageSide ||
        request.height > render::kMaxImageSide)
      throw UsageError("bad size '" + *size + "': each side must be 16..16384 pixels");
  }
  if (auto view = args.value("--view")) {
    request.preset = render::parseViewPreset(*view);
    if (!request.preset) throw UsageError("unknown view '" + *view + "' (see voxellens render --help)");
  }
  if (auto background = args.value("--background")) request.background = parseBackground(*background);
  const std::filesystem::path out(*output);
  const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw UsageError("cannot write " + out.string() + ": folder " + folder.string() + " does not exist");

  for (const auto& file : args.positional)
    if (!std::filesystem::is_regular_file(file, error)) throw UsageError(file + ": no such file");

  render::requireDisplayForRendering();  // before minutes of loading, not after
  std::shared_ptr<core::Study> study;
  {
    TerminalProgress progress;
    if (args.has("--demo")) {
      auto demo = core::loadDemoBrain(progress.context());
      if (!demo.cacheWarning.empty()) std::fprintf(stderr, "warning: %s\n", demo.cacheWarning.c_str());
      study = core::buildStudyFromMeshes(demo.meshes, "Colin27 demo brain");
    } else {
      std::vector<std::filesystem::path> files(args.positional.begin(), args.positional.end());
      study = core::loadSurfaceFiles(files, progress.context());
    }
  }
  render::writePng(render::renderOffscreen(study, request), out);
  std::printf("wrote %s (%dx%d)\n", out.c_str(), request.width, request.height);
  return 0;
}

}  // namespace vl::app
