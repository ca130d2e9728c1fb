#pragma once
// Per-vertex data of one hemisphere as files carry it, before it becomes a SurfaceLayer or Parcellation of a Study:
// scalar maps (curv, thickness, betas, time series) and label maps (annotations, label GIfTIs, dlabel CIFTIs).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Parcellation.h"
#include "core/model/Surface.h"

namespace vl::core {

struct ScalarMaps {
  std::optional<Hemisphere> hemisphere;     // when the file says (or its name does)
  std::vector<std::string> names;           // one per map
  std::vector<std::vector<float>> maps;     // maps[m][vertex]

  std::size_t vertexCount() const { return maps.empty() ? 0 : maps.front().size(); }
};

struct LabelMap {
  std::optional<Hemisphere> hemisphere;
  std::string name;
  std::vector<std::int32_t> keys;  // one label key per vertex
  std::vector<Label> labels;       // the colour table: key, name, RGBA in 0..1

  std::size_t vertexCount() const { return keys.size(); }
};

}  // namespace vl::core
