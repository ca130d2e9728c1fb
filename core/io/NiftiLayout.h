#pragma once
// Where a NIfTI image's voxels are and whether its files can hold them: nifti_clib's file-name rules, the header as
// the first bytes of its file, the offset and size of the voxels, the size checks and their messages, and the
// Volume that describes the image. readNifti (the whole file in memory) and NiftiFrameReader (one frame at a time)
// both go through these, so that they accept and reject the same files with the same messages.
// Internal to the NIfTI readers.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "core/io/NiftiHeader.h"
#include "core/model/Volume.h"

namespace vl::core {

// Of a header file, this many (inflated) bytes hold any binary header (NIfTI-2's is the longest).
constexpr std::uint64_t kNiftiBinaryHeaderBytes = sizeof(nifti_2_header);

// The file that holds the header of `file`, by nifti_clib's rules as nifti_image_read applies them (x.img finds
// x.hdr; x.nii and x.nii.gz find themselves). Throws FormatError when `file` does not exist or is no NIfTI name.
// Also turns off nifti_clib's own messages: our FormatError says what went wrong.
std::filesystem::path niftiHeaderFile(const std::filesystem::path& file);

// The header from the first bytes of its file: as stored, or inflated when the file is gzip (`compressed`); at
// least kNiftiBinaryHeaderBytes of them when the file has that many, for a plain ASCII header up to
// kMaxAsciiNiftiHeader (NiftiHeader.h). Throws FormatError for what parseNiftiHeader rejects and for a gzip-compressed ASCII header.
NiftiHeader parseNiftiHeaderFile(std::span<const std::uint8_t> leading, bool compressed,
                                 const std::filesystem::path& headerFile);

// The file that holds the voxels: the header file itself, or the .img (.img.gz, ...) beside a .hdr, found as
// nifti_image_load finds it. Throws FormatError when that file is missing.
std::filesystem::path niftiDataFile(const NiftiHeader& header, const std::filesystem::path& headerFile);

// Where the voxels are in the data file (in its inflated bytes when it is compressed).
struct NiftiVoxelExtent {
  std::uint64_t offset = 0;      // first voxel byte
  std::uint64_t bytes = 0;       // all voxels
  std::uint64_t frameBytes = 0;  // one 3-D frame
  std::int64_t frames = 1;
  std::uint64_t end() const { return offset + bytes; }
};

// The extent for a data file of storedBytes bytes on disk. A negative vox_offset puts the voxels at the end of a
// plain file. Throws FormatError, before anything is inflated, for a negative offset in a compressed file and for
// voxels beyond what storedBytes of deflate data can expand to.
NiftiVoxelExtent locateNiftiVoxels(const NiftiHeader& header, const std::filesystem::path& dataFile,
                                   std::uint64_t storedBytes, bool compressed);

// The FormatError for a data file that holds only `available` bytes (inflated, when compressed), fewer than
// extent.end(): the voxels start beyond its end, or it ends before all of them, in frame T of N (1-based). `cause`,
// when not empty, says why the bytes stop (a truncated gzip stream).
[[noreturn]] void throwNiftiVoxelsMissing(const NiftiHeader& header, const NiftiVoxelExtent& extent,
                                          std::uint64_t available, bool compressed,
                                          const std::filesystem::path& dataFile, const std::string& cause = {});

// The image as readNifti returns it, without its voxels: dims, voxel sizes, the source datatype's name, and the
// voxel-to-world transform (the sform, else the qform, else the voxel sizes, as nifti_clib computes them).
Volume describeNiftiVolume(const NiftiHeader& header);

// Converts stored voxels to float and applies scl_slope/scl_inter (when the slope is finite and nonzero and the pair
// is not the identity), as readNifti gives them: out.size() voxels from `stored`.
void convertScaledNiftiVoxels(const NiftiHeader& header, const std::uint8_t* stored, std::span<float> out);

}  // namespace vl::core
