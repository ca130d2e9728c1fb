#pragma once
// FreeSurfer ASCII labels (lh.V1.label, lh.cortex.label): a "#..." comment line, a row count, then one row per
// vertex "vertex x y z value" (x y z in the white surface's tkr RAS, vertex -1 for voxel labels).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

struct VertexSubset {
  std::vector<std::int32_t> vertices;
  std::vector<Vec3f> positions;
  std::vector<float> values;
  std::string comment = "!ascii label , from VoxelLens";  // the first line without its leading '#'

  std::optional<Hemisphere> hemisphere;  // from the file name (lh./rh.)
};

// Strict: the row count must match the rows, each row must hold exactly five numbers. Throws FormatError naming
// the line.
VertexSubset readFreeSurferLabel(const std::filesystem::path& file);
// Numbers are written in their shortest exact form, so a round trip is bit-exact. Atomic.
void writeFreeSurferLabel(const std::filesystem::path& file, const VertexSubset& subset);

}  // namespace vl::core
