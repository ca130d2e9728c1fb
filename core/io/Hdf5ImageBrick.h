#pragma once
// An NSD-style image brick: one HDF5 dataset of uint8 with shape (N, height, width, 3), e.g. imgBrick in
// nsd_stimuli.hdf5 (73000 x 425 x 425 x 3, ~37 GB). Images are read one at a time with a hyperslab, so opening
// the brick costs nothing and memory holds only the images asked for. Every HDF5 call holds the process-wide HDF5
// lock (core/io/Hdf5Library.h): the object may be shared between threads (GUI thumbnails, a decoding job), reads
// are serialised.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vl::core {

// Stimulus images larger than this on a side are refused when the brick is opened (a damaged header would otherwise
// make every image read allocate gigabytes).
inline constexpr unsigned long long kMaxBrickImageSide = 8192;

class Hdf5ImageBrick {
public:
  // Throws FormatError naming the file and dataset when the file is not HDF5, the dataset is missing, or it is
  // not an unsigned 8-bit array of rank 4 whose last dimension is 3.
  Hdf5ImageBrick(const std::filesystem::path& file, const std::string& dataset);
  ~Hdf5ImageBrick();
  Hdf5ImageBrick(Hdf5ImageBrick&& other) noexcept;
  Hdf5ImageBrick& operator=(Hdf5ImageBrick&& other) noexcept;
  Hdf5ImageBrick(const Hdf5ImageBrick&) = delete;
  Hdf5ImageBrick& operator=(const Hdf5ImageBrick&) = delete;

  std::size_t count() const { return count_; }
  std::size_t height() const { return height_; }
  std::size_t width() const { return width_; }
  static constexpr std::size_t channels = 3;
  const std::filesystem::path& file() const { return file_; }
  const std::string& dataset() const { return dataset_; }

  // Image `index` (0-based) as height x width x 3 bytes, row-major, RGB interleaved. Throws std::out_of_range
  // for an index >= count() and FormatError when HDF5 cannot read it (a truncated file, a failing filter).
  std::vector<std::uint8_t> readImage(std::size_t index) const;

private:
  void close() noexcept;
  std::filesystem::path file_;
  std::string dataset_;
  std::int64_t fileId_ = -1, datasetId_ = -1;  // hid_t, kept out of this header
  std::size_t count_ = 0, height_ = 0, width_ = 0;
};

}  // namespace vl::core
