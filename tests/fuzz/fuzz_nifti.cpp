// libFuzzer target for NIfTI: the bytes as a .nii file through readNifti (read into memory, header parsed by
// nifti_clib), and the same bytes gzip-compressed as a .nii.gz, which must read the same when both read; each file
// also through NiftiFrameReader (one frame at a time), which must agree with readNifti: both fail, or both give the
// same dims, transform and voxels. Whatever reads is written back with writeNifti and read again, which must give
// the same values. Only FormatError may escape the readers; the writer must accept every volume the reader produces.
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/Gzip.h"
#include "core/io/NiftiFrameReader.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"

namespace {
std::filesystem::path scratch(const char* suffix) {
  return std::filesystem::temp_directory_path() / ("voxellens-fuzz-nifti-" + std::to_string(::getpid()) + suffix);
}

std::optional<vl::core::Volume> readOrNothing(const std::filesystem::path& file) {
  try {
    return vl::core::readNifti(file);
  } catch (const vl::core::FormatError&) {
    return std::nullopt;
  }
}

// The whole image gathered from NiftiFrameReader, frame by frame.
std::optional<vl::core::Volume> readFramesOrNothing(const std::filesystem::path& file) {
  try {
    vl::core::NiftiFrameReader reader(file);
    vl::core::Volume volume = reader.image();
    std::vector<float> frame;
    while (reader.nextFrame(frame)) {
      if (frame.size() != reader.voxelsPerFrame()) __builtin_trap();
      volume.voxels.insert(volume.voxels.end(), frame.begin(), frame.end());
    }
    if (reader.framesRead() != volume.dims[3]) __builtin_trap();
    return volume;
  } catch (const vl::core::FormatError&) {
    return std::nullopt;
  }
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
  return true;
}

// readNifti and NiftiFrameReader agree: both fail, or both give the same image.
void expectAgreement(const std::optional<vl::core::Volume>& whole, const std::filesystem::path& file) {
  const auto framed = readFramesOrNothing(file);
  if (whole.has_value() != framed.has_value()) __builtin_trap();
  if (whole && (whole->dims != framed->dims || whole->voxelToWorld.m != framed->voxelToWorld.m ||
                whole->spacing != framed->spacing || whole->sourceDatatype != framed->sourceDatatype ||
                !sameBits(whole->voxels, framed->voxels)))
    __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 20)) return 0;  // keep runs fast
  const auto file = scratch(".nii");
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const auto volume = readOrNothing(file);
  expectAgreement(volume, file);

  // The same bytes compressed: the reader inflates them in memory and must find what it found in the plain file.
  // (Not for input that is itself gzip: the plain read inflates it, the compressed one finds gzip inside.)
  const auto packed = vl::core::deflateBuffer(std::span(data, size), 6, vl::core::CompressedFormat::Gzip);
  const auto compressedFile = scratch(".nii.gz");
  std::ofstream(compressedFile, std::ios::binary)
      .write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(packed.size()));
  const auto inflated = readOrNothing(compressedFile);
  expectAgreement(inflated, compressedFile);
  const bool inputIsGzip = size >= 2 && data[0] == 0x1F && data[1] == 0x8B;
  if (volume && inflated && !inputIsGzip && (volume->dims != inflated->dims || !sameBits(volume->voxels, inflated->voxels)))
    __builtin_trap();

  if (!volume || volume->voxels.size() > (1u << 22)) return 0;
  // Every volume read has as many voxels as its dims say (sizes beyond the rank are 1, never 0).
  std::int64_t product = 1;
  for (const auto d : volume->dims) product *= d;
  if (product <= 0 || static_cast<std::size_t>(product) != volume->voxels.size()) __builtin_trap();
  try {
    const auto copy = scratch("-copy.nii");
    vl::core::writeNifti(copy, *volume);
    const auto again = vl::core::readNifti(copy);
    if (again.voxels.size() != volume->voxels.size()) __builtin_trap();
    for (std::size_t i = 0; i < volume->voxels.size(); ++i)  // NaN/Inf are read as 0: compare finite ones
      if (std::isfinite(volume->voxels[i]) && again.voxels[i] != volume->voxels[i]) __builtin_trap();
  } catch (const vl::core::FormatError&) {
    __builtin_trap();  // the reader must read back whatever the writer wrote
  }
  return 0;
}
