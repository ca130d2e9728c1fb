#include "render/VertexColours.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace vl::render {

std::optional<MapPosition> mapPosition(double value, const core::LayerDisplay& display, bool twoSidedMap) {
  using core::SignFilter;
  using core::ThresholdMode;
  if (!std::isfinite(value)) return std::nullopt;  // no value: the layers below show
  if (display.signs == SignFilter::PositiveOnly && value < 0) return std::nullopt;
  if (display.signs == SignFilter::NegativeOnly && value > 0) return std::nullopt;
  if (display.thresholdMode == ThresholdMode::Value && value < display.threshold) return std::nullopt;
  if (display.thresholdMode == ThresholdMode::Magnitude && std::abs(value) < display.threshold) return std::nullopt;

  if (twoSidedMap || display.symmetric) {
    // rangeMin..rangeMax are magnitudes; a negative rangeMin (e.g. -5..5) means no gap.
    const double low = std::max(0.0, display.rangeMin);
    const double high = std::abs(display.rangeMax);
    const double magnitude = std::abs(value);
    if (magnitude < low) return std::nullopt;
    const double u = high > low ? std::clamp((magnitude - low) / (high - low), 0.0, 1.0) : 1.0;
    const bool negative = value < 0;
    if (twoSidedMap) return MapPosition{u, negative != display.invert};
    const double t = negative ? 0.5 - 0.5 * u : 0.5 + 0.5 * u;
    return MapPosition{display.invert ? 1.0 - t : t, false};
  }
  const double span = display.rangeMax - display.rangeMin;
  double t = span != 0 ? std::clamp((value - display.rangeMin) / span, 0.0, 1.0) : 0.5;
  if (display.invert) t = 1.0 - t;
  return MapPosition{t, false};
}

Rgba mapValue(double value, const core::LayerDisplay& display, const ColourMap& map) {
  const auto position = mapPosition(value, display, map.twoSided());
  if (!position) return {0, 0, 0, 0};
  const Rgb c = position->negativePart ? map.sampleNegative(position->t) : map.sample(position->t);
  return {c[0], c[1], c[2], std::clamp(display.opacity, 0.0f, 1.0f)};
}

Rgba mapValue(double value, const core::LayerDisplay& display) {
  return mapValue(value, display, colourMap(display.colourMap));
}

float dualCodingFactor(double modulator, const core::LayerDisplay& display) {
  if (std::isnan(modulator)) return 0.0f;
  const double magnitude = std::abs(modulator);
  const double span = display.opacityHigh - display.opacityLow;
  if (!(span > 0)) return magnitude >= display.opacityHigh ? 1.0f : 0.0f;  // equal bounds: a step
  return static_cast<float>(std::clamp((magnitude - display.opacityLow) / span, 0.0, 1.0));
}

std::pair<double, double> colourBarRange(const core::LayerDisplay& display) {
  double low = 0, high = 0;
  if (display.symmetric || colourMap(display.colourMap).twoSided()) {
    const double extent = std::abs(display.rangeMax);
    low = display.signs == core::SignFilter::PositiveOnly ? 0.0 : -extent;
    high = display.signs == core::SignFilter::NegativeOnly ? 0.0 : extent;
  } else {
    low = std::min(display.rangeMin, display.rangeMax);
    high = std::max(display.rangeMin, display.rangeMax);
  }
  if (!(high > low)) {  // a single value: give the bar some width around it
    const double pad = std::max(0.5, std::abs(low) * 0.5);
    low -= pad;
    high += pad;
  }
  return {low, high};
}

std::vector<std::uint8_t> composeVertexColours(const core::Study& study, core::Hemisphere hemisphere,
                                               std::optional<RoiHighlight> highlight) {
  const auto surface = study.shownSurface(hemisphere);
  if (!surface) return {};
  const std::size_t n = surface->vertexCount();
  std::vector<float> rgb(3 * n, kBaseGrey);
  for (const auto& entry : study.layers()) {
    const auto& display = entry.display;
    if (!display.visible || display.opacity <= 0 || entry.data->kind == core::LayerKind::Parcellation) continue;
    const auto& values = entry.data->valuesFor(hemisphere);
    if (values.size() != n) continue;
    // Dual coding: a modulating layer without values on this hemisphere (or since removed) modulates nothing.
    const std::vector<float>* modulator = nullptr;
    if (display.opacityLayer != 0)
      if (const auto* other = study.findLayer(display.opacityLayer))
        if (other->data->valuesFor(hemisphere).size() == n) modulator = &other->data->valuesFor(hemisphere);
    const auto& map = colourMap(display.colourMap);
    for (std::size_t v = 0; v < n; ++v) {
      const Rgba c = mapValue(values[v], display, map);
      const float alpha = modulator ? c[3] * dualCodingFactor((*modulator)[v], display) : c[3];
      if (alpha <= 0) continue;  // hidden: the layers below show
      for (int d = 0; d < 3; ++d) rgb[3 * v + d] = (1 - alpha) * rgb[3 * v + d] + alpha * c[d];
    }
  }
  // ROI sets on top of the scalar layers, each label in its own colour; vertices without a known label show
  // what is underneath.
  const std::size_t side = core::hemisphereIndex(hemisphere);
  for (const auto& entry : study.roiSets()) {
    const auto& keys = entry.data->keys[side];
    if (!entry.display.visible || !core::drawsFill(entry.display.mode) || entry.display.opacity <= 0 ||
        keys.size() != n)
      continue;
    std::unordered_map<std::int32_t, const core::Label*> byKey;
    for (const auto& label : entry.data->labels) byKey[label.key] = &label;
    for (std::size_t v = 0; v < n; ++v) {
      auto it = byKey.find(keys[v]);
      if (it == byKey.end()) continue;
      const auto& c = it->second->rgba;
      const float alpha = std::clamp(entry.display.opacity * c[3], 0.0f, 1.0f);
      for (int d = 0; d < 3; ++d) rgb[3 * v + d] = (1 - alpha) * rgb[3 * v + d] + alpha * c[d];
    }
  }
  if (highlight && highlight->roiSet < study.roiSets().size()) {
    const auto& keys = study.roiSets()[highlight->roiSet].data->keys[side];
    if (keys.size() == n)
      for (std::size_t v = 0; v < n; ++v)
        if (keys[v] == highlight->key)
          for (int d = 0; d < 3; ++d) rgb[3 * v + d] += kHighlightBrightening * (1.0f - rgb[3 * v + d]);
  }
  std::vector<std::uint8_t> rgba(4 * n);
  for (std::size_t v = 0; v < n; ++v) {
    for (int d = 0; d < 3; ++d)
      rgba[4 * v + d] = static_cast<std::uint8_t>(std::lround(std::clamp(rgb[3 * v + d], 0.0f, 1.0f) * 255.0f));
    rgba[4 * v + 3] = 255;
  }
  return rgba;
}

}  // namespace vl::render
