#include "core/io/NiftiHeader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/NiftiVoxels.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

constexpr char kAsciiMagic[] = "<nifti_image";

[[noreturn]] void notNifti(const fs::path& file, const std::string& why) {
  throw FormatError(file, "header", "not a NIfTI-1/2 image (" + why + ")");
}

// dim[0..7] and the datatype, in this machine's byte order: what the checks read.
struct StoredShape {
  std::int64_t dim[8] = {};
  int datatype = 0;
};

template <typename Header>
StoredShape shapeOf(const Header& header) {
  StoredShape shape;
  for (int d = 0; d < 8; ++d) shape.dim[d] = header.dim[d];
  shape.datatype = header.datatype;
  return shape;
}

// nifti_clib decides the byte order of a NIfTI-1 or ANALYZE header in need_nhdr_swap, which it does not export: by
// dim[0], which must be 1..7 in the file's order, or by sizeof_hdr (348) when dim[0] is 0. Mirrored here so that the
// checks read the header as nifti_convert_n1hdr2nim will; parseNiftiHeader verifies afterwards that both agree.
// Returns 0 (this machine's order), 1 (swapped) or -1 (neither makes sense).
int nifti1ByteOrder(std::int16_t dim0, std::int32_t sizeofHdr) {
  if (dim0 != 0) {
    if (dim0 >= 1 && dim0 <= 7) return 0;
    const auto swapped = static_cast<std::int16_t>(__builtin_bswap16(static_cast<std::uint16_t>(dim0)));
    return swapped >= 1 && swapped <= 7 ? 1 : -1;
  }
  if (sizeofHdr == 348) return 0;
  return static_cast<std::int32_t>(__builtin_bswap32(static_cast<std::uint32_t>(sizeofHdr))) == 348 ? 1 : -1;
}

// What nifti_clib would repair quietly (rank 0 read as 1, sizes below 1 read as 1) or readNifti cannot hold.
// Fills the header's dims and voxel count.
void checkShape(const StoredShape& shape, NiftiHeader& header, const fs::path& file) {
  const std::int64_t rank = shape.dim[0];
  if (rank < 1 || rank > 7)
    throw FormatError(file, "header dim[0]", "rank " + std::to_string(rank) + " is outside 1..7");
  for (int d = 1; d <= rank; ++d)
    if (shape.dim[d] < 1)
      throw FormatError(file, "header dim[" + std::to_string(d) + "]",
                        "size " + std::to_string(shape.dim[d]) + " (expected at least 1)");
  std::int64_t count = 1;
  for (int d = 1; d <= rank; ++d)
    if (__builtin_mul_overflow(count, shape.dim[d], &count))
      throw FormatError(file, "header dim", "implausible voxel count (the sizes multiply past 2^63)");
  if (count > kMaxNiftiVoxels)
    throw FormatError(file, "header dim", "implausible voxel count " + std::to_string(count));
  std::int64_t beyondFrames = 1;  // dims 5..7, each at least 1, so their product is at most count
  for (int d = 5; d <= rank; ++d) beyondFrames *= shape.dim[d];
  if (beyondFrames > 1)
    throw FormatError(file, "header dim[0]", "images with more than 4 dimensions are not supported");
  header.bytesPerVoxel = niftiVoxelSize(shape.datatype);
  if (header.bytesPerVoxel == 0) {
    const std::string name = nifti_datatype_string(shape.datatype);
    throw FormatError(file, "header datatype",
                      "unsupported datatype " +
                          (name == "**ILLEGAL**" ? "code " + std::to_string(shape.datatype) : name) +
                          " (expected an integer or floating-point type)");
  }
  for (int d = 1; d <= 4; ++d) header.dims[static_cast<std::size_t>(d - 1)] = d <= rank ? shape.dim[d] : 1;
  header.voxelCount = count;
}

NiftiHeader parseBinary(std::span<const std::uint8_t> bytes, const fs::path& file) {
  if (bytes.size() < sizeof(nifti_1_header))
    notNifti(file, "the file holds " + std::to_string(bytes.size()) + " bytes, fewer than a 348-byte header");
  const int version = nifti_header_version(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (version < 0 || version > 2) notNifti(file, "sizeof_hdr and magic are not those of a NIfTI-1/2 header");
  NiftiHeader header;
  if (version == 2) {
    if (bytes.size() < sizeof(nifti_2_header))
      notNifti(file, "the file ends inside the 540-byte NIfTI-2 header");
    nifti_2_header stored;
    std::memcpy(&stored, bytes.data(), sizeof stored);
    header.byteSwapped = NIFTI2_NEEDS_SWAP(stored);
    nifti_2_header native = stored;
    if (header.byteSwapped) swap_nifti_header(&native, 2);
    checkShape(shapeOf(native), header, file);
    header.image.reset(nifti_convert_n2hdr2nim(stored, nullptr));  // swaps its own copy again
    header.layout = NIFTI_ONEFILE(native) ? NiftiHeader::Layout::SingleFile : NiftiHeader::Layout::SeparateImage;
  } else {  // 1, or 0: an ANALYZE 7.5 header (348 bytes, no NIfTI magic), whose voxels are in a .img
    nifti_1_header stored;
    std::memcpy(&stored, bytes.data(), sizeof stored);
    const int order = nifti1ByteOrder(stored.dim[0], stored.sizeof_hdr);
    if (order < 0)
      throw FormatError(file, "header dim[0]", "rank " + std::to_string(stored.dim[0]) + " is outside 1..7");
    header.byteSwapped = order == 1;
    nifti_1_header native = stored;
    if (header.byteSwapped) swap_nifti_header(&native, version);
    checkShape(shapeOf(native), header, file);
    header.image.reset(nifti_convert_n1hdr2nim(stored, nullptr));
    header.layout = version == 1 && NIFTI_ONEFILE(native) ? NiftiHeader::Layout::SingleFile
                                                          : NiftiHeader::Layout::SeparateImage;
  }
  // The checks above exclude everything nifti_convert_n?hdr2nim rejects (bad dim[0] or dim[1], unknown datatype).
  if (!header.image) notNifti(file, "nifti_clib cannot make an image of the header");
  const bool clibSwaps = header.image->byteorder != nifti_short_order();
  if (clibSwaps != header.byteSwapped) notNifti(file, "its byte order is ambiguous");
  return header;
}

NiftiHeader parseAscii(std::span<const std::uint8_t> bytes, const fs::path& file) {
  // nifti_image_from_ascii reads a NUL-terminated string; nifti_clib's own reader gives it at most this much.
  const std::string text(reinterpret_cast<const char*>(bytes.data()), std::min(bytes.size(), kMaxAsciiNiftiHeader));
  int textBytes = 0;
  NiftiHeader header;
  header.image.reset(nifti_image_from_ascii(text.c_str(), &textBytes));
  if (!header.image) notNifti(file, "unreadable ASCII .nia header");
  const nifti_image& im = *header.image;
  StoredShape shape;
  const std::int64_t sizes[8] = {im.ndim, im.nx, im.ny, im.nz, im.nt, im.nu, im.nv, im.nw};
  std::copy(std::begin(sizes), std::end(sizes), shape.dim);
  shape.datatype = im.datatype;
  checkShape(shape, header, file);
  header.layout = NiftiHeader::Layout::AsciiSingleFile;
  header.byteSwapped = im.byteorder != nifti_short_order();
  return header;
}
}  // namespace

bool isAsciiNiftiHeader(std::span<const std::uint8_t> bytes) {
  const std::size_t magic = sizeof kAsciiMagic - 1;
  return bytes.size() >= magic && std::memcmp(bytes.data(), kAsciiMagic, magic) == 0;
}

// The transform a volume will use (sform, else qform, else the voxel sizes) must be finite: a NaN there would
// place every voxel nowhere, and sampling onto a surface would silently give nothing.
void requireFiniteTransform(const nifti_image& im, const fs::path& file) {
  const auto finite = [](const auto& m) {
    for (const auto& row : m.m)
      for (const auto value : row)
        if (!std::isfinite(value)) return false;
    return true;
  };
  if (im.sform_code > 0 && !finite(im.sto_xyz))
    throw FormatError(file, "header srow_x/y/z", "the sform has a value that is not a finite number");
  if (im.sform_code <= 0 && im.qform_code > 0 && !finite(im.qto_xyz))
    throw FormatError(file, "header quatern/qoffset", "the qform has a value that is not a finite number");
  if (!std::isfinite(im.dx) || !std::isfinite(im.dy) || !std::isfinite(im.dz))
    throw FormatError(file, "header pixdim", "a voxel size is not a finite number");
}

NiftiHeader parseNiftiHeader(std::span<const std::uint8_t> bytes, const fs::path& file) {
  NiftiHeader header = isAsciiNiftiHeader(bytes) ? parseAscii(bytes, file) : parseBinary(bytes, file);
  header.dataOffset = header.image->iname_offset;
  requireFiniteTransform(*header.image, file);
  return header;
}

}  // namespace vl::core
