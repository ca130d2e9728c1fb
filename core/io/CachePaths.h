#pragma once
// Where VoxelLens keeps derived data it can rebuild (the demo study, imported studies, fitted models, the log):
// the folder chosen in the window's Preferences (set once at start with useCacheDirectory), else
// $XDG_CACHE_HOME/voxellens, else ~/.cache/voxellens. The command line has no settings and uses the XDG rule:
// a user who wants both in one place sets XDG_CACHE_HOME (docs/user-guide.md says so).
#include <filesystem>

namespace vl::core {

// Creates the folder when missing; throws std::runtime_error when that is impossible.
std::filesystem::path cacheDirectory();

// The cache folder for the rest of the process: an absolute path, or empty for the XDG rule. Call before any
// thread asks for cacheDirectory() (the window does it before it opens anything); throws std::invalid_argument
// for a relative path, which would move with the working folder.
void useCacheDirectory(const std::filesystem::path& folder);

}  // namespace vl::core
