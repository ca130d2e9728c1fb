#pragma once
// Where VoxelLens keeps derived data it can rebuild: $XDG_CACHE_HOME/voxellens, else ~/.cache/voxellens.
#include <filesystem>

namespace vl::core {

// Creates the folder when missing; throws std::runtime_error when that is impossible.
std::filesystem::path cacheDirectory();

}  // namespace vl::core
