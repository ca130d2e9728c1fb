// Fuzz target: the demo brain's mesh cache reader must reject any damaged cache with FormatError.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/FormatError.h"
#include "core/io/MeshCacheFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = std::filesystem::temp_directory_path() / ("vl-fuzz-cache-" + std::to_string(::getpid()));
  if (FILE* out = std::fopen(file.c_str(), "wb")) {
    std::fwrite(data, 1, size, out);
    std::fclose(out);
  }
  try {
    vl::core::readMeshCache(file);
  } catch (const vl::core::FormatError&) {
  }
  std::filesystem::remove(file);
  return 0;
}
