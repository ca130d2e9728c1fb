// libFuzzer target for the .npy reader: parses the bytes from memory (parseNpy) and from a file (readNpy, the
// streaming path), converts what parses to float and double in C order, and writes it back. Only FormatError may
// escape the readers; anything else (crash, other exception, sanitizer report) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace {
std::filesystem::path scratch(const char* suffix) {
  return std::filesystem::temp_directory_path() / ("voxellens-fuzz-npy-" + std::to_string(::getpid()) + suffix);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  try {
    const auto array = vl::core::parseNpy(bytes, "fuzz.npy");
    if (array.toDouble().size() != array.elementCount() || array.toFloat().size() != array.elementCount())
      __builtin_trap();
  } catch (const vl::core::FormatError&) {
  }
  const auto file = scratch(".npy");
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const auto array = vl::core::readNpy(file);
    const auto copy = scratch("-copy.npy");
    vl::core::writeNpy(copy, array);
    if (vl::core::readNpy(copy).data != array.data) __builtin_trap();  // a round trip must be exact
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
