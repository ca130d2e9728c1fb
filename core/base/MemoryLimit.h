#pragma once
// The most memory one read of one file may ask for. Headers state sizes, and a damaged or hostile header (or a real
// NSD session of several GB on a laptop) would otherwise make a reader allocate more than the machine has: the
// process is killed, or swaps for minutes, instead of saying what is wrong. Readers call requireMemory() with the
// bytes the header implies before they allocate.
// Default: the machine's physical memory. Lower it with the environment variable VOXELLENS_MAX_MEMORY or any
// command's --max-memory option (e.g. "6G", "512M", "1.5G", or plain bytes).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace vl::core {

std::uint64_t maxReadMemory();
void setMaxReadMemory(std::uint64_t bytes);  // 0 = back to the default
// "6G", "512M", "64K", "1.5G" (binary units, case-insensitive, optional trailing B/iB) or plain bytes; nullopt when
// the text is not a size.
std::optional<std::uint64_t> parseMemorySize(const std::string& text);
std::string formatMemorySize(std::uint64_t bytes);  // "6.0 GiB", "512 MiB"
// Throws FormatError(file, field, ...) when `bytes` exceeds maxReadMemory(), naming the limit and how to raise it.
void requireMemory(std::uint64_t bytes, const std::filesystem::path& file, const std::string& field);

}  // namespace vl::core
