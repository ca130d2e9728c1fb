#include "core/selectivity/SelectionTarget.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/geometry/GeodesicDistance.h"

namespace vl::core {
namespace {

const char* shortName(Hemisphere hemisphere) { return hemisphere == Hemisphere::Left ? "lh" : "rh"; }

void addColumns(const ColumnMap& map, Hemisphere hemisphere, std::span<const std::int32_t> vertices,
                std::vector<std::size_t>& out) {
  for (std::int32_t vertex : vertices) {
    const std::int64_t column = map.columnOfVertex(hemisphere, vertex);
    if (column >= 0) out.push_back(static_cast<std::size_t>(column));
  }
}

}  // namespace

std::string SelectionTarget::describe() const {
  if (source == TargetSource::Disc) {
    char radius[32];
    std::snprintf(radius, sizeof radius, "%g", radiusMm);
    return std::string("disc ") + shortName(discHemisphere) + ":" + std::to_string(vertex) + " r=" + radius + " mm";
  }
  std::string text = std::string(source == TargetSource::Drawn ? "drawn ROI " : "ROI ") + roiSet + ":" + roiName + " (";
  for (std::size_t i = 0; i < hemispheres.size(); ++i) text += (i ? ", " : "") + std::string(shortName(hemispheres[i]));
  return text + ")";
}

SelectionTarget roiTarget(const Parcellation& set, const std::string& name, const std::vector<Hemisphere>& hemispheres,
                          const ColumnMap& columns, TargetSource source) {
  const auto label = std::find_if(set.labels.begin(), set.labels.end(), [&](const Label& l) { return l.name == name; });
  if (label == set.labels.end()) {
    std::string known;
    for (const Label& l : set.labels)
      if (l.key != 0) known += (known.empty() ? "" : ", ") + l.name;
    throw std::invalid_argument("ROI set " + set.name + " has no ROI named " + name + " (it has: " + known + ")");
  }
  SelectionTarget target;
  target.source = source;
  target.roiSet = set.name;
  target.roiName = name;
  target.hemispheres = hemispheres;
  for (Hemisphere hemisphere : hemispheres) {
    const auto& keys = set.keysFor(hemisphere);
    std::vector<std::int32_t> vertices;
    for (std::size_t v = 0; v < keys.size(); ++v)
      if (keys[v] == label->key) vertices.push_back(static_cast<std::int32_t>(v));
    addColumns(columns, hemisphere, vertices, target.columns);
  }
  std::sort(target.columns.begin(), target.columns.end());
  return target;
}

SelectionTarget discTarget(const Surface& surface, Hemisphere hemisphere, std::int32_t vertex, float radiusMm,
                           const ColumnMap& columns) {
  const std::size_t count = surface.vertexCount();
  if (vertex < 0 || static_cast<std::size_t>(vertex) >= count)
    throw std::out_of_range("vertex " + std::to_string(vertex) + " is outside hemisphere " + shortName(hemisphere) +
                            ", which has " + std::to_string(count) + " vertices (0.." + std::to_string(count - 1) + ")");
  if (!(radiusMm > 0)) throw std::invalid_argument("the disc radius must be positive (mm)");
  SelectionTarget target;
  target.source = TargetSource::Disc;
  target.discHemisphere = hemisphere;
  target.hemispheres = {hemisphere};
  target.vertex = vertex;
  target.radiusMm = radiusMm;
  const auto vertices = geodesicDisc(surface, vertex, radiusMm);
  addColumns(columns, hemisphere, vertices, target.columns);
  std::sort(target.columns.begin(), target.columns.end());
  return target;
}

SelectionTarget drawnTarget(const std::string& name, Hemisphere hemisphere, std::span<const std::int32_t> vertices,
                            const ColumnMap& columns) {
  const std::size_t count = columns.vertexCount(hemisphere);
  for (std::int32_t vertex : vertices)
    if (vertex < 0 || static_cast<std::size_t>(vertex) >= count)
      throw std::out_of_range("drawn ROI " + name + ": vertex " + std::to_string(vertex) + " is outside hemisphere " +
                              shortName(hemisphere) + ", which has " + std::to_string(count) + " vertices");
  SelectionTarget target;
  target.source = TargetSource::Drawn;
  target.roiSet = "drawn";
  target.roiName = name;
  target.hemispheres = {hemisphere};
  addColumns(columns, hemisphere, vertices, target.columns);
  std::sort(target.columns.begin(), target.columns.end());
  return target;
}

}  // namespace vl::core
