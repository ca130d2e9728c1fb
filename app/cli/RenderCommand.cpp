#include "app/cli/RenderCommand.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/scene/SceneDocument.h"
#include "core/scene/SceneGallery.h"
#include "core/scene/SceneStudy.h"
#include "render/FigureExport.h"
#include "render/OffscreenRenderer.h"

namespace vl::app {

const char* const kRenderHelp =
    "usage: voxellens render (--demo | --study DIR | SURFACE... | SCENE.json) -o OUT.png|svg|pdf\n"
    "                        [--view NAME | --montage PRESET | --grid RxC --views V1,V2,...]\n"
    "                        [--size WIDTHxHEIGHT] [--dpi N] [--transparent] [--letters] [--no-colour-bar]\n"
    "                        [--roi-names] [--select-roi NAME] [--orthographic] [--no-scale-bar] [--no-gallery]\n"
    "                        [--gallery SELECTION.json]\n"
    "                        [--layer FILE [--cmap NAME] [--range LO:HI] [--threshold T] [--units TEXT]]\n"
    "                        [--background white|black|grey|#rrggbb] [--save-scene SCENE.json]\n"
    "Renders a figure without opening a window, through the same code as the window's Export Figure: PNG, or SVG and\n"
    "PDF with the brains as embedded images and the colour bar, ticks and letters as vectors. The provenance (study,\n"
    "layers with their colour maps and thresholds, views) goes into the file's metadata and beside it as\n"
    "OUT.provenance.json.\n"
    "  --demo            the Colin27 demo brain (both hemispheres)\n"
    "  --study DIR       a study folder (voxellens demo makes one)\n"
    "  SURFACE           FreeSurfer or GIfTI surfaces such as lh.white (rh.white beside it is added)\n"
    "  SCENE.json        a scene saved by the window (File > Save Session) or by --save-scene\n"
    "  --view NAME       lateral-left, lateral-right, medial-left, medial-right, dorsal, ventral, anterior,\n"
    "                    posterior, occipital (each also with -left/-right); default: the scene's view, else both\n"
    "                    hemispheres from above\n"
    "  --montage PRESET  lateral-medial (lateral and medial of both hemispheres), ventral (the ventral pair),\n"
    "                    lateral-ventral-posterior; every view shares one colour scale\n"
    "  --grid RxC --views V1,V2,...  a custom grid, filled row by row\n"
    "  --size WxH        the whole figure in pixels, 16..16384 per side (default 1600x1200)\n"
    "  --dpi N           resolution: the physical size of SVG and PDF figures (default 300)\n"
    "  --transparent     no background behind the brains and the labels\n"
    "  --letters         panel letters A, B, C... on the views\n"
    "  --roi-names       the scene's selected ROIs named under the views (the selected ROI is drawn highlighted,\n"
    "                    as in the window, with or without this)\n"
    "  --select-roi NAME the ROI drawn highlighted, as a click selects it in the window (replaces the scene's)\n"
    "  --orthographic    orthographic cameras for the views (a scene's own camera keeps its projection)\n"
    "  --no-scale-bar    no scale bar; one is drawn (e.g. 10 mm) only on orthographic views of white, pial or\n"
    "                    midthickness surfaces, where a mm is the same length across the view\n"
    "  --no-gallery      leave out the selectivity gallery that a scene saved by the window stores (the target's\n"
    "                    preferred bank images and caption, drawn beside the views from the study, no models)\n"
    "  --gallery FILE    draw the gallery of a 'voxellens select --out DIR' result (DIR/selection.json) beside the\n"
    "                    views, as the window's Selectivity dock shows it\n"
    "  --layer FILE|NAME a per-vertex map to show on top (curvature, .mgh, .gii, .npy ...) or, with --study, a\n"
    "                    layer of the study by name (both hemispheres), drawn with\n"
    "                    --cmap NAME (default heat), --range LO:HI (default: the 2nd..98th percentile),\n"
    "                    --threshold T (hide |value| < T) and --units TEXT (under the colour bar's title)\n"
    "  --background C    white (default), black, grey or a colour such as \"#202020\"\n"
    "  --save-scene FILE also write the scene the figure was made from (render it again with voxellens render FILE)\n"
    "  -o, --output      the figure to write (.png, .svg or .pdf; written atomically)\n";

namespace {
std::array<float, 3> parseBackground(const std::string& name) {
  if (name == "white") return {1, 1, 1};
  if (name == "black") return {0, 0, 0};
  if (name == "grey" || name == "gray") return {0.5f, 0.5f, 0.5f};
  if (name.size() == 7 && name[0] == '#' && name.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos) {
    const auto channel = [&](std::size_t at) { return float(std::stoi(name.substr(at, 2), nullptr, 16)) / 255.0f; };
    return {channel(1), channel(3), channel(5)};
  }
  throw UsageError("bad background '" + name + "': expected white, black, grey or #rrggbb");
}

double parseNumber(const std::string& text, const std::string& option) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("bad " + option + " '" + text + "': expected a number");
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

bool isSceneFile(const std::string& path) {
  return std::filesystem::path(path).extension() == ".json";
}

// The scene the arguments describe: a scene file as saved, or a new one from a source and options.
core::SceneDocument sceneFromArguments(const Arguments& args, std::vector<std::string>& notes) {
  core::SceneDocument scene;
  const bool hasScene = args.positional.size() == 1 && isSceneFile(args.positional.front());
  const int sources = int(args.has("--demo")) + int(args.value("--study").has_value()) + int(!args.positional.empty());
  if (sources != 1) throw UsageError("give one of --demo, --study DIR, surface files or a scene file to render");
  std::error_code error;
  if (hasScene) {
    auto read = core::readScene(args.positional.front());
    scene = std::move(read.scene);
    notes = std::move(read.notRestored);
  } else if (args.has("--demo")) {
    scene.demoBrain = true;
  } else if (auto study = args.value("--study")) {
    if (!std::filesystem::is_directory(*study, error)) throw UsageError(*study + ": no such study folder");
    scene.studyFolder = std::filesystem::absolute(*study);
  } else {
    for (const auto& file : args.positional) {
      if (!std::filesystem::is_regular_file(file, error)) throw UsageError(file + ": no such file");
      scene.surfaceFiles.push_back(std::filesystem::absolute(file));
    }
  }
  if (auto view = args.value("--view")) {
    if (!render::parseViewPreset(*view)) throw UsageError("unknown view '" + *view + "' (see voxellens render --help)");
    scene.viewPreset = *view;
    scene.camera.reset();  // a named view replaces the scene's camera
  }
  if (auto background = args.value("--background")) scene.background = parseBackground(*background);
  if (auto roi = args.value("--select-roi")) scene.selectedRois = {*roi};
  if (auto selection = args.value("--gallery")) {
    if (scene.studyFolder.empty()) throw UsageError("--gallery draws the study's bank images: give --study DIR or a scene of a study");
    core::storeGallery(scene, core::galleryFromSelectionFile(*selection));
  }
  if (auto file = args.value("--layer")) {
    core::SceneLayer layer;
    if (std::filesystem::is_regular_file(*file, error)) {
      layer.file = std::filesystem::absolute(*file);
      layer.name = layer.file.filename().string();
    } else if (!scene.studyFolder.empty()) {
      layer.name = *file;  // a layer the study brings, by name (both hemispheres), e.g. "noise ceiling % (planted)"
    } else {
      throw UsageError(*file + ": no such layer file");
    }
    layer.colourMap = args.value("--cmap").value_or("heat");
    if (auto range = args.value("--range")) {
      const auto colon = range->find(':', 1);
      if (colon == std::string::npos) throw UsageError("bad --range '" + *range + "': expected LO:HI");
      layer.rangeLow = parseNumber(range->substr(0, colon), "--range");
      layer.rangeHigh = parseNumber(range->substr(colon + 1), "--range");
      if (!(layer.rangeHigh > layer.rangeLow)) throw UsageError("bad --range '" + *range + "': LO must be below HI");
    } else {
      layer.rangeLow = layer.rangeHigh = 0;  // lo == hi: the range the loader computes from the values
    }
    if (auto threshold = args.value("--threshold")) {
      layer.threshold = parseNumber(*threshold, "--threshold");
      layer.thresholdOnMagnitude = true;
    }
    layer.units = args.value("--units").value_or("");
    scene.layers.push_back(layer);
  } else if (args.value("--cmap") || args.value("--range") || args.value("--threshold") || args.value("--units")) {
    throw UsageError("--cmap, --range, --threshold and --units describe a --layer FILE");
  }
  return scene;
}

render::FigureOptions optionsFromArguments(const Arguments& args) {
  render::FigureOptions options;
  if (auto size = args.value("--size")) {
    std::tie(options.width, options.height) = parseImageSize(*size);
    if (options.width < 16 || options.height < 16 || options.width > render::kMaxImageSide ||
        options.height > render::kMaxImageSide)
      throw UsageError("bad size '" + *size + "': each side must be 16..16384 pixels");
  }
  if (auto dpi = args.value("--dpi")) {
    const double value = parseNumber(*dpi, "--dpi");
    if (value < 10 || value > 10000 || value != std::floor(value))
      throw UsageError("bad --dpi '" + *dpi + "': expected a whole number 10..10000");
    options.dpi = int(value);
  }
  options.transparent = args.has("--transparent");
  options.panelLetters = args.has("--letters");
  options.roiNames = args.has("--roi-names");
  options.colourBar = !args.has("--no-colour-bar");
  options.orthographic = args.has("--orthographic");
  options.scaleBar = !args.has("--no-scale-bar");
  options.selectivityPanel = !args.has("--no-gallery");
  const int layouts = int(args.value("--view").has_value()) + int(args.value("--montage").has_value()) +
                      int(args.value("--grid").has_value() || args.value("--views").has_value());
  if (layouts > 1) throw UsageError("give one of --view, --montage or --grid/--views");
  if (auto montage = args.value("--montage")) options.montage = *montage;
  if (auto grid = args.value("--grid")) {
    const auto x = grid->find('x');
    if (x == std::string::npos) throw UsageError("bad --grid '" + *grid + "': expected ROWSxCOLUMNS such as 2x3");
    options.rows = int(parseNumber(grid->substr(0, x), "--grid"));
    options.columns = int(parseNumber(grid->substr(x + 1), "--grid"));
    if (options.rows < 1 || options.columns < 1 || options.rows > 16 || options.columns > 16)
      throw UsageError("bad --grid '" + *grid + "': rows and columns must be 1..16");
    if (!args.value("--views")) throw UsageError("--grid needs --views V1,V2,...");
  }
  if (auto views = args.value("--views")) options.views = splitList(*views);
  return options;
}
}  // namespace

int runRenderCommand(const std::vector<std::string>& arguments) {
  auto args = parseArguments(arguments, {"--demo", "--transparent", "--letters", "--no-colour-bar", "--roi-names",
                                        "--orthographic", "--no-scale-bar", "--no-gallery"},
                             {"--view", "--size", "-o", "--output", "--background", "--study", "--montage", "--grid",
                              "--views", "--dpi", "--layer", "--cmap", "--range", "--threshold", "--units",
                              "--save-scene", "--select-roi", "--gallery"});
  const auto output = args.value("-o") ? args.value("-o") : args.value("--output");
  if (!output) throw UsageError("missing -o OUT.png (or .svg, .pdf)");
  const std::filesystem::path out(*output);
  render::figureFormatFor(out);  // an unknown extension is refused before anything is loaded
  const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw UsageError("cannot write " + out.string() + ": folder " + folder.string() + " does not exist");

  std::vector<std::string> notes;
  core::SceneDocument scene = sceneFromArguments(args, notes);
  const render::FigureOptions options = optionsFromArguments(args);
  // A layer given without --range takes the range the loader computes from its values (scalarDisplayFor).
  const bool ownRange = !scene.layers.empty() && args.value("--layer") && !args.value("--range");

  render::requireDisplayForRendering();  // before minutes of loading, not after
  render::FigureReport report;
  try {
    TerminalProgress progress;
    if (ownRange) {
      core::LoadedScene loaded = core::loadSceneStudy(scene, progress.context().slice(0.0, 0.5));
      // The layer asked for: the one just added from its file (the last), or the study's own of that name.
      const auto& layers = loaded.study->layers();
      const core::SceneLayer& wanted = scene.layers.back();
      const core::LayerEntry* asked = nullptr;
      if (!wanted.file.empty()) {
        if (!layers.empty()) asked = &layers.back();
      } else {
        for (const auto& entry : layers)
          if (entry.data && entry.data->name == wanted.name) asked = &entry;
      }
      if (!asked) {
        std::string names;
        for (const auto& entry : layers)
          if (entry.data) names += (names.empty() ? "" : ", ") + entry.data->name;
        throw UsageError("no layer file or study layer named '" + wanted.name + "' (the study has: " + names + ")");
      }
      scene.layers.back().rangeLow = asked->display.rangeMin;
      scene.layers.back().rangeHigh = asked->display.rangeMax;
      scene.layers.back().symmetric = asked->display.symmetric;
      report = render::exportFigure(loaded.study, scene, options, out, progress.context().slice(0.5, 1.0));
      report.notRestored.insert(report.notRestored.begin(), loaded.notRestored.begin(), loaded.notRestored.end());
    } else {
      report = render::exportFigure(scene, options, out, progress.context());
    }
  } catch (const render::FigureWriteError& e) {
    throw UsageError(e.what());  // an unwritable folder or a full disk is the user's to fix: exit 2
  }
  for (const auto& note : notes) std::fprintf(stderr, "not restored: %s\n", note.c_str());
  for (const auto& note : report.notRestored) std::fprintf(stderr, "not restored: %s\n", note.c_str());
  if (auto sceneFile = args.value("--save-scene")) core::writeScene(*sceneFile, scene);
  std::printf("wrote %s (%dx%d, %zu view%s) and %s\n", out.c_str(), report.width, report.height, report.views.size(),
              report.views.size() == 1 ? "" : "s", report.provenanceFile.c_str());
  return 0;
}

}  // namespace vl::app
