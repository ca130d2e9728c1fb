#include "core/io/NiftiReader.h"

#include <nifti2_io.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/FormatError.h"
#include "core/io/ByteBuffer.h"
#include "core/io/Gzip.h"
#include "core/io/NiftiHeader.h"
#include "core/io/NiftiVoxels.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

// Of a gzip-compressed file, this much is inflated first: any binary header (NIfTI-2's is the longest).
constexpr std::uint64_t kHeaderBytes = sizeof(nifti_2_header);

bool isGzip(std::span<const std::uint8_t> bytes) { return bytes.size() >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B; }

fs::path takeName(char* name) {
  const std::unique_ptr<char, decltype(&std::free)> owned(name, std::free);
  return name ? fs::path(name) : fs::path();
}

// nifti_clib's name rules, as nifti_image_read applies them: x.img finds x.hdr, x.nii and x.nii.gz find themselves.
fs::path headerFileFor(const fs::path& file) {
  const fs::path found = takeName(nifti_findhdrname(file.c_str()));
  if (found.empty())
    throw FormatError(file, "header", "not a NIfTI-1/2 image (expected a .nii, .nii.gz, .hdr or .img file)");
  return found == file ? file : found;
}

// The image file that belongs to a .hdr (x.img, x.img.gz, upper-case variants), found as nifti_image_load finds it.
fs::path imageFileFor(const fs::path& headerFile, int niftiType) {
  const fs::path found = takeName(nifti_findimgname(headerFile.c_str(), niftiType));
  if (found.empty())
    throw FormatError(headerFile, "", "the voxels of this header are in a separate .img file, which is missing");
  return found;
}

Affine affineFrom(const nifti_dmat44& m) {
  Affine a;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) a.m[static_cast<std::size_t>(r * 4 + c)] = m.m[r][c];
  return a;
}

std::string voxelsMissing(std::int64_t count) {
  return "the file ends before all " + std::to_string(count) + " voxels";
}
}  // namespace

Volume readNifti(const fs::path& file) {
  std::error_code error;
  if (!fs::exists(file, error)) throw FormatError(file, "", "no such file");
  nifti_set_debug_level(0);  // our FormatError says what went wrong; nifti_clib's own messages would be noise

  // The file is read once; a .nii.gz is inflated in memory (libdeflate), first its header, then up to the last voxel.
  const fs::path headerFile = headerFileFor(file);
  const ByteBuffer headerFileBytes = readFileBytes(headerFile);
  const bool headerCompressed = isGzip(headerFileBytes.span());
  ByteBuffer inflatedHeader;
  if (headerCompressed) {
    inflatedHeader = inflateGzip(headerFileBytes.span(), kHeaderBytes, headerFile, "gzip data");
    if (isAsciiNiftiHeader(inflatedHeader.span()))
      throw FormatError(headerFile, "header", "an ASCII (.nia) NIfTI header cannot be gzip-compressed");
  }
  const NiftiHeader header =
      parseNiftiHeader(headerCompressed ? inflatedHeader.span() : headerFileBytes.span(), headerFile);
  const nifti_image& im = *header.image;

  // The voxels: after the header in the same file, or in the .img of a .hdr/.img pair.
  fs::path dataFile = headerFile;
  std::span<const std::uint8_t> stored = headerFileBytes.span();
  ByteBuffer imageFileBytes;
  if (header.layout == NiftiHeader::Layout::SeparateImage) {
    dataFile = imageFileFor(headerFile, im.nifti_type);
    imageFileBytes = readFileBytes(dataFile);
    stored = imageFileBytes.span();
  }
  const bool compressed = isGzip(stored);
  const auto dataBytes = static_cast<std::uint64_t>(header.voxelCount) * static_cast<std::uint64_t>(header.bytesPerVoxel);
  std::uint64_t offset = 0;
  if (header.dataOffset >= 0) {
    offset = static_cast<std::uint64_t>(header.dataOffset);
  } else {  // the voxels are the last bytes of the file (.nia, some ANALYZE headers)
    if (compressed)
      throw FormatError(dataFile, "header vox_offset",
                        "a negative offset (voxels at the end of the file) cannot be used in a compressed file");
    offset = stored.size() > dataBytes ? stored.size() - dataBytes : 0;
  }

  std::span<const std::uint8_t> data = stored;
  ByteBuffer inflatedData;
  if (compressed) {
    // A header promising more than the compressed bytes can expand to is lying: stop before inflating anything.
    const std::uint64_t most = maxInflatedSize(stored.size());
    if (offset > most)
      throw FormatError(dataFile, "header vox_offset",
                        "the voxels start at byte " + std::to_string(offset) + ", beyond what " +
                            std::to_string(stored.size()) + " compressed bytes can expand to");
    if (offset + dataBytes > most)
      throw FormatError(dataFile, "data",
                        voxelsMissing(header.voxelCount) + " (they need " + std::to_string(dataBytes) +
                            " bytes, more than " + std::to_string(stored.size()) + " compressed bytes can expand to)");
    inflatedData = inflateGzip(stored, offset + dataBytes, dataFile, "gzip data");
    data = inflatedData.span();
  }
  const std::string size = std::to_string(data.size()) + " bytes" + (compressed ? " once decompressed" : "");
  if (offset > data.size())
    throw FormatError(dataFile, "header vox_offset",
                      "the voxels start at byte " + std::to_string(offset) + ", beyond the end of the file (" +
                          size + ")");
  if (data.size() - offset < dataBytes)
    throw FormatError(dataFile, "data",
                      voxelsMissing(header.voxelCount) + " (they need " + std::to_string(dataBytes) +
                          " bytes from byte " + std::to_string(offset) + "; the file holds " + size + ")");

  Volume volume;
  volume.dims = header.dims;
  volume.spacing = {std::abs(im.dx), std::abs(im.dy), std::abs(im.dz)};
  volume.sourceDatatype = nifti_datatype_string(im.datatype);
  volume.voxels.reserve(static_cast<std::size_t>(header.voxelCount));
  adviseHugePages(volume.voxels.data(), volume.voxels.capacity() * sizeof(float));  // before resize writes zeros
  volume.voxels.resize(static_cast<std::size_t>(header.voxelCount));
  convertNiftiVoxels(data.data() + offset, im.datatype, header.byteSwapped, volume.voxels);
  if (im.scl_slope != 0.0 && std::isfinite(im.scl_slope) && std::isfinite(im.scl_inter) &&
      (im.scl_slope != 1.0 || im.scl_inter != 0.0)) {
    for (auto& v : volume.voxels) v = static_cast<float>(v * im.scl_slope + im.scl_inter);
  }
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

}  // namespace vl::core
