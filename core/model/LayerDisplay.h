#pragma once
// How a SurfaceLayer is drawn. Kept apart from the values so that it serialises to the scene on its own and
// the same data can be shown twice with different settings. The rules that turn a value into a colour live in
// render/VertexColours (mapValue); the colour bar draws through the same rules.
#include <cstdint>
#include <string>

namespace vl::core {

// Which values are hidden below a threshold (hidden = no colour: the layer underneath shows).
enum class ThresholdMode {
  Off,
  Value,     // value < threshold is hidden
  Magnitude  // |value| < threshold is hidden
};

// Which signs are drawn.
enum class SignFilter { Both, PositiveOnly /* value < 0 hidden */, NegativeOnly /* value > 0 hidden */ };

struct LayerDisplay {
  bool visible = true;
  float opacity = 1.0f;
  std::string colourMap = "grey";  // a name known to render's colour map table
  // One-sided (default): rangeMin maps to the first colour, rangeMax to the last, values beyond are clamped.
  // Symmetric (and always for two-sided maps such as "heat"): rangeMin..rangeMax are magnitudes; min..max maps to
  // the upper half of the map, -max..-min to the lower half (the negative part of a two-sided map), and values
  // with |value| < rangeMin are hidden.
  double rangeMin = -1.0;
  double rangeMax = 1.0;
  bool invert = false;  // reverse the map (shading: gyri light, sulci dark); two-sided maps swap the signs
  bool symmetric = false;
  ThresholdMode thresholdMode = ThresholdMode::Off;
  double threshold = 0.0;
  SignFilter signs = SignFilter::Both;
  // Dual coding: another layer's values modulate opacity,
  //   alpha = clamp((|v2| - opacityLow) / (opacityHigh - opacityLow), 0, 1) * opacity,
  // a step at opacityHigh when the two are equal. 0 = none (layer ids start at 1). NaN in v2 hides the vertex.
  std::uint64_t opacityLayer = 0;
  double opacityLow = 0.0;
  double opacityHigh = 1.0;

  bool operator==(const LayerDisplay&) const = default;
};

}  // namespace vl::core
