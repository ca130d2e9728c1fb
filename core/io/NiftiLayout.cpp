#include "core/io/NiftiLayout.h"

#include <cmath>
#include <cstdlib>
#include <memory>

#include "core/base/FormatError.h"
#include "core/io/Gzip.h"
#include "core/io/NiftiVoxels.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

fs::path takeName(char* name) {
  const std::unique_ptr<char, decltype(&std::free)> owned(name, std::free);
  return name ? fs::path(name) : fs::path();
}

Affine affineFrom(const nifti_dmat44& m) {
  Affine a;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) a.m[static_cast<std::size_t>(r * 4 + c)] = m.m[r][c];
  return a;
}
}  // namespace

fs::path niftiHeaderFile(const fs::path& file) {
  std::error_code error;
  if (!fs::exists(file, error)) throw FormatError(file, "", "no such file");
  nifti_set_debug_level(0);
  const fs::path found = takeName(nifti_findhdrname(file.c_str()));
  if (found.empty())
    throw FormatError(file, "header", "not a NIfTI-1/2 image (expected a .nii, .nii.gz, .hdr or .img file)");
  return found == file ? file : found;
}

NiftiHeader parseNiftiHeaderFile(std::span<const std::uint8_t> leading, bool compressed, const fs::path& headerFile) {
  if (compressed && isAsciiNiftiHeader(leading))
    throw FormatError(headerFile, "header", "an ASCII (.nia) NIfTI header cannot be gzip-compressed");
  return parseNiftiHeader(leading, headerFile);
}

fs::path niftiDataFile(const NiftiHeader& header, const fs::path& headerFile) {
  if (header.layout != NiftiHeader::Layout::SeparateImage) return headerFile;
  const fs::path found = takeName(nifti_findimgname(headerFile.c_str(), header.image->nifti_type));
  if (found.empty())
    throw FormatError(headerFile, "", "the voxels of this header are in a separate .img file, which is missing");
  return found;
}

NiftiVoxelExtent locateNiftiVoxels(const NiftiHeader& header, const fs::path& dataFile, std::uint64_t storedBytes,
                                   bool compressed) {
  NiftiVoxelExtent extent;
  extent.frames = header.dims[3];
  extent.frameBytes = static_cast<std::uint64_t>(header.dims[0] * header.dims[1] * header.dims[2]) *
                      static_cast<std::uint64_t>(header.bytesPerVoxel);
  extent.bytes = static_cast<std::uint64_t>(header.voxelCount) * static_cast<std::uint64_t>(header.bytesPerVoxel);
  if (header.dataOffset >= 0) {
    extent.offset = static_cast<std::uint64_t>(header.dataOffset);
  } else {  // the voxels are the last bytes of the file (.nia, some ANALYZE headers)
    if (compressed)
      throw FormatError(dataFile, "header vox_offset",
                        "a negative offset (voxels at the end of the file) cannot be used in a compressed file");
    extent.offset = storedBytes > extent.bytes ? storedBytes - extent.bytes : 0;
  }
  if (compressed) {
    // A header promising more than the compressed bytes can expand to is lying: stop before inflating anything.
    const std::uint64_t most = maxInflatedSize(storedBytes);
    if (extent.offset > most)
      throw FormatError(dataFile, "header vox_offset",
                        "the voxels start at byte " + std::to_string(extent.offset) + ", beyond what " +
                            std::to_string(storedBytes) + " compressed bytes can expand to");
    if (extent.end() > most)
      throw FormatError(dataFile, "data",
                        "the file ends before all " + std::to_string(header.voxelCount) + " voxels (they need " +
                            std::to_string(extent.bytes) + " bytes, more than " + std::to_string(storedBytes) +
                            " compressed bytes can expand to)");
  }
  return extent;
}

void throwNiftiVoxelsMissing(const NiftiHeader& header, const NiftiVoxelExtent& extent, std::uint64_t available,
                             bool compressed, const fs::path& dataFile, const std::string& cause) {
  const std::string size = std::to_string(available) + " bytes" + (compressed ? " once decompressed" : "") +
                           (cause.empty() ? "" : ", " + cause);
  if (extent.offset > available)
    throw FormatError(dataFile, "header vox_offset",
                      "the voxels start at byte " + std::to_string(extent.offset) + ", beyond the end of the file (" +
                          size + ")");
  // The frame the bytes stop in (1-based), for a 4-D image: what a reader of a long series wants to know.
  std::string frame;
  if (extent.frames > 1 && extent.frameBytes > 0) {
    const auto complete = static_cast<std::int64_t>((available - extent.offset) / extent.frameBytes);
    frame = ", in frame " + std::to_string(std::min(complete + 1, extent.frames)) + " of " +
            std::to_string(extent.frames);
  }
  throw FormatError(dataFile, "data",
                    "the file ends before all " + std::to_string(header.voxelCount) + " voxels" + frame +
                        " (they need " + std::to_string(extent.bytes) + " bytes from byte " +
                        std::to_string(extent.offset) + "; the file holds " + size + ")");
}

Volume describeNiftiVolume(const NiftiHeader& header) {
  const nifti_image& im = *header.image;
  Volume volume;
  volume.dims = header.dims;
  volume.spacing = {std::abs(im.dx), std::abs(im.dy), std::abs(im.dz)};
  volume.sourceDatatype = nifti_datatype_string(im.datatype);
  if (im.sform_code > 0) {
    volume.voxelToWorld = affineFrom(im.sto_xyz);
  } else if (im.qform_code > 0) {
    volume.voxelToWorld = affineFrom(im.qto_xyz);
  } else {
    Affine scale;
    scale.m[0] = volume.spacing[0];
    scale.m[5] = volume.spacing[1];
    scale.m[10] = volume.spacing[2];
    volume.voxelToWorld = scale;
  }
  return volume;
}

void convertScaledNiftiVoxels(const NiftiHeader& header, const std::uint8_t* stored, std::span<float> out) {
  const nifti_image& im = *header.image;
  convertNiftiVoxels(stored, im.datatype, header.byteSwapped, out);
  if (im.scl_slope != 0.0 && std::isfinite(im.scl_slope) && std::isfinite(im.scl_inter) &&
      (im.scl_slope != 1.0 || im.scl_inter != 0.0)) {
    for (auto& v : out) v = static_cast<float>(v * im.scl_slope + im.scl_inter);
  }
}

}  // namespace vl::core
