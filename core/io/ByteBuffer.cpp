#include "core/io/ByteBuffer.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/base/FormatError.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace vl::core {

void adviseHugePages(void* data, std::size_t bytes) {
#if defined(MADV_HUGEPAGE)
  if (!data || bytes < (std::size_t(4) << 20)) return;
  const auto pageSize = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + pageSize - 1) / pageSize * pageSize;
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) / pageSize * pageSize;
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice: failure is fine
#else
  (void)data;
  (void)bytes;
#endif
}

ByteBuffer::ByteBuffer(std::size_t size)
    : bytes_(std::make_unique_for_overwrite<std::uint8_t[]>(size)), size_(size), capacity_(size) {
  adviseHugePages(bytes_.get(), size);
}

void ByteBuffer::resize(std::size_t size) {
  if (size > capacity_) {
    auto grown = std::make_unique_for_overwrite<std::uint8_t[]>(size);
    adviseHugePages(grown.get(), size);
    if (size_ > 0) std::memcpy(grown.get(), bytes_.get(), size_);
    bytes_ = std::move(grown);
    capacity_ = size;
  }
  size_ = size;
}

ByteBuffer readFileBytes(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot read the file size (" + error.message() + ")");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file for reading");
  ByteBuffer bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  // A file that shrank between the size query and the read is read as what is there now.
  bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return bytes;
}

}  // namespace vl::core
