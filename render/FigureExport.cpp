#include "render/FigureExport.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/io/AtomicFileWriter.h"
#include "core/scene/SceneStudy.h"
#include "render/ColourBarManager.h"
#include "render/FigureBrainPanel.h"
#include "render/FigureColourBar.h"
#include "render/FigureGalleryContent.h"
#include "render/FigureGalleryPanel.h"
#include "render/FigureHighlight.h"
#include "render/FigureMontage.h"
#include "render/FigurePdfCanvas.h"
#include "render/FigurePng.h"
#include "render/FigureProvenance.h"
#include "render/FigureRasterCanvas.h"
#include "render/FigureScaleBar.h"
#include "render/FigureSvgCanvas.h"
#include "render/FigureText.h"

namespace vl::render {

namespace {

CameraState cameraFrom(const core::SceneCamera& camera) {
  CameraState state;
  state.position = camera.position;
  state.focalPoint = camera.focalPoint;
  state.viewUp = camera.viewUp;
  state.viewAngle = camera.viewAngle;
  state.parallelProjection = camera.parallelProjection;
  state.parallelScale = camera.parallelScale;
  return state;
}

struct Layout {
  double fontSize = 12;
  Rgb textColour{0, 0, 0};
  FigureRect grid;           // where the views go
  double colourBarColumn = 0;  // width at the right edge, 0 without a bar
  double roiStrip = 0;       // height at the bottom for ROI names, 0 without
  double galleryColumn = 0;  // width at the right edge (right of the colour bar) for the gallery, 0 without
};

Layout layoutFor(const FigureOptions& options, bool hasColourBar, const std::string& units, bool hasRoiNames,
                 bool hasGallery, const Rgb& background) {
  Layout layout;
  layout.fontSize = std::max(9.0, std::round(std::min(options.width, options.height) * 0.03));
  const double luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2];
  layout.textColour = (options.transparent || luminance > 0.5) ? Rgb{0, 0, 0} : Rgb{1, 1, 1};
  // Wide enough for the tick labels and the units on one line (the title wraps to the column instead).
  if (hasColourBar)
    layout.colourBarColumn = std::round(std::max({layout.fontSize * 7.0, options.width * 0.12,
                                                  helveticaWidth(units, false) / 1000.0 * layout.fontSize +
                                                      layout.fontSize * 2.0}));
  if (hasRoiNames) layout.roiStrip = std::round(layout.fontSize * 2.0);
  if (hasGallery) layout.galleryColumn = std::round(std::max(layout.fontSize * 8.0, options.width * 0.3));
  layout.grid = {0, 0, options.width - layout.colourBarColumn - layout.galleryColumn, options.height - layout.roiStrip};
  return layout;
}

void checkOptions(const FigureOptions& options) {
  if (options.width < 16 || options.height < 16 || options.width > kMaxImageSide || options.height > kMaxImageSide)
    throw std::invalid_argument("figure size " + std::to_string(options.width) + "x" + std::to_string(options.height) +
                                " is outside 16..16384 pixels per side");
  if (options.dpi < 10 || options.dpi > 10000)
    throw std::invalid_argument("dpi " + std::to_string(options.dpi) + " is outside 10..10000");
}

}  // namespace

std::filesystem::path provenancePathFor(const std::filesystem::path& figure) {
  auto path = figure;
  path.replace_extension(".provenance.json");
  return path;
}

FigureReport exportFigure(std::shared_ptr<core::Study> study, const core::SceneDocument& scene,
                          const FigureOptions& options, const std::filesystem::path& out,
                          const core::JobContext& context) {
  if (!study) throw std::invalid_argument("no study to make a figure of");
  checkOptions(options);
  const FigureFormat format = options.format ? *options.format : figureFormatFor(out);
  const FigureViews views = figureViews(options, scene.viewPreset, study.get());
  requireDisplayForRendering();
  // Both files are opened before minutes of rendering: an unwritable folder fails now, and nothing is left behind
  // when anything later fails (the writers remove their temporary files unless committed).
  std::optional<core::AtomicFileWriter> figureWriter, provenanceWriter;
  try {
    figureWriter.emplace(out);
    provenanceWriter.emplace(provenancePathFor(out));
  } catch (const std::exception& e) {
    throw FigureWriteError("cannot write the figure " + out.string() + ": " + e.what());
  }

  const Rgb background{scene.background[0], scene.background[1], scene.background[2]};
  const core::LayerEntry* barLayer = options.colourBar ? topVisibleScalarLayer(*study) : nullptr;
  const bool roiNames = options.roiNames && !scene.selectedRois.empty();
  std::string units;
  if (barLayer)
    for (const auto& layer : scene.layers)
      if (layer.name == barLayer->data->name) units = layer.units;
  FigureReport report;
  // The selectivity gallery the scene stores, with its images read from the study's bank (no models).
  std::optional<FigureGalleryContent> gallery;
  const core::ScenePanel* galleryPanel = core::selectivityPanel(scene);
  std::optional<core::SceneGallery> storedGallery;
  if (options.selectivityPanel && galleryPanel)
    if (auto stored = core::galleryOf(*galleryPanel, report.notRestored)) {
      gallery = galleryContent(*study, *stored, report.notRestored);
      if (gallery) storedGallery = std::move(stored);
    }
  // The selected ROI, highlighted as in the window (the window highlights one: the first name the study knows).
  std::optional<RoiHighlight> highlight;
  std::optional<std::string> highlightedName;
  for (const auto& name : scene.selectedRois) {
    auto found = roiHighlightNamed(*study, name);
    if (!found) {
      report.notRestored.push_back("selected ROI \"" + name + "\": no ROI of that name in the study");
    } else if (!highlight) {
      highlight = found;
      highlightedName = name;
    }
  }
  std::vector<double> scaleBarsMm;
  const Layout layout = layoutFor(options, barLayer != nullptr, units, roiNames, gallery.has_value(), background);
  const int cellWidth = int(std::floor(layout.grid.width / views.columns));
  const int cellHeight = int(std::floor(layout.grid.height / views.rows));
  if (cellWidth < 16 || cellHeight < 16)
    throw std::invalid_argument("figure size " + std::to_string(options.width) + "x" + std::to_string(options.height) +
                                " leaves views of " + std::to_string(cellWidth) + "x" + std::to_string(cellHeight) +
                                " pixels; make it larger or use fewer views");

  // Every view renders the same study, so one layer has one display (map, range, threshold) in all of them: the
  // montage shares one colour scale by construction, and the one bar describes every view.
  std::vector<std::unique_ptr<FigureItem>> items;
  const bool orthographic = options.orthographic || (scene.camera && scene.camera->parallelProjection);
  for (std::size_t i = 0; i < views.views.size(); ++i) {
    context.throwIfStopped();
    const auto& view = views.views[i];
    context.report(0.9 * double(i) / double(views.views.size()),
                   "Rendering " + (view ? view->name() : std::string("the scene's view")));
    OffscreenRequest request;
    request.width = cellWidth;
    request.height = cellHeight;
    request.preset = view;
    if (!view && scene.camera) request.camera = cameraFrom(*scene.camera);
    request.background = background;
    request.colourBar = false;
    request.transparent = options.transparent;
    request.highlight = highlight;
    request.parallelProjection = orthographic;
    const FigureRect cell{layout.grid.x + (i % views.columns) * double(cellWidth),
                          layout.grid.y + double(i / views.columns) * cellHeight, double(cellWidth),
                          double(cellHeight)};
    CameraState camera;
    RenderedImage rendered = renderOffscreen(study, request, &camera);
    std::unique_ptr<FigureItem> scaleBar;
    scaleBarsMm.push_back(0.0);
    if (options.scaleBar) {
      std::vector<core::SurfaceKind> shown;
      for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right})
        if (!view || !view->hemisphere || *view->hemisphere == side)
          if (const auto surface = study->shownSurface(side)) shown.push_back(surface->kind);
      if (const auto scale = pixelsPerMm(camera, cellHeight, shown)) {
        const double length = scaleBarLengthMm(*scale, cell.width * 0.25);
        if (length > 0) {
          // The bar and its label above it, in the corner of the view where they hide the least of the brain.
          auto bar = std::make_unique<FigureScaleBar>(length, *scale, 0, 0, layout.fontSize, layout.textColour);
          const double labelWidth = helveticaWidth(bar->label(), false) / 1000.0 * layout.fontSize * 1.15;
          const double boxWidth = std::max(bar->lengthPixels(), labelWidth), boxHeight = layout.fontSize * 1.6;
          const auto [x, y] = clearestCorner(rendered, background, boxWidth, boxHeight, layout.fontSize * 0.6);
          scaleBarsMm.back() = length;
          scaleBar = std::make_unique<FigureScaleBar>(length, *scale, cell.x + x + (boxWidth - bar->lengthPixels()) / 2,
                                                      cell.y + y + boxHeight - layout.fontSize * 0.2, layout.fontSize,
                                                      layout.textColour);
        }
      }
    }
    items.push_back(std::make_unique<FigureBrainPanel>(std::move(rendered), cell));
    if (scaleBar) items.push_back(std::move(scaleBar));
    report.views.push_back(view ? view->name() : (scene.viewPreset.empty() ? "scene camera" : scene.viewPreset));
    if (options.panelLetters)
      items.push_back(std::make_unique<FigureText>(
          panelLetter(i), cell.x + layout.fontSize * 0.5, cell.y + layout.fontSize * 1.5,
          TextStyle{layout.fontSize * 1.4, TextAnchor::Start, layout.textColour, true}));
  }
  if (barLayer) {
    const double column = options.width - layout.galleryColumn - layout.colourBarColumn;
    const auto titleLines = wrapText(barLayer->data->name, layout.colourBarColumn - layout.fontSize * 1.5,
                                     layout.fontSize * 1.1, true);
    // The title's lines above the bar; FigureColourBar draws the last line, the ones before it go above.
    const double top = layout.fontSize * (2.5 + 1.2 * titleLines.size());
    const FigureRect bar{column + layout.fontSize, top, layout.fontSize * 1.2,
                         std::max(layout.fontSize * 3, (options.height - layout.roiStrip) * 0.85 - top)};
    items.push_back(std::make_unique<FigureColourBar>(barLayer->display, titleLines.empty() ? "" : titleLines.back(),
                                                      units, bar, layout.fontSize, layout.textColour));
    const double lastBaseline = bar.y - layout.fontSize * (units.empty() ? 0.8 : 2.0);
    for (std::size_t line = 0; line + 1 < titleLines.size(); ++line)
      items.push_back(std::make_unique<FigureText>(
          titleLines[line], bar.x,
          lastBaseline - layout.fontSize * 1.25 * double(titleLines.size() - 1 - line),
          TextStyle{layout.fontSize * 1.1, TextAnchor::Start, layout.textColour, true}));
  }
  if (roiNames) {
    std::string names;
    for (const auto& roi : scene.selectedRois) names += (names.empty() ? "" : ", ") + roi;
    items.push_back(std::make_unique<FigureText>(
        names, layout.grid.width / 2, options.height - layout.roiStrip * 0.35,
        TextStyle{layout.fontSize, TextAnchor::Middle, layout.textColour, false}));
  }

  report.gallery = gallery.has_value();
  if (gallery)
    items.push_back(std::make_unique<FigureGalleryPanel>(
        std::move(*gallery),
        FigureRect{options.width - layout.galleryColumn + layout.fontSize * 0.5, layout.fontSize * 0.8,
                   layout.galleryColumn - layout.fontSize, options.height - layout.fontSize * 1.6},
        layout.fontSize, layout.textColour));
  // Other panels (the window's docks) have no figure item: listed, not drawn.
  for (const auto& panel : scene.panels)
    if (&panel != galleryPanel || !report.gallery)
      if (panel.name != core::kSelectivityPanelName || options.selectivityPanel)
        report.notRestored.push_back("panel \"" + panel.name + "\" is not drawn in figures" +
                                     (panel.name == core::kSelectivityPanelName ? " (it stores no gallery)" : ""));

  context.report(0.9, "Writing " + out.filename().string());
  FigureFacts facts{format, options.width, options.height, options.dpi, report.views, scaleBarsMm, storedGallery,
                    highlightedName};
  report.provenance = figureProvenance(*study, scene, options, facts);
  const std::string provenanceText = report.provenance.dump(2);
  const std::string compact = report.provenance.dump(-1, ' ', true);  // ASCII only: fits PNG text and PDF strings
  std::string bytes;
  switch (format) {
    case FigureFormat::Png: {
      FigureRasterCanvas canvas(options.width, options.height, background, options.transparent);
      for (const auto& item : items) item->draw(canvas);
      bytes = encodePng(canvas.image(), {{"Software", "VoxelLens"}, {"voxellens:provenance", compact}});
      break;
    }
    case FigureFormat::Svg: {
      FigureSvgCanvas canvas(options.width, options.height, options.dpi, background, options.transparent);
      for (const auto& item : items) item->draw(canvas);
      bytes = canvas.document(provenanceText);
      break;
    }
    case FigureFormat::Pdf: {
      FigurePdfCanvas canvas(options.width, options.height, options.dpi, background, options.transparent);
      for (const auto& item : items) item->draw(canvas);
      bytes = canvas.document({{"Title", study->name},
                               {"Creator", "VoxelLens"},
                               {"Producer", "VoxelLens figure export"},
                               {"VoxelLensProvenance", compact}});
      break;
    }
  }
  context.throwIfStopped();
  try {
    figureWriter->write(bytes);
    provenanceWriter->write(provenanceText + "\n");
    figureWriter->commit();
    provenanceWriter->commit();
  } catch (const std::exception& e) {
    throw FigureWriteError("cannot write the figure " + out.string() + ": " + e.what());
  }
  report.figure = out;
  report.provenanceFile = provenancePathFor(out);
  report.width = options.width;
  report.height = options.height;
  context.report(1.0, "Wrote " + out.filename().string());
  return report;
}

FigureReport exportFigure(const core::SceneDocument& scene, const FigureOptions& options,
                          const std::filesystem::path& out, const core::JobContext& context) {
  checkOptions(options);
  if (!options.format) (void)figureFormatFor(out);  // a wrong extension fails before the study is loaded
  (void)figureViews(options, scene.viewPreset);     // and so does an unknown view or montage
  requireDisplayForRendering();
  core::LoadedScene loaded = core::loadSceneStudy(scene, context.slice(0.0, 0.5));
  FigureReport report = exportFigure(loaded.study, scene, options, out, context.slice(0.5, 1.0));
  loaded.notRestored.insert(loaded.notRestored.end(), report.notRestored.begin(), report.notRestored.end());
  report.notRestored = std::move(loaded.notRestored);
  return report;
}

}  // namespace vl::render
