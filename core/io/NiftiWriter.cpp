#include "core/io/NiftiWriter.h"

#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/AtomicFileWriter.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Where the header and the data go: one .nii(.gz) file, or a .hdr/.img pair.
struct Target {
  bool pair = false;
  bool compressed = false;
  fs::path header, image;  // the same path for a single file
};

Target targetFor(const fs::path& file) {
  const std::string name = file.string();
  Target t;
  if (endsWith(name, ".nii.gz")) {
    t.compressed = true;
    t.header = t.image = file;
  } else if (endsWith(name, ".nii")) {
    t.header = t.image = file;
  } else if (endsWith(name, ".hdr") || endsWith(name, ".img")) {
    t.pair = true;
    const std::string stem = name.substr(0, name.size() - 4);
    t.header = stem + ".hdr";
    t.image = stem + ".img";
  } else {
    throw std::invalid_argument(name + ": cannot tell the NIfTI flavour from the name (expected .nii, .nii.gz, "
                                       ".hdr or .img)");
  }
  return t;
}

struct IntegerType {
  int code;
  double low, high;
};
constexpr IntegerType kIntegerTypes[] = {
    {DT_UINT8, 0, 255},           {DT_INT8, -128, 127},
    {DT_INT16, -32768, 32767},    {DT_UINT16, 0, 65535},
    {DT_INT32, -2147483648.0, 2147483647.0}, {DT_UINT32, 0, 4294967295.0},
};

template <typename T>
void convertTo(const std::vector<float>& voxels, std::vector<std::byte>& out) {
  out.resize(voxels.size() * sizeof(T));
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    const T value = static_cast<T>(voxels[i]);
    std::memcpy(out.data() + i * sizeof(T), &value, sizeof(T));
  }
}

// The stored datatype when it is an integer type that holds every voxel exactly; DT_FLOAT32 otherwise.
int chooseDatatype(const Volume& volume, const NiftiWriteOptions& options, std::vector<std::byte>& converted) {
  if (!options.keepIntegerDatatype) return DT_FLOAT32;
  for (const auto& type : kIntegerTypes) {
    if (volume.sourceDatatype != nifti_datatype_string(type.code)) continue;
    for (const float v : volume.voxels)
      if (!(v >= type.low && v <= type.high) || v != std::trunc(v)) return DT_FLOAT32;
    switch (type.code) {
      case DT_UINT8: convertTo<std::uint8_t>(volume.voxels, converted); break;
      case DT_INT8: convertTo<std::int8_t>(volume.voxels, converted); break;
      case DT_INT16: convertTo<std::int16_t>(volume.voxels, converted); break;
      case DT_UINT16: convertTo<std::uint16_t>(volume.voxels, converted); break;
      case DT_INT32: convertTo<std::int32_t>(volume.voxels, converted); break;
      case DT_UINT32: convertTo<std::uint32_t>(volume.voxels, converted); break;
    }
    return type.code;
  }
  return DT_FLOAT32;
}

struct NiftiDeleter {
  void operator()(nifti_image* image) const { nifti_image_free(image); }
};

void setTransforms(nifti_image& nim, const Volume& volume, int code) {
  nifti_dmat44 m;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) m.m[r][c] = volume.voxelToWorld.m[static_cast<std::size_t>(r * 4 + c)];
  nim.sform_code = code;
  nim.sto_xyz = m;
  nim.sto_ijk = nifti_dmat44_inverse(m);

  double qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac;
  nifti_dmat44_to_quatern(m, &qb, &qc, &qd, &qx, &qy, &qz, &dx, &dy, &dz, &qfac);
  // The qform is a rotation scaled by pixdim: it can only say the truth when pixdim matches the column lengths
  // of the transform (no shear, consistent voxel sizes).
  const double column[3] = {dx, dy, dz};
  bool consistent = true;
  for (int k = 0; k < 3; ++k)
    consistent = consistent && std::abs(column[k] - volume.spacing[static_cast<std::size_t>(k)]) <=
                                   1e-5 * std::max(1.0, column[k]);
  if (!consistent) {
    nim.qform_code = 0;
    return;
  }
  nim.qform_code = code;
  nim.quatern_b = qb;
  nim.quatern_c = qc;
  nim.quatern_d = qd;
  nim.qoffset_x = qx;
  nim.qoffset_y = qy;
  nim.qoffset_z = qz;
  nim.qfac = qfac;
  nim.pixdim[0] = qfac;
  nim.qto_xyz = nifti_quatern_to_dmat44(qb, qc, qd, qx, qy, qz, nim.dx, nim.dy, nim.dz, qfac);
  nim.qto_ijk = nifti_dmat44_inverse(nim.qto_xyz);
}

// Bytes to a file through AtomicFileWriter, gzip-compressed (as gzopen "wb" would: deflate level 6 in a gzip
// wrapper) when the name ends in .gz.
class Output {
public:
  Output(const fs::path& file, bool compressed) : writer_(file), compressed_(compressed) {
    if (compressed_ && deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error(file.string() + ": cannot start gzip compression");
  }
  ~Output() {
    if (compressed_) deflateEnd(&zs_);
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(const void* data, std::size_t size) {
    if (!compressed_) return writer_.write(data, size);
    const auto* bytes = static_cast<const Bytef*>(data);
    while (size > 0) {  // zlib counts in uInt: feed at most 1 GiB at a time
      const auto chunk = static_cast<uInt>(std::min<std::size_t>(size, std::size_t(1) << 30));
      zs_.next_in = const_cast<Bytef*>(bytes);
      zs_.avail_in = chunk;
      pump(Z_NO_FLUSH);
      bytes += chunk;
      size -= chunk;
    }
  }
  void commit() {
    if (compressed_) pump(Z_FINISH);
    writer_.commit();
  }

private:
  void pump(int flush) {
    Bytef out[1 << 16];
    int status;
    do {
      zs_.next_out = out;
      zs_.avail_out = sizeof out;
      status = deflate(&zs_, flush);
      if (status == Z_STREAM_ERROR) throw std::runtime_error("gzip compression failed");
      writer_.write(out, sizeof out - zs_.avail_out);
    } while (zs_.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }

  AtomicFileWriter writer_;
  bool compressed_;
  z_stream zs_{};
};

// The header exactly as nifti_clib builds it from the nifti_image (dims, pixdim, quatern, srow, units, ...).
std::string headerBytes(nifti_image& nim, bool nifti2, const fs::path& file) {
  std::string bytes;
  if (nifti2) {
    nifti_2_header h;
    if (nifti_convert_nim2n2hdr(&nim, &h) != 0) throw std::runtime_error(file.string() + ": no NIfTI-2 header");
    // The full NIfTI-2 magic is "n+2\0\r\n\032\n" (or "ni2..."); nifti_clib fills only the first four bytes.
    std::memcpy(h.magic + 4, "\r\n\032\n", 4);
    bytes.assign(reinterpret_cast<const char*>(&h), sizeof h);
  } else {
    nifti_1_header h;
    if (nifti_convert_nim2n1hdr(&nim, &h) != 0) throw std::runtime_error(file.string() + ": no NIfTI-1 header");
    bytes.assign(reinterpret_cast<const char*>(&h), sizeof h);
  }
  bytes.append(4, '\0');  // extension flag: no extensions
  return bytes;
}
}  // namespace

void writeNifti(const fs::path& file, const Volume& volume, NiftiWriteOptions options) {
  const Target target = targetFor(file);
  for (const auto d : volume.dims)
    if (d < 1) throw std::invalid_argument(file.string() + ": volume dims must be positive");
  const auto count = static_cast<std::uint64_t>(volume.dims[0]) * static_cast<std::uint64_t>(volume.dims[1]) *
                     static_cast<std::uint64_t>(volume.dims[2]) * static_cast<std::uint64_t>(volume.dims[3]);
  if (count != volume.voxels.size())
    throw std::invalid_argument(file.string() + ": volume has " + std::to_string(volume.voxels.size()) +
                                " voxels but its dims need " + std::to_string(count));
  bool nifti2 = options.version == NiftiWriteOptions::Version::Nifti2;
  for (const auto d : volume.dims) nifti2 = nifti2 || d > std::numeric_limits<std::int16_t>::max();
  // NIfTI-1 keeps the transform and voxel sizes in floats: a value beyond a float's range (readable from a NIfTI-2
  // file, whose fields are doubles) would be written as infinity, and the file could not be read back.
  const auto beyondFloat = [](double v) { return std::abs(v) > std::numeric_limits<float>::max(); };
  nifti2 = nifti2 || std::any_of(volume.voxelToWorld.m.begin(), volume.voxelToWorld.m.end(), beyondFloat) ||
           std::any_of(volume.spacing.begin(), volume.spacing.end(), beyondFloat);

  std::vector<std::byte> converted;
  const int datatype = chooseDatatype(volume, options, converted);

  const std::int64_t dims[8] = {volume.dims[3] > 1 ? 4 : 3, volume.dims[0], volume.dims[1], volume.dims[2],
                                volume.dims[3], 1, 1, 1};
  nifti_set_debug_level(0);
  std::unique_ptr<nifti_image, NiftiDeleter> nim(nifti_make_new_nim(dims, datatype, 0));
  if (!nim) throw std::runtime_error(file.string() + ": nifti_clib could not make an image header");
  // The type decides the magic: "n+1"/"n+2" for one file, "ni1"/"ni2" for a pair.
  nim->nifti_type = target.pair ? (nifti2 ? NIFTI_FTYPE_NIFTI2_2 : NIFTI_FTYPE_NIFTI1_2)
                                : (nifti2 ? NIFTI_FTYPE_NIFTI2_1 : NIFTI_FTYPE_NIFTI1_1);
  nim->dx = nim->pixdim[1] = volume.spacing[0];
  nim->dy = nim->pixdim[2] = volume.spacing[1];
  nim->dz = nim->pixdim[3] = volume.spacing[2];
  nim->xyz_units = NIFTI_UNITS_MM;
  nim->scl_slope = 1.0;
  nim->scl_inter = 0.0;
  setTransforms(*nim, volume, options.xformCode);
  // vox_offset: the data follows the header and the 4-byte extension flag, 16-byte aligned (352 for NIfTI-1, 544
  // for NIfTI-2); 0 in the .img of a pair. (3.0.1's nifti_set_iname_offset gives 0 for NIFTI_FTYPE_NIFTI2_1.)
  const std::int64_t headerSize = (nifti2 ? sizeof(nifti_2_header) : sizeof(nifti_1_header)) + 4;
  nim->iname_offset = target.pair ? 0 : (headerSize + 15) / 16 * 16;

  const std::string header = headerBytes(*nim, nifti2, file);
  const void* data = converted.empty() ? static_cast<const void*>(volume.voxels.data())
                                       : static_cast<const void*>(converted.data());
  const std::size_t dataBytes = static_cast<std::size_t>(count) * static_cast<std::size_t>(nim->nbyper);

  if (target.pair) {
    // Both temporaries complete before either is renamed; the .img goes first, so that a reader that finds the
    // new .hdr also finds its data.
    Output image(target.image, false), head(target.header, false);
    image.write(data, dataBytes);
    head.write(header.data(), header.size());
    image.commit();
    head.commit();
    return;
  }
  Output out(target.header, target.compressed);
  out.write(header.data(), header.size());
  const std::string padding(static_cast<std::size_t>(nim->iname_offset) - header.size(), '\0');  // empty today
  out.write(padding.data(), padding.size());
  out.write(data, dataBytes);
  out.commit();
}

}  // namespace vl::core
