#include "core/io/ByteReader.h"

#include <fstream>

namespace vl::core {

ByteReader ByteReader::fromFile(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file for reading");
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot determine the file size");
  std::vector<char> bytes(size);
  if (size > 0 && !in.read(bytes.data(), static_cast<std::streamsize>(size)))
    throw FormatError(file, "", "read failed");
  return ByteReader(file, std::move(bytes));
}

std::string ByteReader::readString(std::uint64_t length, const char* what) {
  require(length, 1, what);
  std::string text(bytes_.data() + offset_, static_cast<std::size_t>(length));
  offset_ += static_cast<std::size_t>(length);
  return text;
}

void ByteReader::fail(const std::string& problem) const {
  throw FormatError(file_, "byte " + std::to_string(offset()), problem);
}

void ByteReader::require(std::uint64_t count, std::size_t elementSize, const char* what) const {
  if (count > remaining() / elementSize) {
    fail(std::string("file ends before ") + what + " (needs " + std::to_string(count) + " x " +
         std::to_string(elementSize) + " bytes, " + std::to_string(remaining()) + " left)");
  }
}

}  // namespace vl::core
