#pragma once
// Which views a figure shows, in which grid: a montage preset, a custom grid of view names, or one view.
#include <optional>
#include <string>
#include <vector>

#include "core/model/Study.h"
#include "render/FigureOptions.h"
#include "render/ViewPreset.h"

namespace vl::render {

struct FigureViews {
  int rows = 1, columns = 1;
  std::vector<std::optional<ViewPreset>> views;  // row by row; nullopt: the scene's own view (camera or default)
};

// Throws std::invalid_argument for an unknown preset or view name, a grid that does not match the view count, or
// (when `study` is given) a view of a hemisphere the study does not have.
FigureViews figureViews(const FigureOptions& options, const std::string& sceneViewPreset,
                        const core::Study* study = nullptr);

}  // namespace vl::render
