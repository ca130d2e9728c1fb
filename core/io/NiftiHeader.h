#pragma once
// A NIfTI header held in memory, parsed by nifti_clib's own header code (nifti_header_version, swap_nifti_header,
// nifti_convert_n1hdr2nim / nifti_convert_n2hdr2nim, or nifti_image_from_ascii for a .nia text header), so that
// readNifti can take the voxels from a buffer instead of through nifti_clib's file reading. Before nifti_clib sees
// it, the header is checked for what nifti_clib would quietly repair (rank 0, sizes below 1) and for what readNifti
// cannot hold; the checks read the header in its own byte order, so a big-endian file passes them like any other.
// Internal to the NIfTI reader: the only header outside nifti_clib's callers that includes nifti2_io.h.
#include <nifti2_io.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace vl::core {

struct NiftiImageDeleter {
  void operator()(nifti_image* image) const { nifti_image_free(image); }
};
using NiftiImagePtr = std::unique_ptr<nifti_image, NiftiImageDeleter>;

struct NiftiHeader {
  // Where the voxels are: after the header in the same file (n+1, n+2), in a separate image file (ni1, ni2 and
  // ANALYZE 7.5 headers: .hdr/.img), or after the text of an ASCII .nia header.
  enum class Layout { SingleFile, SeparateImage, AsciiSingleFile };

  NiftiImagePtr image;  // dims, voxel sizes, datatype, scaling, qform and sform exactly as nifti_clib makes them
  Layout layout = Layout::SingleFile;
  std::array<std::int64_t, 4> dims{1, 1, 1, 1};  // x, y, z, frames (1 beyond the rank)
  std::int64_t voxelCount = 0;
  int bytesPerVoxel = 0;
  bool byteSwapped = false;    // the voxels are stored in the other byte order than this machine's
  std::int64_t dataOffset = 0;  // bytes before the first voxel in the data file; < 0: the voxels end the file
};

// The first bytes of the file (540 are enough for a binary header; a .nia header needs all of its text). Throws
// FormatError(file, ...) when they are not a NIfTI-1/2 header, or the header has a rank outside 1..7, a size
// below 1, an implausible voxel count, more than 4 dimensions, or an unsupported datatype.
NiftiHeader parseNiftiHeader(std::span<const std::uint8_t> bytes, const std::filesystem::path& file);

// Whether the bytes start like an ASCII .nia header ("<nifti_image").
bool isAsciiNiftiHeader(std::span<const std::uint8_t> bytes);

// The most voxels readNifti accepts (16 GiB as float): a header promising more is damaged, not an allocation.
constexpr std::int64_t kMaxNiftiVoxels = std::int64_t(1) << 32;

// Of an ASCII .nia header, at most this much is read (what nifti_clib's nifti_read_ascii_image reads).
constexpr std::size_t kMaxAsciiNiftiHeader = 65530;

}  // namespace vl::core
