#include "core/io/ContentHash.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace vl::core {

std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::uint64_t hashFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot open the file to fingerprint it");
  std::vector<char> buffer(1 << 20);
  std::uint64_t h = 14695981039346656037ull;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    h = hashBytes(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())), h);
  }
  return h;
}

std::string toHex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace vl::core
