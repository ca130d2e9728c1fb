#include "render/FigurePng.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

namespace vl::render {

namespace {
void appendBigEndian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

void appendChunk(std::string& out, const char type[5], const std::string& data) {
  appendBigEndian(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  appendBigEndian(out, static_cast<std::uint32_t>(
                           crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

std::uint32_t readBigEndian(const std::string& in, std::size_t at) {
  return (std::uint32_t(std::uint8_t(in[at])) << 24) | (std::uint32_t(std::uint8_t(in[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(in[at + 2])) << 8) | std::uint32_t(std::uint8_t(in[at + 3]));
}

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
}  // namespace

std::string encodePng(const RenderedImage& image, const std::vector<std::pair<std::string, std::string>>& text) {
  const std::size_t pixels = static_cast<std::size_t>(image.width) * image.height;
  if (image.width <= 0 || image.height <= 0 || image.rgb.size() != pixels * 3 ||
      (!image.alpha.empty() && image.alpha.size() != pixels))
    throw std::invalid_argument("cannot encode a PNG: the image's pixel buffers do not match its size");
  const bool withAlpha = !image.alpha.empty();
  const int channels = withAlpha ? 4 : 3;
  // Each row: filter byte 0 (none), then the pixels.
  std::string raw;
  raw.reserve((static_cast<std::size_t>(image.width) * channels + 1) * image.height);
  for (int row = 0; row < image.height; ++row) {
    raw.push_back('\0');
    for (int column = 0; column < image.width; ++column) {
      const std::size_t i = static_cast<std::size_t>(row) * image.width + column;
      raw.append(reinterpret_cast<const char*>(&image.rgb[3 * i]), 3);
      if (withAlpha) raw.push_back(static_cast<char>(image.alpha[i]));
    }
  }
  uLongf compressedSize = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(compressedSize, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressedSize,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw std::runtime_error("PNG encoding failed: zlib could not compress the pixels");
  compressed.resize(compressedSize);

  std::string out(kSignature, 8);
  std::string header;
  appendBigEndian(header, static_cast<std::uint32_t>(image.width));
  appendBigEndian(header, static_cast<std::uint32_t>(image.height));
  // 8 bits, RGB(A), deflate, no filter, no interlace
  header += {'\x08', withAlpha ? '\x06' : '\x02', '\0', '\0', '\0'};
  appendChunk(out, "IHDR", header);
  for (const auto& [key, value] : text) {
    if (key.empty() || key.size() > 79 || key.find('\0') != std::string::npos)
      throw std::invalid_argument("PNG text key '" + key + "' must be 1..79 characters without NUL");
    appendChunk(out, "tEXt", key + std::string(1, '\0') + value);
  }
  appendChunk(out, "IDAT", compressed);
  appendChunk(out, "IEND", {});
  return out;
}

std::vector<std::pair<std::string, std::string>> pngTextChunks(const std::string& png) {
  if (png.size() < 8 || png.compare(0, 8, std::string(kSignature, 8)) != 0)
    throw std::invalid_argument("not a PNG file (no PNG signature)");
  std::vector<std::pair<std::string, std::string>> chunks;
  std::size_t at = 8;
  while (at + 12 <= png.size()) {
    const std::uint32_t length = readBigEndian(png, at);
    if (length > png.size() - at - 12) throw std::invalid_argument("PNG chunk at byte " + std::to_string(at) +
                                                                   " runs past the end of the file");
    const std::string type = png.substr(at + 4, 4);
    if (type == "tEXt") {
      const std::string data = png.substr(at + 8, length);
      const auto nul = data.find('\0');
      if (nul != std::string::npos) chunks.emplace_back(data.substr(0, nul), data.substr(nul + 1));
    }
    if (type == "IEND") break;
    at += 12 + length;
  }
  return chunks;
}

}  // namespace vl::render
