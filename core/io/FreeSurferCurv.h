#pragma once
// FreeSurfer "new" curvature files (lh.curv, lh.sulc, lh.thickness, lh.area, ...): big-endian, magic FF FF FF,
// int32 vertex count, face count and values per vertex (always 1), then one float32 per vertex.
// The old format (3-byte vertex count, int16 values / 100) predates FreeSurfer 2.0 and is rejected.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/model/VertexData.h"

namespace vl::core {

// One map named after the file without its hemisphere prefix ("lh.thickness" -> "thickness"); the hemisphere
// comes from the name (hemisphereFromFileName). Throws FormatError.
ScalarMaps readFreeSurferCurv(const std::filesystem::path& file);
// faceCount is informative only (FreeSurfer stores the surface's face count; readers ignore it). Atomic.
void writeFreeSurferCurv(const std::filesystem::path& file, const std::vector<float>& values,
                         std::int32_t faceCount = 0);

}  // namespace vl::core
