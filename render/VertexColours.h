#pragma once
// Composes the visible layers of a hemisphere, bottom to top, into one RGBA colour per vertex. Colours are
// computed here (not by a VTK lookup table) so that any number of layers blend in the user's order and the
// level-of-detail proxy can reuse the same colours.
#include <cstdint>
#include <vector>

#include "core/model/Study.h"

namespace vl::render {

// Colour of a vertex no layer covers.
inline constexpr float kBaseGrey = 0.62f;

// 4 bytes per vertex of the hemisphere's shown surface; empty when the hemisphere has no surface.
std::vector<std::uint8_t> composeVertexColours(const core::Study& study, core::Hemisphere hemisphere);

}  // namespace vl::render
