#pragma once
// Bounds-checked reading of a binary file held in memory. Every read checks the remaining length first and
// throws FormatError naming the file, the byte offset and what was being read, so a lying header cannot make a
// reader run past the end or allocate more than the file could hold.
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/BigEndian.h"

namespace vl::core {

class ByteReader {
public:
  ByteReader(std::filesystem::path file, std::vector<char> bytes) : file_(std::move(file)), bytes_(std::move(bytes)) {}
  // A part of the file that starts at byte firstByte: offsets (and messages) stay those of the whole file.
  ByteReader(std::filesystem::path file, std::vector<char> bytes, std::size_t firstByte)
      : file_(std::move(file)), bytes_(std::move(bytes)), first_(firstByte) {}

  static ByteReader fromFile(const std::filesystem::path& file);  // throws FormatError when unreadable

  std::size_t offset() const { return first_ + offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }
  const std::filesystem::path& file() const { return file_; }

  template <typename T>
  T readLittle(const char* what) { return read<T>(what, std::endian::little); }
  template <typename T>
  T readBig(const char* what) { return read<T>(what, std::endian::big); }

  // Copies count elements of T stored little-endian; checks count*sizeof(T) against the remaining bytes first.
  template <typename T>
  std::vector<T> readLittleArray(std::uint64_t count, const char* what) {
    require(count, sizeof(T), what);
    std::vector<T> out(static_cast<std::size_t>(count));
    if (count == 0) return out;  // an empty vector's data() may be null, which memcpy must not get
    std::memcpy(out.data(), bytes_.data() + offset_, static_cast<std::size_t>(count) * sizeof(T));
    if constexpr (std::endian::native != std::endian::little && sizeof(T) > 1)
      for (auto& v : out) v = reverseBytes(v);
    offset_ += static_cast<std::size_t>(count) * sizeof(T);
    return out;
  }
  // Copies count big-endian elements of 2, 4 or 8 bytes into out, converting to native order in one pass (a
  // per-element readBig costs ten times more on a 160k-vertex surface).
  template <typename T>
  void readBigArray(T* out, std::uint64_t count, const char* what) {
    static_assert(sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);
    require(count, sizeof(T), what);
    const std::size_t bytes = static_cast<std::size_t>(count) * sizeof(T);
    if (bytes == 0) return;  // out may be null for an empty array
    std::memcpy(out, bytes_.data() + offset_, bytes);
    if constexpr (std::endian::native == std::endian::little) {
      using Word = std::conditional_t<sizeof(T) == 2, std::uint16_t, std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>;
      auto* words = reinterpret_cast<unsigned char*>(out);
      for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
        Word w;
        std::memcpy(&w, words + i * sizeof(T), sizeof(T));
        if constexpr (sizeof(T) == 2) w = __builtin_bswap16(w);
        else if constexpr (sizeof(T) == 4) w = __builtin_bswap32(w);
        else w = __builtin_bswap64(w);
        std::memcpy(words + i * sizeof(T), &w, sizeof(T));
      }
    }
    offset_ += bytes;
  }
  std::string readString(std::uint64_t length, const char* what);

  [[noreturn]] void fail(const std::string& problem) const;
  void require(std::uint64_t count, std::size_t elementSize, const char* what) const;

private:
  template <typename T>
  T read(const char* what, std::endian order) {
    require(1, sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return order == std::endian::native ? value : reverseBytes(value);
  }

  std::filesystem::path file_;
  std::vector<char> bytes_;
  std::size_t first_ = 0;   // file offset of bytes_[0]
  std::size_t offset_ = 0;  // in bytes_
};

}  // namespace vl::core
