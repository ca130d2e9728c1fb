#include "render/FigureHighlight.h"

namespace vl::render {

std::optional<RoiHighlight> roiHighlightNamed(const core::Study& study, const std::string& name) {
  const auto& sets = study.roiSets();
  for (std::size_t s = 0; s < sets.size(); ++s)
    for (const auto& label : sets[s].data->labels)
      if (label.name == name) return RoiHighlight{s, label.key};
  return std::nullopt;
}

}  // namespace vl::render
