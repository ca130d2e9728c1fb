// Fuzz target: the demo brain's mesh cache reader must reject any damaged cache with FormatError.
#include "core/base/FormatError.h"
#include "core/io/MeshCacheFile.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "demo-brain.vlmesh");
  try {
    vl::core::readMeshCache(file);
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
