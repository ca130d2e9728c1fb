// libFuzzer target for the GIfTI reader: any bytes must give a GiftiImage or FormatError, never a crash, hang or
// huge allocation. Parses from memory; external data files are looked up beside a folder that does not exist.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/base/FormatError.h"
#include "core/io/GiftiReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const std::filesystem::path name = "/nonexistent-voxellens-fuzz/input.gii";
  try {
    const auto image = vl::core::readGiftiFromMemory(xml, name);
    // The converters must cope with whatever the reader accepted.
    try {
      (void)vl::core::giftiSurface(image, name);
    } catch (const vl::core::FormatError&) {
    }
    try {
      (void)vl::core::giftiScalarMaps(image, name);
    } catch (const vl::core::FormatError&) {
    }
    try {
      (void)vl::core::giftiLabelMap(image, name);
    } catch (const vl::core::FormatError&) {
    }
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
