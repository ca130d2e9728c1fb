#pragma once
// Composes the visible layers of a hemisphere, bottom to top, into one RGBA colour per vertex. Colours are
// computed here (not by a VTK lookup table) so that any number of layers blend in the user's order and the
// level-of-detail proxy can reuse the same colours. The per-value rules (range, thresholds, symmetric display,
// sign filters, dual coding) are the small pure functions below; the colour bar is drawn through them too, so
// the bar cannot disagree with the surface.
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/model/Study.h"
#include "render/ColourMap.h"
#include "render/RoiHighlight.h"

namespace vl::render {

// Colour of a vertex no layer covers.
inline constexpr float kBaseGrey = 0.62f;
// How far a highlighted ROI's colours move towards white.
inline constexpr float kHighlightBrightening = 0.35f;

using Rgba = std::array<float, 4>;  // components in 0..1

// Where a value falls on its map: t in [0, 1], and for two-sided maps which part (negative values, or positive
// ones when the display is inverted, use the negative part).
struct MapPosition {
  double t = 0;
  bool negativePart = false;
  bool operator==(const MapPosition&) const = default;
};

// Whether the display hides a value: NaN/infinite, the sign filter, the threshold, and in symmetric (two-sided)
// display the gap |value| < rangeMin. Otherwise where it falls on the map.
std::optional<MapPosition> mapPosition(double value, const core::LayerDisplay& display, bool twoSidedMap);
// The colour of a value with alpha = the display's opacity, or {0, 0, 0, 0} when hidden.
Rgba mapValue(double value, const core::LayerDisplay& display, const ColourMap& map);
Rgba mapValue(double value, const core::LayerDisplay& display);  // looks the map up by name (may throw)
// Dual coding: the factor (0..1) the modulating layer's value applies to the opacity; 0 for NaN.
float dualCodingFactor(double modulator, const core::LayerDisplay& display);
// The value range a colour bar for this display spans (low < high): rangeMin..rangeMax one-sided, -max..max
// symmetric (0..max positive-only, -max..0 negative-only).
std::pair<double, double> colourBarRange(const core::LayerDisplay& display);

// 4 bytes per vertex of the hemisphere's shown surface; empty when the hemisphere has no surface.
// A highlighted ROI (a selection) is drawn brighter, whether or not its set shows a fill.
std::vector<std::uint8_t> composeVertexColours(const core::Study& study, core::Hemisphere hemisphere,
                                               std::optional<RoiHighlight> highlight = std::nullopt);

}  // namespace vl::render
