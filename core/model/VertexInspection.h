#pragma once
// What the inspector shows for one vertex: where it is on every surface of its hemisphere, the value of every
// layer there and its ROI in every ROI set. Plain data, so the GUI panel, tests and (later) the CLI share it.
#include <optional>
#include <string>
#include <vector>

#include "core/model/Study.h"

namespace vl::core {

struct VertexReport {
  Hemisphere hemisphere = Hemisphere::Left;
  std::int32_t vertex = 0;
  // reference: the surface the study samples volumes at (Study::referenceSurface), whose coordinates are the ones
  // a volume value at this vertex comes from.
  struct Position { std::string surface; Vec3f coordinates; bool reference = false; };
  std::vector<Position> positions;  // one per surface of the hemisphere, in the study's order
  struct Value { std::string layer; float value; };  // NaN: no value at this vertex
  std::vector<Value> values;                          // top layer first
  struct Roi { std::string set; std::int32_t key; std::string label; };  // label empty: key not in the table
  std::vector<Roi> rois;
};

// nullopt when the hemisphere has no surface or the vertex is out of range.
std::optional<VertexReport> inspectVertex(const Study& study, Hemisphere hemisphere, std::int32_t vertex);

}  // namespace vl::core
