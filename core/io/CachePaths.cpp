#include "core/io/CachePaths.h"

#include <cstdlib>
#include <stdexcept>

namespace vl::core {

std::filesystem::path cacheDirectory() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".cache";
  } else {
    base = std::filesystem::temp_directory_path();
  }
  const auto folder = base / "voxellens";
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw std::runtime_error(folder.string() + ": cannot create the cache folder: " + error.message());
  return folder;
}

}  // namespace vl::core
