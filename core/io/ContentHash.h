#pragma once
// A fast 64-bit fingerprint (FNV-1a) of a file's bytes or of a string, for cache keys. Not cryptographic.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace vl::core {

std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 14695981039346656037ull);
std::uint64_t hashFile(const std::filesystem::path& file);  // throws std::runtime_error when unreadable
std::string toHex(std::uint64_t value);

}  // namespace vl::core
