#include "core/model/VertexInspection.h"

#include <limits>

#include "core/model/LabelNames.h"

namespace vl::core {

std::optional<VertexReport> inspectVertex(const Study& study, Hemisphere hemisphere, std::int32_t vertex) {
  const auto& hemi = study.hemisphere(hemisphere);
  if (hemi.surfaces.empty() || vertex < 0 || static_cast<std::size_t>(vertex) >= hemi.surfaces.front()->vertexCount())
    return std::nullopt;
  const auto v = static_cast<std::size_t>(vertex);
  VertexReport report;
  report.hemisphere = hemisphere;
  report.vertex = vertex;
  const auto reference = hemi.referenceSurface();
  for (const auto& surface : hemi.surfaces)
    report.positions.push_back({toString(surface->kind), surface->vertices[v], surface == reference});
  const auto& layers = study.layers();
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    const auto& values = it->data->valuesFor(hemisphere);
    report.values.push_back({it->data->name, v < values.size() ? values[v] : std::numeric_limits<float>::quiet_NaN()});
  }
  for (const auto& entry : study.roiSets()) {
    const auto& keys = entry.data->keysFor(hemisphere);
    if (v >= keys.size()) continue;
    VertexReport::Roi roi{entry.data->name, keys[v], {}};
    for (const auto& label : entry.data->labels)
      if (label.key == roi.key) roi.label = displayName(label);
    report.rois.push_back(roi);
  }
  return report;
}

}  // namespace vl::core
