// libFuzzer target for the CIFTI-2 reader: the bytes as a whole .dscalar.nii / .dlabel.nii file (readCifti), and
// the same bytes as the CIFTI XML alone (parseCiftiXml), which reaches the XML handlers without needing a valid
// NIfTI-2 header first. Only FormatError may escape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/base/FormatError.h"
#include "core/io/CiftiReader.h"
#include "core/io/CiftiXml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    vl::core::parseCiftiXml(text, "fuzz.xml", "byte 0");
  } catch (const vl::core::FormatError&) {
  }
  const auto file = std::filesystem::temp_directory_path() /
                    ("voxellens-fuzz-cifti-" + std::to_string(::getpid()) + ".dscalar.nii");
  std::ofstream(file, std::ios::binary).write(text.data(), static_cast<std::streamsize>(size));
  try {
    const auto cifti = vl::core::readCifti(file);
    for (const auto hemisphere : {vl::core::Hemisphere::Left, vl::core::Hemisphere::Right}) {
      if (const auto count = cifti.vertexCount(hemisphere)) vl::core::requireVertexCount(cifti, hemisphere, *count);
    }
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
