#pragma once
// The provenance of a figure: the provenance object of the design notes (program, created, study, models, fit) plus
// the layers as drawn (colour map, range, threshold, opacity), the views and the figure's size. Written into the
// figure's metadata and beside it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/Study.h"
#include "core/scene/SceneDocument.h"
#include "render/FigureOptions.h"

namespace vl::render {

struct FigureFacts {
  FigureFormat format = FigureFormat::Png;
  int width = 0, height = 0, dpi = 0;
  std::vector<std::string> views;
};

// `scene` names the study's source and the layers' files; the layers' display settings are taken from `study`, as
// drawn.
nlohmann::json figureProvenance(const core::Study& study, const core::SceneDocument& scene,
                                const FigureOptions& options, const FigureFacts& facts);

}  // namespace vl::render
