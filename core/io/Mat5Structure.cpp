#include "core/io/Mat5Structure.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/Gzip.h"

namespace vl::core {
namespace {

constexpr std::size_t kHeaderBytes = 128;
constexpr std::uint32_t kMiMatrix = 14, kMiCompressed = 15;
constexpr int kMaxDepth = 32;  // cells and structs nest matrices; real files nest a few levels

struct Walker {
  const std::filesystem::path& file;
  bool bigEndian;

  std::uint32_t word(std::span<const std::uint8_t> bytes, std::size_t at) const {
    const std::uint32_t b0 = bytes[at], b1 = bytes[at + 1], b2 = bytes[at + 2], b3 = bytes[at + 3];
    return bigEndian ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0);
  }

  // Walks the data elements in `bytes`; `origin` is the file offset of bytes[0] (or of the compressed element they
  // were inflated from, for messages).
  void walk(std::span<const std::uint8_t> bytes, std::uint64_t origin, bool inflated, int depth) const {
    if (depth > kMaxDepth) throw FormatError(file, "byte " + std::to_string(origin), "matrices nested too deeply");
    std::size_t at = 0;
    while (at < bytes.size()) {
      const std::string where = std::string(inflated ? "compressed element at byte " : "byte ") +
                                std::to_string(inflated ? origin : origin + at);
      if (bytes.size() - at < 8) {
        // MATLAB pads a top-level stream to 8 bytes; a few trailing zero bytes are not an element.
        for (std::size_t i = at; i < bytes.size(); ++i)
          if (bytes[i] != 0) throw FormatError(file, where, "a data element tag is cut off by the end of its data");
        return;
      }
      const std::uint32_t first = word(bytes, at);
      if ((first >> 16) != 0) {  // small data element: 2-byte length, 2-byte type, up to 4 bytes inline
        if ((first >> 16) > 4) throw FormatError(file, where, "a small data element claims more than 4 bytes");
        at += 8;
        continue;
      }
      const std::uint32_t type = first, length = word(bytes, at + 4);
      const std::size_t body = at + 8;
      if (length > bytes.size() - body)
        throw FormatError(file, where,
                          "a data element (type " + std::to_string(type) + ") claims " + std::to_string(length) +
                              " bytes where " + std::to_string(bytes.size() - body) + " remain");
      const auto content = bytes.subspan(body, length);
      if (type == kMiCompressed) {
        if (inflated) throw FormatError(file, where, "a compressed element inside a compressed element");
        // At most what deflate can expand `length` bytes to, and never more than the memory limit: inflateLimited
        // refuses a stream that would grow past it.
        const std::uint64_t cap = std::min<std::uint64_t>(maxInflatedSize(length), maxReadMemory());
        const auto plain = inflateLimited(content, static_cast<std::size_t>(cap), file, where);
        walk(plain, origin + at, true, depth + 1);
      } else if (type == kMiMatrix) {
        // Inside a matrix: array flags, dimensions, name, then data (or fields and cells, which are matrices).
        walk(content, inflated ? origin : origin + body, inflated, depth + 1);
      }
      // Uncompressed elements are padded to 8 bytes; a compressed element's length is exact.
      at = body + length;
      if (type != kMiCompressed) at = std::min(bytes.size(), (at + 7) / 8 * 8);
    }
  }
};

// Level 4 files (no 128-byte header): a run of variables, each a 20-byte header (type MOPT, rows, columns, imagf,
// name length), the name, then rows x columns values (twice for complex). libmatio allocates and clears what the
// header says while it opens the file, so every variable's size is checked against the bytes that remain.
void checkMat4Structure(std::span<const std::uint8_t> bytes, const std::filesystem::path& file) {
  std::size_t at = 0;
  while (bytes.size() - at >= 20) {
    const auto word = [&](std::size_t offset, bool big) {
      const std::uint32_t b0 = bytes[at + offset], b1 = bytes[at + offset + 1], b2 = bytes[at + offset + 2],
                          b3 = bytes[at + offset + 3];
      return static_cast<std::int32_t>(big ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0));
    };
    bool big = false;
    std::int32_t type = word(0, false);
    if (type < 0 || type > 4052) {
      type = word(0, true);
      big = true;
    }
    if (type < 0 || type > 4052) return;  // not a level 4 header: libmatio refuses the file itself
    const std::int64_t rows = word(4, big), columns = word(8, big), complex = word(12, big), nameLength = word(16, big);
    const std::string where = "byte " + std::to_string(at);
    if (rows < 0 || columns < 0 || nameLength < 1 || nameLength > 65536 || (complex != 0 && complex != 1))
      throw FormatError(file, where, "a MATLAB v4 variable header with impossible sizes");
    static constexpr int kValueBytes[] = {8, 4, 4, 2, 2, 1};
    const int precision = (type / 10) % 10;
    if (precision > 5) throw FormatError(file, where, "a MATLAB v4 variable of unknown precision " + std::to_string(type));
    const std::uint64_t values = static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(columns) * (complex ? 2 : 1);
    const std::uint64_t dataBytes = values * static_cast<std::uint64_t>(kValueBytes[precision]);
    const std::uint64_t remaining = bytes.size() - at - 20;
    if (static_cast<std::uint64_t>(nameLength) > remaining || dataBytes > remaining - static_cast<std::uint64_t>(nameLength))
      throw FormatError(file, where,
                        "a MATLAB v4 variable of " + std::to_string(rows) + " x " + std::to_string(columns) +
                            " values claims " + std::to_string(dataBytes) + " bytes where " +
                            std::to_string(remaining) + " remain");
    at += 20 + static_cast<std::size_t>(nameLength) + static_cast<std::size_t>(dataBytes);
  }
}

}  // namespace

void checkMat5Structure(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;  // the reader reports a missing file
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) return;
  requireMemory(size, file, "the whole file");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!in) return;
  if (size < kHeaderBytes) return checkMat4Structure(bytes, file);
  const std::uint8_t* header = bytes.data();
  const bool little = header[126] == 'I' && header[127] == 'M', big = header[126] == 'M' && header[127] == 'I';
  if (!little && !big) return checkMat4Structure(bytes, file);  // no Level 5 header: a Level 4 file, or nothing
  const unsigned version = little ? (header[124] | header[125] << 8) : (header[124] << 8 | header[125]);
  if (version == 0x0200) return;  // v7.3: an HDF5 file, which libhdf5 reads with its own checks
  // Any other version makes libmatio try the file as Level 4 (the 'IM' marker then means nothing), so it gets
  // the Level 4 check; fuzz_nsd_design found a header of version 0 whose first bytes, read as a Level 4 variable,
  // claim a 2 GB name that libmatio allocated and cleared.
  if (version != 0x0100) return checkMat4Structure(bytes, file);
  const Walker walker{file, big};
  walker.walk(std::span<const std::uint8_t>(bytes).subspan(kHeaderBytes), kHeaderBytes, false, 0);
}

}  // namespace vl::core
