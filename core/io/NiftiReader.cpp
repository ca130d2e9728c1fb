#include "core/io/NiftiReader.h"

#include <nifti2_io.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include "core/FormatError.h"

namespace vl::core {
namespace {
constexpr std::int64_t kMaxVoxels = std::int64_t(1) << 32;  // 16 GiB of float: beyond any volume we open

struct NiftiDeleter {
  void operator()(nifti_image* image) const { nifti_image_free(image); }
};
using NiftiPtr = std::unique_ptr<nifti_image, NiftiDeleter>;

template <typename T>
void convert(const void* data, std::size_t count, std::vector<float>& out) {
  const T* typed = static_cast<const T*>(data);
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<float>(typed[i]);
}

// nifti_image_read quietly turns dim[0] = 0 and non-positive sizes into 1; a header that says so is damaged.
template <typename Header>
void checkDims(const Header& header, const std::filesystem::path& file) {
  const auto rank = header.dim[0];
  if (rank < 1 || rank > 7)
    throw FormatError(file, "header dim[0]", "rank " + std::to_string(rank) + " is outside 1..7");
  for (int d = 1; d <= rank; ++d)
    if (header.dim[d] < 1)
      throw FormatError(file, "header dim[" + std::to_string(d) + "]",
                        "size " + std::to_string(header.dim[d]) + " (expected at least 1)");
}

void requirePlausibleDims(const std::filesystem::path& file) {
  int version = 0;
  void* raw = nifti_read_header(file.c_str(), &version, 1);
  if (!raw) throw FormatError(file, "header", "not a NIfTI-1/2 image (unreadable or invalid header)");
  std::unique_ptr<void, void (*)(void*)> owned(raw, std::free);
  if (version == 2) checkDims(*static_cast<const nifti_2_header*>(raw), file);
  else checkDims(*static_cast<const nifti_1_header*>(raw), file);
}

Affine affineFrom(const nifti_dmat44& m) {
  Affine a;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) a.m[static_cast<std::size_t>(r * 4 + c)] = m.m[r][c];
  return a;
}
}  // namespace

Volume readNifti(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) throw FormatError(file, "", "no such file");
  nifti_set_debug_level(0);  // our FormatError says what went wrong; nifti_clib's own messages would be noise
  requirePlausibleDims(file);
  NiftiPtr header(nifti_image_read(file.c_str(), 0));
  if (!header) throw FormatError(file, "header", "not a NIfTI-1/2 image (unreadable or invalid header)");
  if (header->nvox <= 0 || header->nvox > kMaxVoxels)
    throw FormatError(file, "header dim", "implausible voxel count " + std::to_string(header->nvox));
  if (header->dim[0] > 4 && header->nu * header->nv * header->nw > 1)
    throw FormatError(file, "header dim[0]", "images with more than 4 dimensions are not supported");
  if (nifti_image_load(header.get()) != 0 || !header->data)
    throw FormatError(file, "data", "the file ends before all " + std::to_string(header->nvox) + " voxels");
  const nifti_image& im = *header;
  Volume volume;
  volume.dims = {im.nx, im.ny, std::max<std::int64_t>(im.nz, 1), std::max<std::int64_t>(im.nt, 1)};
  volume.spacing = {std::abs(im.dx), std::abs(im.dy), std::abs(im.dz)};
  volume.sourceDatatype = nifti_datatype_string(im.datatype);
  const auto count = static_cast<std::size_t>(im.nvox);
  volume.voxels.resize(count);
  switch (im.datatype) {
    case DT_UINT8: convert<std::uint8_t>(im.data, count, volume.voxels); break;
    case DT_INT8: convert<std::int8_t>(im.data, count, volume.voxels); break;
    case DT_INT16: convert<std::int16_t>(im.data, count, volume.voxels); break;
    case DT_UINT16: convert<std::uint16_t>(im.data, count, volume.voxels); break;
    case DT_INT32: convert<std::int32_t>(im.data, count, volume.voxels); break;
    case DT_UINT32: convert<std::uint32_t>(im.data, count, volume.voxels); break;
    case DT_INT64: convert<std::int64_t>(im.data, count, volume.voxels); break;
    case DT_UINT64: convert<std::uint64_t>(im.data, count, volume.voxels); break;
    case DT_FLOAT32: convert<float>(im.data, count, volume.voxels); break;
    case DT_FLOAT64: convert<double>(im.data, count, volume.voxels); break;
    default:
      throw FormatError(file, "header datatype",
                        std::string("unsupported datatype ") + nifti_datatype_string(im.datatype) +
                            " (expected an integer or floating-point type)");
  }
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
