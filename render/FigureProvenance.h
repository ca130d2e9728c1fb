#pragma once
// The provenance of a figure: the provenance object of the design notes (program, created, study, models, fit) plus
// the layers as drawn (colour map, range, threshold, opacity), the views, the figure's size and its marks (scale bars,
// the highlighted ROI, the gallery's target, images and caption). Written into the
// figure's metadata and beside it.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/Study.h"
#include "core/scene/SceneDocument.h"
#include "core/scene/SceneGallery.h"
#include "render/FigureOptions.h"

namespace vl::render {

struct FigureFacts {
  FigureFormat format = FigureFormat::Png;
  int width = 0, height = 0, dpi = 0;
  std::vector<std::string> views;
  std::vector<double> scaleBarsMm;  // per view: the scale bar's length, 0 where none is drawn
  std::optional<core::SceneGallery> gallery;  // the selectivity gallery, when drawn
  std::optional<std::string> highlightedRoi;  // the selected ROI drawn highlighted
};

// `scene` names the study's source and the layers' files; the layers' display settings are taken from `study`, as
// drawn.
nlohmann::json figureProvenance(const core::Study& study, const core::SceneDocument& scene,
                                const FigureOptions& options, const FigureFacts& facts);

}  // namespace vl::render
