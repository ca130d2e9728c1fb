#pragma once
// Base64 (RFC 4648, standard alphabet) for GIfTI's Base64Binary and GZipBase64Binary data. The decoder is
// streaming: XML parsers hand character data over in pieces, and decoding each piece as it arrives means the
// encoded text is never held in memory as a whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl::core {

// Appends the encoding of size bytes to out, without line breaks, padded with '='.
void appendBase64(std::string& out, const void* data, std::size_t size);
std::string encodeBase64(const void* data, std::size_t size);

class Base64Decoder {
 public:
  enum class Status { Ok, BadCharacter, DataAfterPadding, TooMuchData, Truncated };

  // Decoded bytes are appended to out, which never grows past maxBytes (TooMuchData instead): a caller that knows
  // how many bytes to expect passes that number and so cannot be made to allocate more.
  Base64Decoder(std::vector<std::uint8_t>& out, std::size_t maxBytes) : out_(out), maxBytes_(maxBytes) {}

  // Decodes one piece of text. Whitespace is skipped; '=' padding ends the data (only whitespace may follow).
  // On an error, errorOffset() is the offset in all the text fed so far of the character at fault.
  Status feed(std::string_view text);
  Status finish();  // checks that no partial group of characters is left over

  std::size_t errorOffset() const { return errorOffset_; }

 private:
  std::vector<std::uint8_t>& out_;
  std::size_t maxBytes_;
  std::uint32_t group_ = 0;  // sextets of the current 4-character group, most significant first
  int groupSize_ = 0;        // characters in group_
  int padding_ = 0;          // '=' seen
  std::size_t fed_ = 0;      // characters fed before the current piece
  std::size_t errorOffset_ = 0;
};

// Whole-buffer convenience; throws std::invalid_argument naming the offset of a bad character.
std::vector<std::uint8_t> decodeBase64(std::string_view text);
const char* toString(Base64Decoder::Status status);

}  // namespace vl::core
