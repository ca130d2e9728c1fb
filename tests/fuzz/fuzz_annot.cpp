// libFuzzer target: FreeSurfer annotations (old and new colour tables).
// Bytes go to a temporary file (the reader takes a path); only FormatError may escape
// the reader, so anything else (a crash, std::bad_alloc from a lying size, another exception) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/base/FormatError.h"
#include "tests/fuzz/FuzzInput.h"
#include "core/io/FreeSurferAnnot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = vl::fuzzing::writeFuzzInput(data, size, "lh.aparc.annot");
  try {
    (void)vl::core::readFreeSurferAnnot(file);
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
