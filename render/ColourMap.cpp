#include "render/ColourMap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vl::render {
namespace {
const std::vector<ColourMap>& allMaps() {
  // Control points of matplotlib's maps, sampled at 9 (or 5) even steps; linear interpolation between them stays
  // within a few percent of the originals.
  static const std::vector<ColourMap> maps = {
      {"grey", {{0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f}}},
      // Surface shading: the grey levels Freeview and Workbench use for sulci (dark) and gyri (light).
      {"curvature", {{0.33f, 0.33f, 0.33f}, {0.80f, 0.80f, 0.80f}}},
      {"hot", {{0.0416f, 0, 0}, {0.5f, 0, 0}, {1, 0, 0}, {1, 0.5f, 0}, {1, 1, 0}, {1, 1, 0.5f}, {1, 1, 1}}},
      // matplotlib's coolwarm (Moreland's diverging map): blue for negative, red for positive values.
      {"coolwarm",
       {{0.230f, 0.299f, 0.754f}, {0.436f, 0.570f, 0.951f}, {0.667f, 0.779f, 0.993f}, {0.867f, 0.864f, 0.863f},
        {0.968f, 0.721f, 0.612f}, {0.906f, 0.455f, 0.355f}, {0.706f, 0.016f, 0.150f}}},
      {"viridis",
       {{0.267f, 0.005f, 0.329f}, {0.283f, 0.141f, 0.458f}, {0.254f, 0.265f, 0.530f}, {0.207f, 0.372f, 0.553f},
        {0.164f, 0.471f, 0.558f}, {0.128f, 0.567f, 0.551f}, {0.135f, 0.659f, 0.518f}, {0.267f, 0.749f, 0.441f},
        {0.478f, 0.821f, 0.318f}, {0.741f, 0.873f, 0.150f}, {0.993f, 0.906f, 0.144f}}},
  };
  return maps;
}
}  // namespace

Rgb ColourMap::sample(double t) const {
  if (controlPoints.size() == 1 || !std::isfinite(t)) return controlPoints.front();
  t = std::clamp(t, 0.0, 1.0) * double(controlPoints.size() - 1);
  const auto lower = std::min(static_cast<std::size_t>(t), controlPoints.size() - 2);
  const float f = static_cast<float>(t - double(lower));
  const auto& a = controlPoints[lower];
  const auto& b = controlPoints[lower + 1];
  return {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])};
}

const ColourMap& colourMap(std::string_view name) {
  for (const auto& map : allMaps())
    if (map.name == name) return map;
  std::string known;
  for (const auto& map : allMaps()) known += (known.empty() ? "" : ", ") + map.name;
  throw std::invalid_argument("unknown colour map '" + std::string(name) + "' (known: " + known + ")");
}

std::vector<std::string> colourMapNames() {
  std::vector<std::string> names;
  for (const auto& map : allMaps()) names.push_back(map.name);
  return names;
}

}  // namespace vl::render
