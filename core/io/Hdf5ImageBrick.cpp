#include "core/io/Hdf5ImageBrick.h"

#include <hdf5.h>

#include <stdexcept>
#include <utility>

#include "core/base/FormatError.h"
#include "core/io/Hdf5Library.h"
#include "core/io/Hdf5MetadataCheck.h"

namespace vl::core {
namespace {
std::string withCause(std::string problem) {
  const std::string cause = takeHdf5ErrorMessage();
  return cause.empty() ? problem : problem + " (HDF5: " + cause + ")";
}
}  // namespace

Hdf5ImageBrick::Hdf5ImageBrick(const std::filesystem::path& file, const std::string& dataset)
    : file_(file), dataset_(dataset) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw FormatError(file, "", "no such file (expected an HDF5 file with dataset '" + dataset + "')");
  auto lock = lockHdf5Library();
  if (H5Fis_hdf5(file.c_str()) <= 0) {
    takeHdf5ErrorMessage();
    throw FormatError(file, "", "not an HDF5 file (expected an HDF5 file with dataset '" + dataset + "')");
  }
  checkHdf5RootGroup(file);  // before libhdf5 follows the root group's addresses, which it trusts
  fileId_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fileId_ < 0) throw FormatError(file, "", withCause("cannot open as HDF5"));
  const std::string where = "dataset '" + dataset + "'";
  try {
    const htri_t exists = H5Lexists(fileId_, dataset.c_str(), H5P_DEFAULT);
    if (exists <= 0) {
      takeHdf5ErrorMessage();
      throw FormatError(file, where, "missing (expected a uint8 array of shape (images, height, width, 3))");
    }
    datasetId_ = H5Dopen2(fileId_, dataset.c_str(), H5P_DEFAULT);
    if (datasetId_ < 0) throw FormatError(file, where, withCause("cannot open (is it a dataset, not a group?)"));
    Hdf5Id type{H5Dget_type(datasetId_), H5Tclose};
    if (H5Tget_class(type.id) != H5T_INTEGER || H5Tget_size(type.id) != 1 || H5Tget_sign(type.id) != H5T_SGN_NONE)
      throw FormatError(file, where, "has an element type other than unsigned 8-bit (expected uint8 pixels)");
    Hdf5Id space{H5Dget_space(datasetId_), H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space.id);
    if (rank != 4)
      throw FormatError(file, where, "has rank " + std::to_string(rank) +
                                         " (expected 4: images x height x width x 3)");
    hsize_t dims[4] = {0, 0, 0, 0};
    H5Sget_simple_extent_dims(space.id, dims, nullptr);
    if (dims[3] != 3)
      throw FormatError(file, where, "has " + std::to_string(dims[3]) +
                                         " values in its last dimension (expected 3: RGB)");
    if (dims[1] == 0 || dims[2] == 0) throw FormatError(file, where, "has images of zero size");
    // Each image read allocates height x width x 3 bytes: a side beyond the limit is a damaged or lying header.
    if (dims[1] > kMaxBrickImageSide || dims[2] > kMaxBrickImageSide)
      throw FormatError(file, where, "has images of " + std::to_string(dims[1]) + " x " + std::to_string(dims[2]) +
                                         " pixels (expected at most " + std::to_string(kMaxBrickImageSide) +
                                         " on a side; NSD's are 425 x 425)");
    // A contiguous brick's pixels are one run of bytes: where the file is shorter than that run (a copy cut off),
    // libhdf5 reads past what it has instead of failing, so the run is checked against the file's size here.
    // A compact brick keeps its pixels in the header: fewer stored bytes than the shape needs is a damaged header
    // (libhdf5 would copy from a null buffer).
    Hdf5Id creation{H5Dget_create_plist(datasetId_), H5Pclose};
    const H5D_layout_t layout = creation.id >= 0 ? H5Pget_layout(creation.id) : H5D_LAYOUT_ERROR;
    if (layout == H5D_COMPACT && H5Dget_storage_size(datasetId_) < dims[0] * dims[1] * dims[2] * 3ull)
      throw FormatError(file, where, "is stored in the header with fewer bytes than its shape needs (damaged header)");
    if (layout == H5D_CONTIGUOUS) {
      const haddr_t offset = H5Dget_offset(datasetId_);
      const unsigned long long needed = dims[0] * dims[1] * dims[2] * 3ull;
      std::error_code sizeError;
      const auto fileSize = std::filesystem::file_size(file, sizeError);
      if (offset != HADDR_UNDEF && !sizeError && (offset > fileSize || needed > fileSize - offset))
        throw FormatError(file, where, "its pixels (" + std::to_string(needed) + " bytes from byte " +
                                           std::to_string(offset) + ") run past the end of the file (" +
                                           std::to_string(fileSize) + " bytes): a truncated copy?");
    }
    count_ = dims[0];
    height_ = dims[1];
    width_ = dims[2];
  } catch (...) {
    close();
    throw;
  }
}

Hdf5ImageBrick::~Hdf5ImageBrick() { close(); }

Hdf5ImageBrick::Hdf5ImageBrick(Hdf5ImageBrick&& other) noexcept { *this = std::move(other); }

Hdf5ImageBrick& Hdf5ImageBrick::operator=(Hdf5ImageBrick&& other) noexcept {
  if (this != &other) {
    close();
    file_ = std::move(other.file_);
    dataset_ = std::move(other.dataset_);
    fileId_ = std::exchange(other.fileId_, -1);
    datasetId_ = std::exchange(other.datasetId_, -1);
    count_ = other.count_;
    height_ = other.height_;
    width_ = other.width_;
  }
  return *this;
}

void Hdf5ImageBrick::close() noexcept {
  if (fileId_ < 0 && datasetId_ < 0) return;
  auto lock = lockHdf5Library();
  if (datasetId_ >= 0) H5Dclose(datasetId_);
  if (fileId_ >= 0) H5Fclose(fileId_);
  datasetId_ = fileId_ = -1;
}

std::vector<std::uint8_t> Hdf5ImageBrick::readImage(std::size_t index) const {
  if (index >= count_)
    throw std::out_of_range("image " + std::to_string(index) + " of " + file_.string() + ":" + dataset_ +
                            ", which holds " + std::to_string(count_));
  std::vector<std::uint8_t> pixels(height_ * width_ * channels);
  auto lock = lockHdf5Library();
  Hdf5Id fileSpace{H5Dget_space(datasetId_), H5Sclose};
  const hsize_t start[4] = {index, 0, 0, 0};
  const hsize_t block[4] = {1, height_, width_, channels};
  Hdf5Id memorySpace{H5Screate_simple(4, block, nullptr), H5Sclose};
  const std::string where = "dataset '" + dataset_ + "' image " + std::to_string(index);
  if (fileSpace.id < 0 || memorySpace.id < 0 ||
      H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, start, nullptr, block, nullptr) < 0)
    throw FormatError(file_, where, withCause("cannot select the image"));
  if (H5Dread(datasetId_, H5T_NATIVE_UINT8, memorySpace.id, fileSpace.id, H5P_DEFAULT, pixels.data()) < 0)
    throw FormatError(file_, where, withCause("cannot read the image (truncated or damaged file?)"));
  return pixels;
}

}  // namespace vl::core
