#pragma once
// Bytes on the heap that are not cleared when allocated, for buffers that a file read or an inflation then fills:
// clearing hundreds of megabytes first costs time, and for a size that a damaged file merely claims it would also
// commit memory that is never used (pages that are never written cost nothing). Buffers of 4 MiB and more ask for
// transparent huge pages (adviseHugePages).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace vl::core {

class ByteBuffer {
public:
  ByteBuffer() = default;
  explicit ByteBuffer(std::size_t size);  // throws std::bad_alloc

  std::uint8_t* data() { return bytes_.get(); }
  const std::uint8_t* data() const { return bytes_.get(); }
  std::size_t size() const { return size_; }
  std::span<std::uint8_t> span() { return {bytes_.get(), size_}; }
  std::span<const std::uint8_t> span() const { return {bytes_.get(), size_}; }

  // Keeps the first min(old, new) bytes; bytes beyond the old size are not cleared. Shrinking never reallocates.
  void resize(std::size_t size);

private:
  std::unique_ptr<std::uint8_t[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Asks the kernel to back a large buffer with transparent huge pages (Linux madvise MADV_HUGEPAGE on the whole pages
// inside it, as NumPy does for arrays of 4 MiB and more): the first writes to a fresh 140 MB buffer then take 70
// page faults of 2 MiB instead of 35,000 of 4 KiB, and those faults, not the arithmetic, dominated reading a large
// volume. Advice only: call it before the first write; where
// THP is off (or on other systems) nothing changes. Does nothing below 4 MiB.
void adviseHugePages(void* data, std::size_t bytes);

// The whole file in one read. Throws FormatError when it is missing, not a regular file or cannot be read.
ByteBuffer readFileBytes(const std::filesystem::path& file);

}  // namespace vl::core
