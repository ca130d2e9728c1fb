#include "render/VertexColours.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "render/ColourMap.h"

namespace vl::render {

std::vector<std::uint8_t> composeVertexColours(const core::Study& study, core::Hemisphere hemisphere) {
  const auto surface = study.shownSurface(hemisphere);
  if (!surface) return {};
  const std::size_t n = surface->vertexCount();
  std::vector<float> rgb(3 * n, kBaseGrey);
  for (const auto& entry : study.layers()) {
    const auto& display = entry.display;
    if (!display.visible || display.opacity <= 0 || entry.data->kind == core::LayerKind::Parcellation) continue;
    const auto& values = entry.data->valuesFor(hemisphere);
    if (values.size() != n) continue;
    const auto& map = colourMap(display.colourMap);
    const double span = display.rangeMax - display.rangeMin;
    const float alpha = std::clamp(display.opacity, 0.0f, 1.0f);
    for (std::size_t v = 0; v < n; ++v) {
      const float value = values[v];
      if (!std::isfinite(value)) continue;  // NaN shows the layers below
      double t = span != 0 ? (value - display.rangeMin) / span : 0.5;
      if (display.invert) t = 1.0 - t;
      const Rgb c = map.sample(t);
      for (int d = 0; d < 3; ++d) rgb[3 * v + d] = (1 - alpha) * rgb[3 * v + d] + alpha * c[d];
    }
  }
  // ROI sets on top of the scalar layers, each label in its own colour; vertices without a known label show
  // what is underneath.
  const std::size_t side = hemisphere == core::Hemisphere::Left ? 0 : 1;
  for (const auto& entry : study.roiSets()) {
    const auto& keys = entry.data->keys[side];
    if (!entry.display.visible || entry.display.opacity <= 0 || keys.size() != n) continue;
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
  std::vector<std::uint8_t> rgba(4 * n);
  for (std::size_t v = 0; v < n; ++v) {
    for (int d = 0; d < 3; ++d)
      rgba[4 * v + d] = static_cast<std::uint8_t>(std::lround(std::clamp(rgb[3 * v + d], 0.0f, 1.0f) * 255.0f));
    rgba[4 * v + 3] = 255;
  }
  return rgba;
}

}  // namespace vl::render
