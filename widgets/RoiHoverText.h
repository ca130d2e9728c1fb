#pragma once
// What the hover overlay says about a vertex: the name of its ROI in every visible ROI set, one line per set
// ("Harvard-Oxford cortical: Precentral Gyrus"). Sets where the vertex carries no known label are left out.
#include <QString>

#include <optional>
#include <utility>

#include "core/model/Study.h"

namespace vl::widgets {

QString roiHoverText(const core::Study& study, core::Hemisphere hemisphere, std::int32_t vertex);

// The ROI a click selects: the label at the vertex in the top visible ROI set (the one drawn last), or nothing
// when that set has no known label there. first = ROI set index, second = key.
std::optional<std::pair<std::size_t, std::int32_t>> roiAtVertex(const core::Study& study, core::Hemisphere hemisphere,
                                                                 std::int32_t vertex);

}  // namespace vl::widgets
