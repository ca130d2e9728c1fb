// libFuzzer target: FreeSurfer triangle surfaces with the volume-geometry footer.
// Bytes go to a temporary file (the reader takes a path); only FormatError may escape
// the reader, so anything else (a crash, std::bad_alloc from a lying size, another exception) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/base/FormatError.h"
#include "tests/fuzz/FuzzInput.h"
#include "core/io/FreeSurferSurface.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "lh.white");
  try {
    (void)vl::core::readFreeSurferSurfaceWithFooter(file);
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
