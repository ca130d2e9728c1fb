#pragma once
// Most readers take a path: a fuzz input becomes a file with a realistic name (the name matters to some readers:
// hemisphere, .mgz) in a folder private to this process.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace vl::fuzzing {

inline std::filesystem::path writeFuzzInput(const std::uint8_t* data, std::size_t size, const char* name) {
  static const std::filesystem::path folder = [] {
    char pattern[] = "/tmp/voxellens-fuzz-XXXXXX";
    return std::filesystem::path(::mkdtemp(pattern));
  }();
  const auto file = folder / name;
  if (std::FILE* out = std::fopen(file.c_str(), "wb")) {
    if (size > 0) std::fwrite(data, 1, size, out);
    std::fclose(out);
  }
  return file;
}

}  // namespace vl::fuzzing
