#include "core/io/CachePaths.h"

#include <cstdlib>
#include <stdexcept>

namespace vl::core {

namespace {
// Written once at start, before worker threads exist; read from any thread after.
std::filesystem::path& chosenFolder() {
  static std::filesystem::path folder;
  return folder;
}
}  // namespace

void useCacheDirectory(const std::filesystem::path& folder) {
  if (!folder.empty() && !folder.is_absolute())
    throw std::invalid_argument(folder.string() + ": the cache folder must be an absolute path");
  chosenFolder() = folder;
}

std::filesystem::path cacheDirectory() {
  std::filesystem::path folder = chosenFolder();
  if (!folder.empty()) {
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    folder = std::filesystem::path(xdg) / "voxellens";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    folder = std::filesystem::path(home) / ".cache" / "voxellens";
  } else {
    folder = std::filesystem::temp_directory_path() / "voxellens";
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw std::runtime_error(folder.string() + ": cannot create the cache folder: " + error.message());
  return folder;
}

}  // namespace vl::core
