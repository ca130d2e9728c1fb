#pragma once
// What a figure looks like apart from the scene it shows: format, size, resolution, which views in which grid, and
// the items around the brains. The window's Export Figure dialog and `voxellens render` fill the same struct.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vl::render {

enum class FigureFormat { Png, Svg, Pdf };

// From the file's extension (.png, .svg, .pdf, any case). Throws std::invalid_argument naming the file and the
// extensions accepted.
FigureFormat figureFormatFor(const std::filesystem::path& file);
const char* toString(FigureFormat format);  // "PNG", "SVG", "PDF"

struct FigureOptions {
  std::optional<FigureFormat> format;  // nullopt: from the output file's extension
  int width = 1600, height = 1200;     // the whole figure in pixels (SVG/PDF: its size at `dpi`)
  int dpi = 300;
  bool transparent = false;            // no background behind the brains and the items (PNG, SVG, PDF)
  // Views: a montage preset ("lateral-medial", "ventral", "lateral-ventral-posterior"), or a grid of view names
  // (rows x columns, filled row by row), or neither: the scene's view (its camera, else its view preset).
  std::string montage;
  int rows = 0, columns = 0;
  std::vector<std::string> views;
  bool panelLetters = false;  // A, B, C... at each view's top-left corner
  bool colourBar = true;      // one bar for the top visible scalar layer, shared by every view
  bool roiNames = false;      // names of the scene's selected ROIs under the views
  // A scale bar (e.g. "10 mm") on each view where a length in mm is one length across the view: surfaces in mm
  // (white, pial, midthickness) under an orthographic camera. Left off on other views whatever this says.
  bool scaleBar = true;
  // Orthographic cameras for the montage's views (the scene's own camera says its own projection).
  bool orthographic = false;
  // The selectivity gallery beside the views, when the scene's selectivity panel stores one (core/scene/SceneGallery).
  bool selectivityPanel = true;
};

// The montage presets' names, for --help and the dialog.
std::vector<std::string> figureMontageNames();

}  // namespace vl::render
