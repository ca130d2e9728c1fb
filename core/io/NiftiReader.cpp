#include "core/io/NiftiReader.h"

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/ByteBuffer.h"
#include "core/io/Gzip.h"
#include "core/io/NiftiLayout.h"

namespace vl::core {

Volume readNifti(const std::filesystem::path& file) {
  // The file is read once; a .nii.gz is inflated in memory (libdeflate), first its header, then up to the last voxel.
  const std::filesystem::path headerFile = niftiHeaderFile(file);
  const ByteBuffer headerFileBytes = readFileBytes(headerFile);
  const bool headerCompressed = startsLikeGzip(headerFileBytes.span());
  ByteBuffer inflatedHeader;
  if (headerCompressed)
    inflatedHeader = inflateGzip(headerFileBytes.span(), kNiftiBinaryHeaderBytes, headerFile, "gzip data");
  const NiftiHeader header = parseNiftiHeaderFile(
      headerCompressed ? inflatedHeader.span() : headerFileBytes.span(), headerCompressed, headerFile);

  // The voxels: after the header in the same file, or in the .img of a .hdr/.img pair.
  const std::filesystem::path dataFile = niftiDataFile(header, headerFile);
  std::span<const std::uint8_t> stored = headerFileBytes.span();
  ByteBuffer imageFileBytes;
  if (header.layout == NiftiHeader::Layout::SeparateImage) {
    imageFileBytes = readFileBytes(dataFile);
    stored = imageFileBytes.span();
  }
  const bool compressed = startsLikeGzip(stored);
  const NiftiVoxelExtent extent = locateNiftiVoxels(header, dataFile, stored.size(), compressed);
  std::span<const std::uint8_t> data = stored;
  ByteBuffer inflatedData;
  // Before inflating: the stored bytes of a .nii.gz say nothing about the size its header claims.
  requireMemory((compressed ? extent.end() : 0) + static_cast<std::uint64_t>(header.voxelCount) * sizeof(float),
                dataFile, "header dim");
  if (compressed) {
    inflatedData = inflateGzip(stored, extent.end(), dataFile, "gzip data");
    data = inflatedData.span();
  }
  if (data.size() < extent.end()) throwNiftiVoxelsMissing(header, extent, data.size(), compressed, dataFile);

  Volume volume = describeNiftiVolume(header);
  volume.voxels.reserve(static_cast<std::size_t>(header.voxelCount));
  adviseHugePages(volume.voxels.data(), volume.voxels.capacity() * sizeof(float));  // before resize writes zeros
  volume.voxels.resize(static_cast<std::size_t>(header.voxelCount));
  convertScaledNiftiVoxels(header, data.data() + extent.offset, volume.voxels);
  return volume;
}

}  // namespace vl::core
