#pragma once
// SHA-256 (FIPS 180-4) of bytes and of files, as lower-case hex: model bundles may pin their TorchScript file with
// a "sha256" field, and SHA256SUMS files list the same digest. Small and dependency-free on purpose.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace vl::core {

class Sha256 {
public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // The digest of everything given so far; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();
  std::string finishHex();

private:
  void compressBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;
};

std::string sha256Hex(std::string_view bytes);
// Reads the file in chunks; throws std::runtime_error naming the file when it cannot be read.
std::string sha256HexOfFile(const std::filesystem::path& file);

}  // namespace vl::core
