#pragma once
// Figure export: loads what a scene names, renders each view offscreen (at any size, beyond the screen's), lays the
// views out with one shared colour bar, text and panel letters, and writes PNG, SVG or PDF with provenance in the
// file's metadata and beside it (FIG.provenance.json). `voxellens render` and the window's Export Figure both call
// exportFigure, so the command line and the window make the same figure.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"
#include "core/scene/SceneDocument.h"
#include "render/FigureOptions.h"

namespace vl::render {

// The figure or its provenance file could not be written (read-only folder, full disk): nothing was left behind.
class FigureWriteError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct FigureReport {
  std::filesystem::path figure, provenanceFile;
  int width = 0, height = 0;       // pixels
  std::vector<std::string> views;  // the views drawn, e.g. "lateral-left"
  std::vector<std::string> notRestored;  // what the scene names but the figure could not show
  bool gallery = false;  // the selectivity gallery is on the figure
  nlohmann::json provenance;
};

// Throws std::invalid_argument for bad options (unknown extension or montage, a view of a hemisphere the scene does
// not load, a size out of range), core::FormatError for unreadable files, FigureWriteError when the output cannot be
// written (nothing is left behind: writes are atomic), std::runtime_error when OpenGL fails, core::JobCancelled
// when stopped.
FigureReport exportFigure(const core::SceneDocument& scene, const FigureOptions& options,
                          const std::filesystem::path& out, const core::JobContext& context = {});

// The same for a study that is already loaded, drawn as it is (its layers are not re-read): the scene gives the
// camera, view and background, and what the provenance lists. For the window, which holds its study, and tests.
FigureReport exportFigure(std::shared_ptr<core::Study> study, const core::SceneDocument& scene,
                          const FigureOptions& options, const std::filesystem::path& out,
                          const core::JobContext& context = {});

// FIG.svg -> FIG.provenance.json
std::filesystem::path provenancePathFor(const std::filesystem::path& figure);

}  // namespace vl::render
