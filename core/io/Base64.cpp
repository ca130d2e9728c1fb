#include "core/io/Base64.h"

#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace vl::core {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xFF, kSpace = 0xFE, kPad = 0xFD;

// One table lookup per character classifies it: a sextet value (0..63), whitespace, padding or invalid.
constexpr std::array<std::uint8_t, 256> makeTable() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) table[c] = kSpace;
  table['='] = kPad;
  return table;
}
constexpr auto kTable = makeTable();

// The same classification pre-shifted to the place of the character in its group of four, so that a group decodes
// with four lookups and three ORs: any character that is not in the alphabet sets bit 24 (kNotSextet).
constexpr std::uint32_t kNotSextet = 1u << 24;
constexpr std::array<std::array<std::uint32_t, 256>, 4> makeShiftedTables() {
  std::array<std::array<std::uint32_t, 256>, 4> tables{};
  for (int position = 0; position < 4; ++position)
    for (int c = 0; c < 256; ++c)
      tables[position][c] = kTable[c] < 64 ? std::uint32_t(kTable[c]) << (18 - 6 * position) : kNotSextet;
  return tables;
}
constexpr auto kShifted = makeShiftedTables();

// Decodes whole groups of four alphabet characters from p[i] on while at least 4 bytes of room are left (each
// group stores 4 bytes, the last one overwritten by the next group or left beyond the 3 counted). Stops at the
// first group holding anything else, which the caller handles character by character.
void decodeGroups(const unsigned char* p, std::size_t n, std::size_t& i, std::uint8_t*& o, const std::uint8_t* end) {
  while (i + 4 <= n && end - o >= 4) {
    const std::uint32_t v = kShifted[0][p[i]] | kShifted[1][p[i + 1]] | kShifted[2][p[i + 2]] | kShifted[3][p[i + 3]];
    if (v & kNotSextet) return;
    std::uint32_t bytes = v << 8;  // the three bytes most significant first, then a spare zero
    if constexpr (std::endian::native == std::endian::little) bytes = __builtin_bswap32(bytes);
    std::memcpy(o, &bytes, 4);
    o += 3;
    i += 4;
  }
}
}  // namespace

void appendBase64(std::string& out, const void* data, std::size_t size) {
  const auto* in = static_cast<const std::uint8_t*>(data);
  const std::size_t start = out.size();
  out.resize(start + (size + 2) / 3 * 4);
  char* o = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v = (std::uint32_t(in[i]) << 16) | (std::uint32_t(in[i + 1]) << 8) | in[i + 2];
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
    *o++ = kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const std::uint32_t v = std::uint32_t(in[i]) << 16;
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = '=';
    *o++ = '=';
  } else if (size - i == 2) {
    const std::uint32_t v = (std::uint32_t(in[i]) << 16) | (std::uint32_t(in[i + 1]) << 8);
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
    *o++ = '=';
  }
}

std::string encodeBase64(const void* data, std::size_t size) {
  std::string out;
  appendBase64(out, data, size);
  return out;
}

Base64Decoder::Status Base64Decoder::feed(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  // Reserve room for everything this piece can decode to, up to the limit, then write through a raw pointer.
  const std::size_t start = out_.size();
  std::size_t room = (n + static_cast<std::size_t>(groupSize_ + padding_)) / 4 * 3;
  if (room > maxBytes_ - start) room = maxBytes_ - start;
  out_.resize(start + room);
  std::uint8_t* o = out_.data() + start;
  std::uint8_t* const end = o + room;
  auto fail = [&](Status status, std::size_t at) {
    out_.resize(static_cast<std::size_t>(o - out_.data()));
    errorOffset_ = fed_ + at;
    return status;
  };

  std::size_t i = 0;
  while (i < n) {
    // Fast path: whole groups of four alphabet characters, the bulk of any GIfTI data block.
    if (groupSize_ == 0 && padding_ == 0) {
      decodeGroups(p, n, i, o, end);
      while (i + 4 <= n) {
        const std::uint8_t a = kTable[p[i]], b = kTable[p[i + 1]], c = kTable[p[i + 2]], d = kTable[p[i + 3]];
        if ((a | b | c | d) & 0xC0) break;
        if (end - o < 3) return fail(Status::TooMuchData, i);
        const std::uint32_t v = (std::uint32_t(a) << 18) | (std::uint32_t(b) << 12) | (std::uint32_t(c) << 6) | d;
        o[0] = static_cast<std::uint8_t>(v >> 16);
        o[1] = static_cast<std::uint8_t>(v >> 8);
        o[2] = static_cast<std::uint8_t>(v);
        o += 3;
        i += 4;
      }
      if (i >= n) break;
    }
    const std::uint8_t v = kTable[p[i]];
    if (v == kSpace) {
      ++i;
      continue;
    }
    if (v == kInvalid) return fail(Status::BadCharacter, i);
    if (v == kPad) {
      // "xx==" or "xxx=": padding only completes a group of two or three characters.
      if (groupSize_ + padding_ < 2 || groupSize_ + padding_ >= 4) return fail(Status::BadCharacter, i);
      ++padding_;
      if (groupSize_ + padding_ == 4) {
        const std::size_t bytes = groupSize_ == 2 ? 1 : 2;
        if (static_cast<std::size_t>(end - o) < bytes) return fail(Status::TooMuchData, i);
        const std::uint32_t bits = group_ << (6 * padding_);
        o[0] = static_cast<std::uint8_t>(bits >> 16);
        if (bytes == 2) o[1] = static_cast<std::uint8_t>(bits >> 8);
        o += bytes;
        groupSize_ = 4;  // marks "complete, padded": anything but whitespace is an error from now on
      }
      ++i;
      continue;
    }
    if (padding_ > 0) return fail(Status::DataAfterPadding, i);
    group_ = (group_ << 6) | v;
    if (++groupSize_ == 4) {
      if (end - o < 3) return fail(Status::TooMuchData, i);
      o[0] = static_cast<std::uint8_t>(group_ >> 16);
      o[1] = static_cast<std::uint8_t>(group_ >> 8);
      o[2] = static_cast<std::uint8_t>(group_);
      o += 3;
      group_ = 0;
      groupSize_ = 0;
    }
    ++i;
  }
  out_.resize(static_cast<std::size_t>(o - out_.data()));
  fed_ += n;
  return Status::Ok;
}

Base64Decoder::Status Base64Decoder::finish() {
  errorOffset_ = fed_;
  if (padding_ > 0) return groupSize_ == 4 ? Status::Ok : Status::Truncated;
  if (groupSize_ == 1) return Status::Truncated;
  if (groupSize_ >= 2) {
    // Unpadded tail ("xx" or "xxx"): RFC 4648 lets writers leave the padding out.
    const std::size_t bytes = groupSize_ == 2 ? 1 : 2;
    if (maxBytes_ - out_.size() < bytes) return Status::TooMuchData;
    const std::uint32_t bits = group_ << (6 * (4 - groupSize_));
    out_.push_back(static_cast<std::uint8_t>(bits >> 16));
    if (bytes == 2) out_.push_back(static_cast<std::uint8_t>(bits >> 8));
    groupSize_ = 0;
  }
  return Status::Ok;
}

std::vector<std::uint8_t> decodeBase64(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 3);
  Base64Decoder decoder(out, text.size() / 4 * 3 + 3);
  auto status = decoder.feed(text);
  if (status == Base64Decoder::Status::Ok) status = decoder.finish();
  if (status != Base64Decoder::Status::Ok)
    throw std::invalid_argument(std::string(toString(status)) + " at character " +
                                std::to_string(decoder.errorOffset()));
  return out;
}

const char* toString(Base64Decoder::Status status) {
  switch (status) {
    case Base64Decoder::Status::Ok: return "ok";
    case Base64Decoder::Status::BadCharacter: return "a character outside the base64 alphabet";
    case Base64Decoder::Status::DataAfterPadding: return "base64 data after the '=' padding";
    case Base64Decoder::Status::TooMuchData: return "more base64 data than the array holds";
    case Base64Decoder::Status::Truncated: return "base64 data ends in the middle of a group of four characters";
  }
  return "?";
}

}  // namespace vl::core
