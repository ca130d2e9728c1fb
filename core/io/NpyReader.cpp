#include "core/io/NpyReader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/ByteBuffer.h"

namespace vl::core {
namespace {
constexpr std::string_view kMagic{"\x93NUMPY", 6};
// numpy itself refuses headers over 10000 bytes by default; ours are parsed in linear time, so a generous limit
// costs nothing, but a length field claiming gigabytes must still fail before we allocate.
constexpr std::uint32_t kMaxHeaderLength = 1u << 20;
constexpr std::size_t kMaxRank = 64;                          // numpy 2 allows 64 dimensions
constexpr std::int64_t kMaxExtent = std::int64_t(1) << 48;    // a single axis larger than this cannot be real

struct Prefix {
  std::size_t size = 0;            // magic + version + length field
  std::uint32_t headerLength = 0;  // the dict text including its padding and newline
};

struct Layout {
  NpyArray::DType dtype = NpyArray::DType::Float32;
  bool bigEndian = false;
  bool fortranOrder = false;
  std::vector<std::int64_t> shape;
  std::string descr;
};

[[noreturn]] void failAt(const std::filesystem::path& file, std::uint64_t offset, const std::string& problem) {
  throw FormatError(file, "byte " + std::to_string(offset), problem);
}

Prefix parsePrefix(const std::filesystem::path& file, const unsigned char* bytes, std::size_t available,
                   std::uint64_t fileSize) {
  if (available < kMagic.size() || std::memcmp(bytes, kMagic.data(), kMagic.size()) != 0)
    failAt(file, 0, "not a NumPy .npy file (expected the magic string \\x93NUMPY)");
  if (available < 8) failAt(file, 6, "file ends before the format version");
  const unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    failAt(file, 6, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                        " (expected 1.0, 2.0 or 3.0)");
  Prefix prefix;
  if (major == 1) {
    if (available < 10) failAt(file, 8, "file ends before the header length");
    prefix.size = 10;
    prefix.headerLength = static_cast<std::uint32_t>(bytes[8]) | static_cast<std::uint32_t>(bytes[9]) << 8;
  } else {
    if (available < 12) failAt(file, 8, "file ends before the header length");
    prefix.size = 12;
    prefix.headerLength = static_cast<std::uint32_t>(bytes[8]) | static_cast<std::uint32_t>(bytes[9]) << 8 |
                          static_cast<std::uint32_t>(bytes[10]) << 16 | static_cast<std::uint32_t>(bytes[11]) << 24;
  }
  if (prefix.headerLength > kMaxHeaderLength)
    failAt(file, 8, "header length " + std::to_string(prefix.headerLength) + " exceeds the limit of " +
                        std::to_string(kMaxHeaderLength) + " bytes");
  if (prefix.size + prefix.headerLength > fileSize)
    failAt(file, 8, "header length " + std::to_string(prefix.headerLength) + " runs past the end of the file (" +
                        std::to_string(fileSize) + " bytes)");
  return prefix;
}

std::optional<std::pair<NpyArray::DType, bool>> dtypeFrom(const std::string& descr) {
  if (descr.size() != 3) return std::nullopt;
  const char order = descr[0];
  const std::string_view kind = std::string_view(descr).substr(1);
  using D = NpyArray::DType;
  if (kind == "u1" && (order == '|' || order == '<' || order == '>')) return std::pair{D::UInt8, false};
  if (order != '<' && order != '>') return std::nullopt;
  const bool big = order == '>';
  if (kind == "f4") return std::pair{D::Float32, big};
  if (kind == "f8") return std::pair{D::Float64, big};
  if (kind == "i2") return std::pair{D::Int16, big};
  if (kind == "i4") return std::pair{D::Int32, big};
  return std::nullopt;
}

// Recursive descent over exactly what numpy writes (repr of a dict of str, bool and tuple of int), with the
// freedoms Python's literal syntax gives: either quote, optional trailing commas, spaces anywhere, and the 'L'
// suffix Python 2 wrote after long integers.
class HeaderParser {
public:
  HeaderParser(const std::filesystem::path& file, std::string_view text, std::size_t base)
      : file_(file), text_(text), base_(base) {}

  Layout parse() {
    Layout layout;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    skipSpace();
    expect('{', "'{' opening the header dict");
    while (true) {
      skipSpace();
      if (peek('}')) break;
      const std::size_t keyAt = pos_;
      const std::string key = parseString("a dict key");
      skipSpace();
      expect(':', "':' after a dict key");
      skipSpace();
      auto once = [&](bool& seen) {
        if (seen) failAtKey(keyAt, "key '" + key + "' appears twice");
        seen = true;
      };
      if (key == "descr") {
        once(haveDescr);
        parseDescr(layout);
      } else if (key == "fortran_order") {
        once(haveOrder);
        layout.fortranOrder = parseBool();
      } else if (key == "shape") {
        once(haveShape);
        layout.shape = parseShape();
      } else {
        failAtKey(keyAt, "unexpected key '" + key + "' (expected descr, fortran_order and shape)");
      }
      skipSpace();
      if (peek(',')) {
        ++pos_;
        continue;
      }
      skipSpace();
      if (!peek('}')) fail("expected ',' or '}' after a dict value");
    }
    ++pos_;  // '}'
    skipSpace();
    if (pos_ != text_.size()) fail("unexpected text after the header dict (only spaces and a newline may follow)");
    if (!haveDescr || !haveOrder || !haveShape)
      throw FormatError(file_, "byte " + std::to_string(base_),
                        std::string("the .npy header lacks the key '") +
                            (!haveDescr ? "descr" : !haveOrder ? "fortran_order" : "shape") + "'");
    return layout;
  }

private:
  [[noreturn]] void fail(const std::string& problem) const { failAtKey(pos_, problem); }
  [[noreturn]] void failAtKey(std::size_t at, const std::string& problem) const {
    failAt(file_, base_ + at, "in the .npy header: " + problem);
  }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c, const char* what) {
    if (!peek(c)) fail(std::string("expected ") + what);
    ++pos_;
  }

  std::string parseString(const char* what) {
    if (!peek('\'') && !peek('"')) fail(std::string("expected a quoted string as ") + what);
    const char quote = text_[pos_++];
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_++];
      if (c == quote) break;
      if (c == '\\') fail("escape sequences in strings are not supported");
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
        fail("non-printable or non-ASCII character in a string");
      if (value.size() >= 64) fail("string longer than 64 characters");
      value += c;
    }
    return value;
  }

  void parseDescr(Layout& layout) {
    if (peek('[')) fail("structured (record) dtypes are not supported (expected a plain numeric descr)");
    const std::size_t at = pos_;
    layout.descr = parseString("the descr value");
    if (layout.descr == "|O" || layout.descr == "O" || layout.descr == "<O" || layout.descr == ">O")
      failAtKey(at, "object arrays (descr '" + layout.descr + "') are not supported; save a numeric array");
    const auto dtype = dtypeFrom(layout.descr);
    if (!dtype)
      failAtKey(at, "unsupported dtype '" + layout.descr +
                        "' (expected float32 '<f4', float64 '<f8', int16 '<i2', int32 '<i4' or uint8 '|u1', "
                        "little- or big-endian; convert with array.astype(...))");
    layout.dtype = dtype->first;
    layout.bigEndian = dtype->second;
  }

  bool parseBool() {
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    fail("expected True or False for fortran_order");
  }

  std::int64_t parseInt() {
    const std::size_t start = pos_;
    std::int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      value = value * 10 + (text_[pos_] - '0');
      if (value > kMaxExtent) failAtKey(start, "shape dimension larger than " + std::to_string(kMaxExtent));
      ++pos_;
    }
    if (pos_ == start) fail("expected a non-negative integer in the shape");
    if (peek('L')) ++pos_;
    return value;
  }

  std::vector<std::int64_t> parseShape() {
    expect('(', "'(' opening the shape tuple");
    std::vector<std::int64_t> shape;
    bool trailingComma = false;
    while (true) {
      skipSpace();
      if (peek(')')) break;
      if (shape.size() >= kMaxRank) fail("more than " + std::to_string(kMaxRank) + " dimensions");
      shape.push_back(parseInt());
      skipSpace();
      trailingComma = false;
      if (peek(',')) {
        ++pos_;
        trailingComma = true;
      } else if (!peek(')')) {
        fail("expected ',' or ')' in the shape tuple");
      }
    }
    // "(3)" is the integer 3 in Python, not a tuple: numpy never writes it.
    if (shape.size() == 1 && !trailingComma) fail("a one-dimensional shape must be written (n,)");
    ++pos_;  // ')'
    return shape;
  }

  const std::filesystem::path& file_;
  std::string_view text_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// The data must fill the rest of the file exactly: fewer bytes is a truncated file, more means the shape lies.
std::uint64_t checkDataSize(const std::filesystem::path& file, const Layout& layout, std::uint64_t dataOffset,
                            std::uint64_t available) {
  const bool empty = std::any_of(layout.shape.begin(), layout.shape.end(), [](auto e) { return e == 0; });
  std::uint64_t needed = empty ? 0 : NpyArray::bytesPerElement(layout.dtype);
  bool overflow = false;
  for (auto extent : layout.shape) {
    if (empty) break;
    const auto e = static_cast<std::uint64_t>(extent);
    if (needed > std::numeric_limits<std::uint64_t>::max() / e) {
      overflow = true;  // checked before multiplying: a wrapped product could look small enough
      break;
    }
    needed *= e;
  }
  if (overflow || needed != available)
    failAt(file, dataOffset, "shape " + shapeText(layout.shape) + " of '" + layout.descr + "' needs " +
                                 (overflow ? std::string("more than 2^64") : std::to_string(needed)) +
                                 " data bytes but the file has " + std::to_string(available) + " after the header");
  return needed;
}

void toNativeOrder(NpyArray& array, bool bigEndianFile) {
  const std::size_t item = NpyArray::bytesPerElement(array.dtype);
  if (item == 1 || bigEndianFile == (std::endian::native == std::endian::big)) return;
  for (std::size_t i = 0; i + item <= array.data.size(); i += item)
    std::reverse(array.data.begin() + static_cast<std::ptrdiff_t>(i),
                 array.data.begin() + static_cast<std::ptrdiff_t>(i + item));
}

NpyArray arrayFrom(Layout&& layout) {
  NpyArray array;
  array.dtype = layout.dtype;
  array.fortranOrder = layout.fortranOrder;
  array.shape = std::move(layout.shape);
  return array;
}
}  // namespace

NpyArray parseNpy(std::span<const std::byte> bytes, const std::filesystem::path& file) {
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
  const Prefix prefix = parsePrefix(file, raw, std::min<std::size_t>(bytes.size(), 12), bytes.size());
  const std::string_view text(reinterpret_cast<const char*>(raw) + prefix.size, prefix.headerLength);
  Layout layout = HeaderParser(file, text, prefix.size).parse();
  const std::uint64_t dataOffset = prefix.size + prefix.headerLength;
  const auto dataBytes = checkDataSize(file, layout, dataOffset, bytes.size() - dataOffset);
  const bool big = layout.bigEndian;
  NpyArray array = arrayFrom(std::move(layout));
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(dataOffset),
                    bytes.begin() + static_cast<std::ptrdiff_t>(dataOffset + dataBytes));
  toNativeOrder(array, big);
  return array;
}

// Streams from the file rather than reading it whole first: response matrices can be gigabytes, and holding the
// file and the array at once would double the peak memory.
namespace {
// An opened .npy file positioned at its data, with the header parsed and the data size checked.
struct OpenedNpy {
  std::ifstream in;
  Layout layout;
  std::uint64_t dataOffset = 0, dataBytes = 0;
};

OpenedNpy openNpy(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  const std::uint64_t fileSize = std::filesystem::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot determine the file size");
  OpenedNpy opened;
  opened.in.open(file, std::ios::binary);
  if (!opened.in) throw FormatError(file, "", "cannot open the file for reading");

  unsigned char head[12] = {};
  const auto headSize = static_cast<std::size_t>(std::min<std::uint64_t>(fileSize, sizeof head));
  if (!opened.in.read(reinterpret_cast<char*>(head), static_cast<std::streamsize>(headSize)))
    throw FormatError(file, "byte 0", "read failed");
  const Prefix prefix = parsePrefix(file, head, headSize, fileSize);

  std::string text(prefix.headerLength, '\0');
  opened.in.seekg(static_cast<std::streamoff>(prefix.size));
  if (!opened.in.read(text.data(), static_cast<std::streamsize>(text.size())))
    throw FormatError(file, "byte " + std::to_string(prefix.size), "read of the header failed");
  opened.layout = HeaderParser(file, text, prefix.size).parse();
  opened.dataOffset = prefix.size + prefix.headerLength;
  opened.dataBytes = checkDataSize(file, opened.layout, opened.dataOffset, fileSize - opened.dataOffset);
  return opened;
}

void readData(OpenedNpy& opened, const std::filesystem::path& file, void* destination) {
  if (opened.dataBytes > 0 &&
      !opened.in.read(static_cast<char*>(destination), static_cast<std::streamsize>(opened.dataBytes)))
    throw FormatError(file, "byte " + std::to_string(opened.dataOffset), "read of the array data failed");
}
}  // namespace

NpyArray readNpy(const std::filesystem::path& file) {
  auto opened = openNpy(file);
  const bool big = opened.layout.bigEndian;
  const auto dataBytes = opened.dataBytes;
  requireMemory(dataBytes, file, "header shape");
  NpyArray array = arrayFrom(std::move(opened.layout));
  array.data.resize(static_cast<std::size_t>(dataBytes));
  readData(opened, file, array.data.data());
  toNativeOrder(array, big);
  return array;
}

std::vector<float> readNpyAsFloat(const std::filesystem::path& file, std::vector<std::int64_t>& shape) {
  auto opened = openNpy(file);
  const auto& layout = opened.layout;
  const bool native = layout.bigEndian == (std::endian::native == std::endian::big);
  if (layout.dtype != NpyArray::DType::Float32 || layout.fortranOrder || !native) {
    opened.in.close();
    const auto array = readNpy(file);
    shape = array.shape;
    return array.toFloat();
  }
  shape = layout.shape;
  // Reserve first so that the buffer asks for huge pages before clearing touches it: page faults, not copying,
  // dominate filling a fresh buffer of this size.
  const auto count = static_cast<std::size_t>(opened.dataBytes / sizeof(float));
  requireMemory(opened.dataBytes, file, "header shape");
  std::vector<float> values;
  values.reserve(count);
  adviseHugePages(values.data(), count * sizeof(float));
  values.resize(count);
  readData(opened, file, values.data());
  return values;
}

}  // namespace vl::core
