#pragma once
// VoxelLens' own binary cache of derived meshes and their per-vertex layers (for example the demo brain
// extracted from Colin27), so that a warm start skips the extraction. Little-endian, versioned, keyed: a file
// whose key differs from the caller's is stale and ignored.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Surface.h"
#include "core/model/SurfaceLayer.h"

namespace vl::core {

struct CachedMeshes {
  std::string key;
  std::vector<Surface> surfaces;
  std::vector<SurfaceLayer> layers;
};

void writeMeshCache(const std::filesystem::path& file, const CachedMeshes& meshes);  // atomic
// Throws FormatError on a damaged file (truncated, bad magic, indices out of range).
CachedMeshes readMeshCache(const std::filesystem::path& file);
// nullopt when the file is missing, damaged or made for another key: the caller rebuilds.
std::optional<CachedMeshes> readMeshCacheIfValid(const std::filesystem::path& file, const std::string& key);

}  // namespace vl::core
