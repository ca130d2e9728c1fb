#pragma once
// A scene names its selected ROI by label name; figures draw it highlighted as the window does. The name is looked up
// as the window's Open Session looks it up: the first ROI set (in the study's order) with a label of that name.
#include <optional>
#include <string>

#include "core/model/Study.h"
#include "render/RoiHighlight.h"

namespace vl::render {

std::optional<RoiHighlight> roiHighlightNamed(const core::Study& study, const std::string& name);

}  // namespace vl::render
