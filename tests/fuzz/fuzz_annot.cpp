// libFuzzer target: FreeSurfer annotations (old and new colour tables).
// Bytes go to a temporary file (the reader takes a path); only FormatError may escape
// the reader, so anything else (a crash, std::bad_alloc from a lying size, another exception) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/FormatError.h"
#include "core/io/FreeSurferAnnot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The name matters to some readers (hemisphere, .mgz); keep a realistic one in a private folder.
  static const std::filesystem::path folder = [] {
    char pattern[] = "/tmp/voxellens-fuzz-XXXXXX";
    return std::filesystem::path(::mkdtemp(pattern));
  }();
  const auto file = folder / "lh.aparc.annot";
  if (std::FILE* out = std::fopen(file.c_str(), "wb")) {
    if (size > 0) std::fwrite(data, 1, size, out);
    std::fclose(out);
  } else {
    return 0;
  }
  try {
    (void)vl::core::readFreeSurferAnnot(file);
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
