#include "core/io/GiftiReader.h"

#include <expat.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <atomic>
#include <exception>
#include <functional>
#include <fstream>
#include <limits>
#include <memory>
#include <thread>
#include <utility>

#include "core/base/FormatError.h"
#include "core/io/ArrayOrder.h"
#include "core/io/Base64.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/Gzip.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

constexpr std::size_t kReadChunk = std::size_t(1) << 20;
constexpr std::size_t kMaxDepth = 256;
constexpr std::size_t kMaxArrays = 1 << 16;
constexpr std::size_t kMaxSmallText = std::size_t(64) << 20;  // metadata values may hold whole provenance logs
// Compressed arrays smaller than this inflate on the parsing thread: starting a thread would cost more.
constexpr std::size_t kMinBackgroundBytes = std::size_t(256) << 10;

// Characters that can make up base64 data in element content: the alphabet, '=' and the whitespace XML allows.
// None of them can start markup ('<', '&', "]]>"), so a run of them after a start tag is character data.
constexpr std::array<bool, 256> makeBase64TextTable() {
  std::array<bool, 256> table{};
  for (unsigned char c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (unsigned char c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (unsigned char c = '0'; c <= '9'; ++c) table[c] = true;
  for (unsigned char c : {'+', '/', '=', ' ', '\t', '\n', '\r'}) table[c] = true;
  return table;
}
constexpr auto kBase64Text = makeBase64TextTable();

// The largest index read as unsigned (a negative one is huge). A max reduction vectorises where a branchy check
// does not; an AVX2 clone, chosen at load time when the CPU has it, does 8 indices per instruction. Not under
// ThreadSanitizer, whose runtime is not started yet when the clone's resolver runs (FreeSurferSurface.cpp).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx2", "default")))
#endif
std::uint32_t largestUnsigned(const std::int32_t* indices, std::size_t count) {
  std::uint32_t largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, static_cast<std::uint32_t>(indices[i]));
  return largest;
}

// The position of the first index outside [0, vertices), or npos. A vectorised pass comes first (a million
// indices in a surface); only a bad file pays for the search.
std::size_t firstIndexOutOfRange(const std::vector<std::int32_t>& indices, std::uint64_t vertices) {
  const auto limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(vertices, std::uint64_t(1) << 31));
  if (largestUnsigned(indices.data(), indices.size()) < limit) return std::string_view::npos;
  for (std::size_t i = 0; i < indices.size(); ++i)
    if (static_cast<std::uint32_t>(indices[i]) >= limit) return i;
  return std::string_view::npos;
}

std::size_t endOfBase64Text(std::string_view text, std::size_t from) {
  while (from < text.size() && kBase64Text[static_cast<unsigned char>(text[from])]) ++from;
  return from;
}

// The next line break at or after `from` as XML counts lines ("\r\n", "\r" or "\n"): its position and length,
// or (npos, 0). memchr keeps this at memory speed: base64 lines are long or absent.
std::pair<std::size_t, std::size_t> nextLineBreak(std::string_view text, std::size_t from) {
  const auto* begin = text.data();
  const auto* lf = static_cast<const char*>(std::memchr(begin + from, '\n', text.size() - from));
  const std::size_t lfAt = lf ? static_cast<std::size_t>(lf - begin) : std::string_view::npos;
  const auto* cr = static_cast<const char*>(std::memchr(begin + from, '\r', std::min(lfAt, text.size()) - from));
  if (!cr) return {lfAt, lf ? 1 : 0};
  const auto crAt = static_cast<std::size_t>(cr - begin);
  return {crAt, crAt + 1 == lfAt ? 2 : 1};
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::size_t elementSize(GiftiDataType type) { return type == GiftiDataType::UInt8 ? 1 : 4; }

template <typename T>
void byteswapAll(std::vector<T>& values) {
  if constexpr (sizeof(T) == 4) {
    for (auto& v : values) {
      std::uint32_t bits;
      std::memcpy(&bits, &v, 4);
      bits = __builtin_bswap32(bits);
      std::memcpy(&v, &bits, 4);
    }
  }
}

// File storage is column-major (first index fastest); memory is row-major (last index fastest).
template <typename T>
void columnToRowMajor(std::vector<T>& values, const std::vector<std::uint64_t>& dims) {
  std::size_t spread = 0;  // dimensions larger than 1: with fewer than two the orders coincide
  for (auto d : dims) spread += d > 1;
  if (spread < 2) return;
  values = reorderArray(values, dims, ReorderDirection::ColumnToRowMajor);
}

enum class Tag {
  Gifti,
  MetaData,
  MD,
  Name,
  Value,
  LabelTable,
  Label,
  DataArray,
  Transform,
  DataSpace,
  TransformedSpace,
  MatrixData,
  Data,
  Unknown
};

Tag tagOf(std::string_view name) {
  static constexpr std::pair<std::string_view, Tag> kTags[] = {{"GIFTI", Tag::Gifti},
                                                               {"MetaData", Tag::MetaData},
                                                               {"MD", Tag::MD},
                                                               {"Name", Tag::Name},
                                                               {"Value", Tag::Value},
                                                               {"LabelTable", Tag::LabelTable},
                                                               {"Label", Tag::Label},
                                                               {"DataArray", Tag::DataArray},
                                                               {"CoordinateSystemTransformMatrix", Tag::Transform},
                                                               {"DataSpace", Tag::DataSpace},
                                                               {"TransformedSpace", Tag::TransformedSpace},
                                                               {"MatrixData", Tag::MatrixData},
                                                               {"Data", Tag::Data}};
  for (const auto& [text, tag] : kTags)
    if (text == name) return tag;
  return Tag::Unknown;
}

// The parent each known element must have.
Tag parentOf(Tag tag) {
  switch (tag) {
    case Tag::MD: return Tag::MetaData;
    case Tag::Name:
    case Tag::Value: return Tag::MD;
    case Tag::Label: return Tag::LabelTable;
    case Tag::LabelTable: return Tag::Gifti;
    case Tag::DataArray: return Tag::Gifti;
    case Tag::Transform:
    case Tag::Data: return Tag::DataArray;
    case Tag::DataSpace:
    case Tag::TransformedSpace:
    case Tag::MatrixData: return Tag::Transform;
    default: return Tag::Unknown;
  }
}

class GiftiParser {
 public:
  GiftiParser(fs::path file, std::uint64_t totalBytes) : file_(std::move(file)), totalBytes_(totalBytes) {
    xml_ = XML_ParserCreate(nullptr);
    if (!xml_) throw FormatError(file_, "", "cannot create an XML parser");
    XML_SetUserData(xml_, this);
    XML_SetElementHandler(xml_, &GiftiParser::onStart, &GiftiParser::onEnd);
    XML_SetCharacterDataHandler(xml_, &GiftiParser::onText);
    XML_SetCdataSectionHandler(xml_, &GiftiParser::onCdataStart, &GiftiParser::onCdataEnd);
    // GIfTI never needs entities; refusing their declarations rules out entity-expansion attacks.
    XML_SetEntityDeclHandler(xml_, &GiftiParser::onEntityDecl);
  }
  ~GiftiParser() { XML_ParserFree(xml_); }
  GiftiParser(const GiftiParser&) = delete;
  GiftiParser& operator=(const GiftiParser&) = delete;

  // Parses a whole document; throws FormatError on any problem.
  GiftiImage parseAll(std::string_view xml) {
    try {
      parseDocument(xml);
    } catch (...) {
      // An array inflating in the background comes earlier in the file: its error, if any, is the one to report.
      rethrowBackgroundError();
      throw;
    }
    adoptBackgroundResult();
    return finish();
  }

 private:
  // Expat scans every byte of character data (about 1 GB/s here), which made it the largest cost of reading a
  // compressed surface. So the base64 text right after a <Data> start tag goes to the decoder without passing
  // through expat: the document is fed to expat up to the '>' of each "<Data" candidate, and when expat reports
  // that exactly there a <Data> start tag ended, the run of base64 characters that follows (which expat would
  // only have reported as character data) is decoded directly and expat resumes after it. Anything else in the
  // content (entity references, CDATA, comments, an error) stops the run and goes through expat as before.
  void parseDocument(std::string_view xml) {
    std::size_t pos = 0;
    while (true) {
      const std::size_t candidate = xml.find("<Data", pos);
      const std::size_t tagEnd = candidate == std::string_view::npos ? candidate : xml.find('>', candidate);
      if (tagEnd == std::string_view::npos) {
        feed(xml.substr(pos), true);
        return;
      }
      feed(xml.substr(pos, tagEnd + 1 - pos), false);
      pos = tagEnd + 1;
      if (dataTagEnd_ == pos && !stack_.empty() && stack_.back() == Tag::Data && decoder_) {
        const std::size_t runEnd = endOfBase64Text(xml, pos);
        decodeSkippedText(xml.substr(pos, runEnd - pos));
        pos = runEnd;
      }
    }
  }

  // Feeds expat in pieces its int lengths can hold.
  void feed(std::string_view xml, bool final) {
    while (xml.size() > kReadChunk) {
      check(XML_Parse(xml_, xml.data(), static_cast<int>(kReadChunk), XML_FALSE));
      xml.remove_prefix(kReadChunk);
    }
    check(XML_Parse(xml_, xml.data(), static_cast<int>(xml.size()), final ? XML_TRUE : XML_FALSE));
  }

  // Decodes text expat does not see, one line at a time as expat would report it, keeping the line and column
  // numbers of later messages those of the document.
  void decodeSkippedText(std::string_view run) {
    const XML_Size expatLine = XML_GetCurrentLineNumber(xml_), expatColumn = XML_GetCurrentColumnNumber(xml_);
    std::size_t lineStart = 0, breaks = 0;
    while (true) {
      const auto [at, length] = nextLineBreak(run, lineStart);
      if (at == std::string_view::npos) break;
      dataText(run.substr(lineStart, at - lineStart));
      lineStart = at + length;
      ++breaks;
      ++skippedLines_;
    }
    dataText(run.substr(lineStart));
    skippedBytes_ += run.size();
    // Expat goes on at (expatLine, expatColumn); the document is at the end of the run. Unsigned wrap-around is
    // intended: the shift may be negative when the run ends on a new line.
    const XML_Size tail = run.size() - lineStart;
    if (breaks > 0) {
      columnShift_ = tail - expatColumn;
    } else {
      if (columnShiftLine_ != expatLine) columnShift_ = 0;
      columnShift_ += tail;
    }
    columnShiftLine_ = expatLine;
  }

  XML_Size lineNumber() const { return XML_GetCurrentLineNumber(xml_) + skippedLines_; }
  XML_Size columnNumber() const {
    const XML_Size line = XML_GetCurrentLineNumber(xml_);
    return XML_GetCurrentColumnNumber(xml_) + (line == columnShiftLine_ ? columnShift_ : 0);
  }

  GiftiImage finish() {
    if (!sawRoot_) fail("", "no <GIFTI> element");
    if (declaredArrays_ && *declaredArrays_ != image_.arrays.size())
      fail("", "NumberOfDataArrays says " + std::to_string(*declaredArrays_) + " but the file has " +
                   std::to_string(image_.arrays.size()));
    checkTriangles();
    return std::move(image_);
  }

  // ---- expat callbacks: C code cannot unwind exceptions, so each one catches, records and stops the parser.
  template <typename F>
  static void guarded(void* self, F&& body) {
    auto* parser = static_cast<GiftiParser*>(self);
    if (parser->error_) return;
    try {
      body(*parser);
    } catch (...) {
      parser->error_ = std::current_exception();
      XML_StopParser(parser->xml_, XML_FALSE);
    }
  }
  static void XMLCALL onStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    guarded(self, [&](GiftiParser& p) { p.start(name, attributes); });
  }
  static void XMLCALL onEnd(void* self, const XML_Char* name) {
    guarded(self, [&](GiftiParser& p) { p.end(name); });
  }
  static void XMLCALL onText(void* self, const XML_Char* text, int length) {
    guarded(self, [&](GiftiParser& p) { p.text(std::string_view(text, static_cast<std::size_t>(length))); });
  }
  // CDATA boundaries are recorded as positions in the element's text, so that whitespace inside CDATA (even an empty
  // section followed by a character reference) is never trimmed.
  static void XMLCALL onCdataStart(void* self) {
    auto* p = static_cast<GiftiParser*>(self);
    p->cdataFirst_ = std::min(p->cdataFirst_, p->text_.size());
  }
  static void XMLCALL onCdataEnd(void* self) {
    auto* p = static_cast<GiftiParser*>(self);
    p->cdataLast_ = p->text_.size();
  }
  static void XMLCALL onEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*, const XML_Char*) {
    guarded(self, [](GiftiParser& p) { p.fail(p.line(), "entity declarations are not allowed in GIfTI files"); });
  }

  void check(XML_Status status) {
    if (error_) std::rethrow_exception(error_);
    if (status == XML_STATUS_ERROR) {
      fail("line " + std::to_string(lineNumber()) + ", column " + std::to_string(columnNumber()),
           std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(xml_)));
    }
  }

  std::string line() const { return "line " + std::to_string(lineNumber()); }
  std::string arrayWhere() const { return "DataArray " + std::to_string(image_.arrays.size() - 1) + ", " + line(); }
  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw FormatError(file_, where, problem);
  }
  [[noreturn]] void failArray(const std::string& problem) const { fail(arrayWhere(), problem); }

  // ---- elements
  void start(std::string_view name, const XML_Char** attributes) {
    if (stack_.size() >= kMaxDepth) fail(line(), "elements nested more than " + std::to_string(kMaxDepth) + " deep");
    if (stack_.empty()) {
      if (name != "GIFTI") fail(line(), "not a GIfTI file (the root element is <" + std::string(name) + ">)");
      sawRoot_ = true;
      startGifti(attributes);
      stack_.push_back(Tag::Gifti);
      return;
    }
    // Inside elements we do not know, everything is skipped (forward compatibility, as other readers do).
    const Tag parent = stack_.back();
    Tag tag = parent == Tag::Unknown ? Tag::Unknown : tagOf(name);
    if (tag == Tag::Gifti) fail(line(), "nested <GIFTI> element");
    if (tag == Tag::MetaData && parent != Tag::Gifti && parent != Tag::DataArray)
      fail(line(), "<MetaData> inside <" + nameOf(parent) + ">");
    if (tag != Tag::Unknown && tag != Tag::MetaData && parentOf(tag) != parent)
      fail(line(), "<" + std::string(name) + "> inside <" + nameOf(parent) + ">");
    stack_.push_back(tag);
    if (collectsText(tag)) {
      text_.clear();
      cdataFirst_ = std::string::npos;
      cdataLast_ = 0;
    }
    switch (tag) {
      case Tag::MetaData: metadata_ = parent == Tag::Gifti ? &image_.metadata : &image_.arrays.back().metadata; break;
      case Tag::MD:
        mdName_.clear();
        mdValue_.clear();
        break;
      case Tag::LabelTable:
        if (sawLabelTable_) fail(line(), "more than one <LabelTable>");
        sawLabelTable_ = true;
        break;
      case Tag::Label: startLabel(attributes); break;
      case Tag::DataArray: startArray(attributes); break;
      case Tag::Transform: image_.arrays.back().transforms.emplace_back(); break;
      case Tag::Data:
        startData();
        // Where the start tag ends in the document: parseDocument decodes the text from there itself.
        dataTagEnd_ = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(xml_)) +
                      static_cast<std::uint64_t>(XML_GetCurrentByteCount(xml_)) + skippedBytes_;
        break;
      default: break;
    }
  }

  void end(std::string_view) {
    const Tag tag = stack_.back();
    stack_.pop_back();
    switch (tag) {
      case Tag::Name: mdName_ = smallText(); break;
      case Tag::Value: mdValue_ = smallText(); break;
      case Tag::MD: metadata_->emplace_back(std::move(mdName_), std::move(mdValue_)); break;
      case Tag::Label: image_.labels.back().name = smallText(); break;
      case Tag::DataSpace: image_.arrays.back().transforms.back().dataSpace = smallText(); break;
      case Tag::TransformedSpace: image_.arrays.back().transforms.back().transformedSpace = smallText(); break;
      case Tag::MatrixData: endMatrix(); break;
      case Tag::Data: endData(); break;
      case Tag::DataArray: endArray(); break;
      default: break;
    }
  }

  static bool collectsText(Tag tag) {
    return tag == Tag::Name || tag == Tag::Value || tag == Tag::Label || tag == Tag::DataSpace ||
           tag == Tag::TransformedSpace || tag == Tag::MatrixData;
  }

  void text(std::string_view piece) {
    if (stack_.empty()) return;
    const Tag tag = stack_.back();
    if (tag == Tag::Data) {
      dataText(piece);
    } else if (collectsText(tag)) {
      if (text_.size() + piece.size() > kMaxSmallText)
        fail(line(),
             "text of a metadata, label or transform element longer than " + std::to_string(kMaxSmallText) + " bytes");
      text_.append(piece);
    }  // else whitespace between elements, or text of unknown elements
  }

  // Text of a small element with surrounding whitespace removed, except whitespace inside CDATA sections, so
  // that pretty-printed files and values written in CDATA both come back as meant.
  std::string smallText() const {
    std::size_t first = 0, last = text_.size();
    while (first < std::min(cdataFirst_, last) && isSpace(text_[first])) ++first;
    while (last > std::max(cdataLast_, first) && isSpace(text_[last - 1])) --last;
    return text_.substr(first, last - first);
  }

  static std::string nameOf(Tag tag) {
    switch (tag) {
      case Tag::Gifti: return "GIFTI";
      case Tag::MetaData: return "MetaData";
      case Tag::MD: return "MD";
      case Tag::LabelTable: return "LabelTable";
      case Tag::DataArray: return "DataArray";
      case Tag::Transform: return "CoordinateSystemTransformMatrix";
      default: return "an element whose content is text";
    }
  }

  static const char* attribute(const XML_Char** attributes, std::string_view name) {
    for (auto a = attributes; *a; a += 2)
      if (name == a[0]) return a[1];
    return nullptr;
  }

  std::uint64_t parseCount(std::string_view text, const std::string& what, std::uint64_t max) const {
    const auto t = trim(text);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || error != std::errc() || end != t.data() + t.size())
      fail(line(), what + " is not a non-negative integer: \"" + std::string(text.substr(0, 40)) + "\"");
    if (value > max) fail(line(), what + " is " + std::string(t) + ", more than the limit of " + std::to_string(max));
    return value;
  }

  void startGifti(const XML_Char** attributes) {
    if (const char* version = attribute(attributes, "Version")) image_.version = version;
    if (const char* count = attribute(attributes, "NumberOfDataArrays"))
      declaredArrays_ = parseCount(count, "NumberOfDataArrays", kMaxArrays);
  }

  void startLabel(const XML_Char** attributes) {
    Label label;
    const char* key = attribute(attributes, "Key");
    if (!key) key = attribute(attributes, "Index");  // early GIfTI files said Index
    if (!key) fail(line(), "<Label> without a Key attribute");
    {
      const auto t = trim(key);
      const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), label.key);
      if (t.empty() || error != std::errc() || end != t.data() + t.size())
        fail(line(), "label Key is not a 32-bit integer: \"" + std::string(key).substr(0, 40) + "\"");
    }
    // Colours are floats in 0..1; a component the file leaves out keeps the default (grey, opaque).
    static constexpr const char* kChannels[4] = {"Red", "Green", "Blue", "Alpha"};
    for (int c = 0; c < 4; ++c) {
      const char* value = attribute(attributes, kChannels[c]);
      if (!value) continue;
      const auto t = trim(value);
      float component = 0;
      const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), component);
      if (t.empty() || error != std::errc() || end != t.data() + t.size() || !std::isfinite(component))
        fail(line(),
             std::string("label ") + kChannels[c] + " is not a number: \"" + std::string(value).substr(0, 40) + "\"");
      label.rgba[static_cast<std::size_t>(c)] = component;
    }
    image_.labels.push_back(std::move(label));
  }

  void startArray(const XML_Char** attributes) {
    if (image_.arrays.size() >= kMaxArrays) fail(line(), "more than " + std::to_string(kMaxArrays) + " DataArrays");
    image_.arrays.emplace_back();
    GiftiDataArray& array = image_.arrays.back();
    dataSeen_ = false;
    dataDone_ = false;
    if (const char* intent = attribute(attributes, "Intent")) array.intent = std::string(trim(intent));

    const char* type = attribute(attributes, "DataType");
    if (!type) failArray("DataArray without a DataType attribute");
    const auto typeName = trim(type);
    if (typeName == "NIFTI_TYPE_FLOAT32")
      array.data = std::vector<float>();
    else if (typeName == "NIFTI_TYPE_INT32")
      array.data = std::vector<std::int32_t>();
    else if (typeName == "NIFTI_TYPE_UINT8")
      array.data = std::vector<std::uint8_t>();
    else
      failArray("unsupported DataType \"" + std::string(typeName.substr(0, 60)) +
                "\" (expected NIFTI_TYPE_FLOAT32, NIFTI_TYPE_INT32 or NIFTI_TYPE_UINT8)");

    const char* encoding = attribute(attributes, "Encoding");
    if (!encoding) failArray("DataArray without an Encoding attribute");
    const auto encodingName = trim(encoding);
    // The GIFTI_ENCODING_* and GIFTI_ENDIAN_* spellings are gifticlib's names, found in some older files.
    if (encodingName == "ASCII" || encodingName == "GIFTI_ENCODING_ASCII")
      array.encoding = GiftiEncoding::Ascii;
    else if (encodingName == "Base64Binary" || encodingName == "GIFTI_ENCODING_B64BIN")
      array.encoding = GiftiEncoding::Base64Binary;
    else if (encodingName == "GZipBase64Binary" || encodingName == "GIFTI_ENCODING_B64GZ")
      array.encoding = GiftiEncoding::GZipBase64Binary;
    else if (encodingName == "ExternalFileBinary" || encodingName == "GIFTI_ENCODING_EXTBIN")
      array.encoding = GiftiEncoding::ExternalFileBinary;
    else
      failArray("unknown Encoding \"" + std::string(encodingName.substr(0, 60)) +
                "\" (expected ASCII, Base64Binary, GZipBase64Binary or ExternalFileBinary)");

    if (const char* endian = attribute(attributes, "Endian")) {
      const auto e = trim(endian);
      if (e == "LittleEndian" || e == "GIFTI_ENDIAN_LITTLE")
        array.endian = GiftiEndian::Little;
      else if (e == "BigEndian" || e == "GIFTI_ENDIAN_BIG")
        array.endian = GiftiEndian::Big;
      else
        failArray("unknown Endian \"" + std::string(e.substr(0, 60)) + "\" (expected LittleEndian or BigEndian)");
    }
    if (const char* order = attribute(attributes, "ArrayIndexingOrder")) {
      const auto o = trim(order);
      if (o == "RowMajorOrder")
        array.order = GiftiOrder::RowMajor;
      else if (o == "ColumnMajorOrder")
        array.order = GiftiOrder::ColumnMajor;
      else
        failArray("unknown ArrayIndexingOrder \"" + std::string(o.substr(0, 60)) +
                  "\" (expected RowMajorOrder or ColumnMajorOrder)");
    }

    const char* dimensionality = attribute(attributes, "Dimensionality");
    if (!dimensionality) failArray("DataArray without a Dimensionality attribute");
    const auto rank = parseCount(dimensionality, "Dimensionality", gifti::kMaxDimensions);
    if (rank < 1) failArray("Dimensionality must be 1 to 6");
    std::uint64_t elements = 1;
    for (std::uint64_t d = 0; d < rank; ++d) {
      const std::string name = "Dim" + std::to_string(d);
      const char* value = attribute(attributes, name);
      if (!value) failArray("Dimensionality is " + std::to_string(rank) + " but " + name + " is missing");
      const auto size = parseCount(value, name, gifti::kMaxElements);
      if (size < 1) failArray(name + " is 0");
      elements *= size;  // each factor <= 2^28 and the product is checked at each step: no overflow
      if (elements > gifti::kMaxElements)
        failArray("the dimensions make more than " + std::to_string(gifti::kMaxElements) + " elements");
      array.dims.push_back(size);
    }
    elements_ = elements;

    if (const char* name = attribute(attributes, "ExternalFileName")) array.externalFileName = std::string(trim(name));
    if (const char* offset = attribute(attributes, "ExternalFileOffset"); offset && !trim(offset).empty())
      array.externalFileOffset = parseCount(offset, "ExternalFileOffset", std::uint64_t(1) << 62);
  }

  std::uint64_t expectedBytes() const { return elements_ * elementSize(image_.arrays.back().dataType()); }

  void startData() {
    if (dataSeen_) failArray("more than one <Data> element in a DataArray");
    dataSeen_ = true;
    const GiftiDataArray& array = image_.arrays.back();
    bytes_.clear();
    ascii_.clear();
    decoder_.reset();
    switch (array.encoding) {
      case GiftiEncoding::Base64Binary: {
        // Base64 text of n bytes is at least 4n/3 characters of this file: check before reserving.
        const std::uint64_t need = expectedBytes();
        if (need > totalBytes_ / 4 * 3 + 3)
          failArray("the dimensions need " + std::to_string(need) + " bytes but the whole file is only " +
                    std::to_string(totalBytes_) + " bytes of base64");
        bytes_.reserve(static_cast<std::size_t>(need));
        decoder_.emplace(bytes_, static_cast<std::size_t>(need));
        break;
      }
      case GiftiEncoding::GZipBase64Binary:
        bytes_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(totalBytes_ / 4 * 3 + 3, expectedBytes())));
        decoder_.emplace(bytes_, static_cast<std::size_t>(totalBytes_ / 4 * 3 + 3));
        break;
      default: break;
    }
  }

  void dataText(std::string_view piece) {
    const GiftiDataArray& array = image_.arrays.back();
    switch (array.encoding) {
      case GiftiEncoding::Ascii: ascii_.append(piece); break;
      case GiftiEncoding::Base64Binary:
      case GiftiEncoding::GZipBase64Binary: {
        const auto status = decoder_->feed(piece);
        if (status != Base64Decoder::Status::Ok)
          failArray(std::string(toString(status)) + " (character " + std::to_string(decoder_->errorOffset()) +
                    " of the data)");
        break;
      }
      case GiftiEncoding::ExternalFileBinary: break;  // the data are elsewhere; ignore any text
    }
  }

  void endData() {
    GiftiDataArray& array = image_.arrays.back();
    std::visit([&](auto& values) { decodeInto(array, values); }, array.data);
    dataDone_ = true;
    bytes_ = {};
    ascii_ = {};
  }

  template <typename T>
  void decodeInto(GiftiDataArray& array, std::vector<T>& values) {
    const auto count = static_cast<std::size_t>(elements_);
    const std::size_t need = count * sizeof(T);
    switch (array.encoding) {
      case GiftiEncoding::Ascii: parseAscii(values, count); return;  // text is in logical storage order, no endianness
      case GiftiEncoding::Base64Binary: {
        const auto status = decoder_->finish();
        if (status != Base64Decoder::Status::Ok) failArray(toString(status));
        if (bytes_.size() != need)
          failArray("base64 data hold " + std::to_string(bytes_.size()) + " bytes, the dimensions need " +
                    std::to_string(need));
        values.resize(count);
        std::memcpy(values.data(), bytes_.data(), need);
        break;
      }
      case GiftiEncoding::GZipBase64Binary: {
        const auto status = decoder_->finish();
        if (status != Base64Decoder::Status::Ok) failArray(toString(status));
        if (need > maxInflatedSize(bytes_.size()))
          failArray("the dimensions need " + std::to_string(need) + " bytes, more than " +
                    std::to_string(bytes_.size()) + " compressed bytes can hold");
        if (inflateInBackground<T>(array, count)) return;
        values = inflateArray<T>(bytes_, count, file_, arrayWhere(), array);
        return;
      }
      case GiftiEncoding::ExternalFileBinary: return;  // read at </DataArray>
    }
    finishBinary(array, values);
  }

  // Inflation is the slowest step and needs nothing from the parser: it can run on another thread.
  template <typename T>
  static std::vector<T> inflateArray(const std::vector<std::uint8_t>& compressed, std::size_t count,
                                     const fs::path& file, const std::string& where, const GiftiDataArray& array) {
    std::vector<T> values(count);
    inflateExactly(compressed,
                   std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(values.data()), count * sizeof(T)), file,
                   where);
    finishBinary(array, values);
    return values;
  }

  // With two cores, a surface's coordinates inflate on a second thread while the parser decodes the faces and
  // inflates those. One background array at a time: when it is still busy, or the array is small, or it is the
  // last one the file declares, the array inflates here. Returns false when the caller should do so.
  template <typename T>
  bool inflateInBackground(const GiftiDataArray& array, std::size_t count) {
    if (count * sizeof(T) < kMinBackgroundBytes || std::thread::hardware_concurrency() < 2) return false;
    if (declaredArrays_ && image_.arrays.size() >= *declaredArrays_) return false;
    if (background_.joinable()) {
      if (!backgroundDone_.load(std::memory_order_acquire)) return false;
      adoptBackgroundResult();
    }
    // The job owns copies of everything it reads: the parser's members change meanwhile.
    auto values = std::make_shared<std::vector<T>>();
    GiftiDataArray layout;
    layout.endian = array.endian;
    layout.order = array.order;
    layout.dims = array.dims;
    const std::size_t index = image_.arrays.size() - 1;
    backgroundDone_.store(false, std::memory_order_relaxed);
    background_ = std::jthread([this, values, count, compressed = std::move(bytes_), file = file_,
                                where = arrayWhere(), layout = std::move(layout)] {
      try {
        *values = inflateArray<T>(compressed, count, file, where, layout);
      } catch (...) {
        backgroundError_ = std::current_exception();
      }
      backgroundDone_.store(true, std::memory_order_release);
    });
    // Runs on the parsing thread after the join; the arrays vector may have moved since the job started.
    adoptBackground_ = [this, values, index] { std::get<std::vector<T>>(image_.arrays[index].data) = std::move(*values); };
    return true;
  }

  // Waits for the background array and stores it, or throws its error.
  void adoptBackgroundResult() {
    if (!background_.joinable()) return;
    background_.join();
    const auto adopt = std::exchange(adoptBackground_, nullptr);
    if (const auto error = std::exchange(backgroundError_, nullptr)) std::rethrow_exception(error);
    adopt();
  }
  void rethrowBackgroundError() {
    if (!background_.joinable()) return;
    background_.join();
    if (const auto error = std::exchange(backgroundError_, nullptr)) std::rethrow_exception(error);
  }

  template <typename T>
  static void finishBinary(const GiftiDataArray& array, std::vector<T>& values) {
    const auto fileOrder = array.endian == GiftiEndian::Big ? std::endian::big : std::endian::little;
    if (fileOrder != std::endian::native) byteswapAll(values);
    if (array.order == GiftiOrder::ColumnMajor) columnToRowMajor(values, array.dims);
  }

  template <typename T>
  void parseAscii(std::vector<T>& values, std::size_t count) {
    // n numbers separated by whitespace take at least 2n - 1 characters: check before reserving.
    if (count > (ascii_.size() + 1) / 2)
      failArray("the dimensions need " + std::to_string(count) + " numbers but the ASCII data has only " +
                std::to_string(ascii_.size()) + " characters");
    values.reserve(count);
    const char* p = ascii_.data();
    const char* const end = p + ascii_.size();
    while (true) {
      while (p < end && isSpace(*p)) ++p;
      if (p == end) break;
      const char* tokenEnd = p;
      while (tokenEnd < end && !isSpace(*tokenEnd)) ++tokenEnd;
      if (values.size() == count)
        failArray("ASCII data hold more than the " + std::to_string(count) + " numbers the dimensions say");
      values.push_back(parseNumber<T>(std::string_view(p, static_cast<std::size_t>(tokenEnd - p)), values.size()));
      p = tokenEnd;
    }
    if (values.size() != count)
      failArray("ASCII data hold " + std::to_string(values.size()) + " numbers, the dimensions need " +
                std::to_string(count));
    const GiftiDataArray& array = image_.arrays.back();
    if (array.order == GiftiOrder::ColumnMajor) columnToRowMajor(values, array.dims);
  }

  template <typename T>
  T parseNumber(std::string_view token, std::size_t index) const {
    if (token.size() > 1 && token.front() == '+') token.remove_prefix(1);  // from_chars does not take '+'
    const char* first = token.data();
    const char* last = first + token.size();
    auto bad = [&]() -> T {
      failArray("ASCII value " + std::to_string(index) + " \"" + std::string(token.substr(0, 40)) +
                "\" is not a valid " + std::string(toString(image_.arrays.back().dataType())));
    };
    if constexpr (std::is_same_v<T, float>) {
      float value = 0;
      auto [end, error] = std::from_chars(first, last, value);
      if (error == std::errc::result_out_of_range) {
        double wide = 0;  // underflow and overflow round to 0 and infinity, as other readers do
        const auto wideResult = std::from_chars(first, last, wide);
        end = wideResult.ptr;
        error = wideResult.ec;
        value = static_cast<float>(wide);
      }
      if (error != std::errc() || end != last) return bad();
      return value;
    } else {
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(first, last, value);
      if (error != std::errc() || end != last) {
        // Some writers print integers as "3.000000": accept a decimal that is a whole number.
        double wide = 0;
        const auto [end2, error2] = std::from_chars(first, last, wide);
        if (error2 != std::errc() || end2 != last || wide != std::floor(wide) || std::abs(wide) > 4.0e9) return bad();
        value = static_cast<std::int64_t>(wide);
      }
      if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) return bad();
      return static_cast<T>(value);
    }
  }

  void endArray() {
    GiftiDataArray& array = image_.arrays.back();
    if (array.encoding == GiftiEncoding::ExternalFileBinary) {
      std::visit([&](auto& values) { readExternal(array, values); }, array.data);
    } else if (!dataDone_) {
      failArray("DataArray has no <Data> element");
    }
  }

  template <typename T>
  void readExternal(GiftiDataArray& array, std::vector<T>& values) {
    if (array.externalFileName.empty()) failArray("ExternalFileBinary without an ExternalFileName");
    const fs::path external = file_.parent_path() / array.externalFileName;
    std::error_code error;
    if (!fs::is_regular_file(external, error)) failArray("external data file " + external.string() + " does not exist");
    const auto size = fs::file_size(external, error);
    if (error) failArray("cannot determine the size of " + external.string());
    const std::uint64_t need = elements_ * sizeof(T);
    if (array.externalFileOffset > size || need > size - array.externalFileOffset)
      failArray("external data file " + external.string() + " has " + std::to_string(size) +
                " bytes, the array needs " + std::to_string(need) + " from offset " +
                std::to_string(array.externalFileOffset));
    std::ifstream in(external, std::ios::binary);
    values.resize(static_cast<std::size_t>(elements_));
    in.seekg(static_cast<std::streamoff>(array.externalFileOffset));
    if (!in || !in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(need)))
      failArray("cannot read " + std::to_string(need) + " bytes from " + external.string());
    finishBinary(array, values);
  }

  void endMatrix() {
    auto& matrix = image_.arrays.back().transforms.back().matrix;
    const char* p = text_.data();
    const char* const end = p + text_.size();
    std::size_t n = 0;
    while (true) {
      while (p < end && isSpace(*p)) ++p;
      if (p == end) break;
      if (n == 16) failArray("MatrixData holds more than 16 numbers");
      if (*p == '+') ++p;
      const auto [next, error] = std::from_chars(p, end, matrix[n]);
      if (error != std::errc() || (next < end && !isSpace(*next)))
        failArray("MatrixData holds something that is not a number");
      p = next;
      ++n;
    }
    if (n != 16) failArray("MatrixData holds " + std::to_string(n) + " numbers, expected 16");
  }

  // Triangles index the file's point set: an index outside it would crash whoever draws the surface.
  void checkTriangles() const {
    const GiftiDataArray* points = image_.findArray(gifti::kPointSet);
    if (!points) return;
    const std::uint64_t vertices = points->dims.front();
    for (std::size_t a = 0; a < image_.arrays.size(); ++a) {
      const auto& array = image_.arrays[a];
      if (array.intent != gifti::kTriangle) continue;
      const auto* indices = std::get_if<std::vector<std::int32_t>>(&array.data);
      if (!indices) fail("DataArray " + std::to_string(a), "triangles must be NIFTI_TYPE_INT32");
      if (const auto i = firstIndexOutOfRange(*indices, vertices); i != std::string_view::npos)
        fail("DataArray " + std::to_string(a) + ", element " + std::to_string(i),
             "triangle refers to vertex " + std::to_string((*indices)[i]) + " of " + std::to_string(vertices));
    }
  }

  fs::path file_;
  std::uint64_t totalBytes_;
  XML_Parser xml_ = nullptr;
  std::exception_ptr error_;
  GiftiImage image_;
  std::vector<Tag> stack_;
  bool sawRoot_ = false;
  bool sawLabelTable_ = false;
  std::optional<std::uint64_t> declaredArrays_;
  // Text of the current small element, and where its CDATA content starts and ends.
  std::string text_;
  std::size_t cdataFirst_ = std::string::npos, cdataLast_ = 0;
  GiftiMetadata* metadata_ = nullptr;
  std::string mdName_, mdValue_;
  // The current DataArray's data: decoded bytes (base64) or text (ASCII).
  std::uint64_t elements_ = 0;
  bool dataSeen_ = false, dataDone_ = false;
  std::vector<std::uint8_t> bytes_;
  std::string ascii_;
  std::optional<Base64Decoder> decoder_;
  // Text decoded without expat (parseDocument): how much, and how to map expat's positions to the document's.
  std::uint64_t dataTagEnd_ = 0, skippedBytes_ = 0;
  XML_Size skippedLines_ = 0, columnShiftLine_ = 0, columnShift_ = 0;
  // The array inflating on another thread, if any. Declared last: destroyed (joined) before what it points to.
  std::function<void()> adoptBackground_;
  std::exception_ptr backgroundError_;
  std::atomic<bool> backgroundDone_{true};
  std::jthread background_;
};

std::optional<Hemisphere> hemisphereFromStructure(std::string_view structure) {
  std::string folded;
  for (char c : structure)
    if (c != '_' && c != ' ' && c != '-') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (folded.ends_with("left")) return Hemisphere::Left;
  if (folded.ends_with("right")) return Hemisphere::Right;
  return std::nullopt;
}

std::optional<SurfaceKind> kindFromMetadata(const GiftiImage& image, const GiftiDataArray& points) {
  auto lookup = [&](std::string_view name) {
    const std::string* value = points.meta(name);
    return value ? value : findMetadata(image.metadata, name);
  };
  const std::string* type = lookup("GeometricType");
  if (!type) return std::nullopt;
  if (*type == "Inflated") return SurfaceKind::Inflated;
  if (*type == "VeryInflated") return SurfaceKind::VeryInflated;
  if (*type == "Spherical") return SurfaceKind::Sphere;
  if (*type == "Flat") return SurfaceKind::Flat;
  if (*type == "Anatomical") {
    const std::string* secondary = lookup("AnatomicalStructureSecondary");
    if (!secondary) return std::nullopt;
    if (*secondary == "GrayWhite") return SurfaceKind::White;
    if (*secondary == "Pial") return SurfaceKind::Pial;
    if (*secondary == "MidThickness") return SurfaceKind::Midthickness;
  }
  return std::nullopt;
}

template <typename T>
const std::vector<T>* valuesOf(const GiftiDataArray& array) {
  return std::get_if<std::vector<T>>(&array.data);
}

std::string dimsText(const std::vector<std::uint64_t>& dims) {
  std::string text;
  for (auto d : dims) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text.empty() ? "no dimensions" : text;
}

std::string arrayName(const GiftiImage& image, const GiftiDataArray& array) {
  return "DataArray " + std::to_string(&array - image.arrays.data());
}
}  // namespace

GiftiImage readGifti(const std::filesystem::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  const auto size = fs::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot determine the file size");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) throw FormatError(file, "", "cannot open the file for reading");
  // The whole text is held while parsing (base64 runs are decoded straight from it, see parseDocument); it is
  // about as large as the arrays it decodes to. Not zero-filled first: fread overwrites it.
  const auto text = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(size));
  const std::size_t got = std::fread(text.get(), 1, static_cast<std::size_t>(size), in.get());
  if (got < size && std::ferror(in.get())) throw FormatError(file, "", "read failed");
  GiftiParser parser(file, size);
  return parser.parseAll(std::string_view(text.get(), got));
}

GiftiImage readGiftiFromMemory(std::string_view xml, const std::filesystem::path& file) {
  GiftiParser parser(file, xml.size());
  return parser.parseAll(xml);
}

bool looksLikeGifti(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("<GIFTI") != std::string::npos;
}

std::optional<Hemisphere> giftiHemisphere(const GiftiImage& image, const GiftiDataArray* array,
                                          const std::filesystem::path& file) {
  const std::string* structure = array ? array->meta("AnatomicalStructurePrimary") : nullptr;
  if (!structure) structure = findMetadata(image.metadata, "AnatomicalStructurePrimary");
  if (structure)
    if (auto hemisphere = hemisphereFromStructure(*structure)) return hemisphere;
  return hemisphereFromFileName(file);
}

Surface giftiSurface(const GiftiImage& image, const std::filesystem::path& file) {
  const GiftiDataArray* points = image.findArray(gifti::kPointSet);
  const GiftiDataArray* triangles = image.findArray(gifti::kTriangle);
  if (!points || !triangles)
    throw FormatError(
        file, "",
        std::string("not a surface: no ") + (points ? "NIFTI_INTENT_TRIANGLE" : "NIFTI_INTENT_POINTSET") + " array");
  const auto* coordinates = valuesOf<float>(*points);
  if (!coordinates || points->dims.size() != 2 || points->dims[1] != 3)
    throw FormatError(file, arrayName(image, *points),
                      "the point set must be NIFTI_TYPE_FLOAT32 with dimensions N x 3, not " +
                          std::string(toString(points->dataType())) + " " + dimsText(points->dims));
  const auto* indices = valuesOf<std::int32_t>(*triangles);
  if (!indices || triangles->dims.size() != 2 || triangles->dims[1] != 3)
    throw FormatError(file, arrayName(image, *triangles),
                      "triangles must be NIFTI_TYPE_INT32 with dimensions M x 3, not " +
                          std::string(toString(triangles->dataType())) + " " + dimsText(triangles->dims));
  Surface surface;
  surface.hemisphere = giftiHemisphere(image, points, file).value_or(Hemisphere::Left);
  surface.kind = kindFromMetadata(image, *points).value_or(surfaceKindFromFileName(file));
  static_assert(sizeof(Vec3f) == 3 * sizeof(float) && sizeof(Triangle) == 3 * sizeof(std::int32_t));
  // assign copies into fresh memory in one pass (resize + memcpy would write the 6 MB of a large surface twice).
  const auto* firstVertex = reinterpret_cast<const Vec3f*>(coordinates->data());
  surface.vertices.assign(firstVertex, firstVertex + coordinates->size() / 3);
  const auto vertexCount = static_cast<std::int64_t>(surface.vertices.size());
  if (const auto i = firstIndexOutOfRange(*indices, static_cast<std::uint64_t>(vertexCount)); i != std::string_view::npos)
    throw FormatError(file, arrayName(image, *triangles) + ", element " + std::to_string(i),
                      "triangle refers to vertex " + std::to_string((*indices)[i]) + " of " + std::to_string(vertexCount));
  const auto* firstTriangle = reinterpret_cast<const Triangle*>(indices->data());
  surface.triangles.assign(firstTriangle, firstTriangle + indices->size() / 3);
  return surface;
}

ScalarMaps giftiScalarMaps(const GiftiImage& image, const std::filesystem::path& file) {
  ScalarMaps maps;
  const GiftiDataArray* first = nullptr;
  for (const auto& array : image.arrays) {
    if (array.intent == gifti::kPointSet || array.intent == gifti::kTriangle || array.intent == gifti::kLabel) continue;
    if (array.dims.empty() || array.dims.size() > 2)
      throw FormatError(file, arrayName(image, array),
                        "per-vertex data must have 1 or 2 dimensions (vertices x maps), not " + dimsText(array.dims));
    const std::size_t vertices = array.dims[0];
    const std::size_t columns = array.dims.size() == 2 ? array.dims[1] : 1;
    if (first && vertices != first->dims[0])
      throw FormatError(file, arrayName(image, array),
                        "has " + std::to_string(vertices) + " vertices, " + arrayName(image, *first) + " has " +
                            std::to_string(first->dims[0]));
    if (!first) first = &array;
    if (array.elementCount() != vertices * columns)
      throw FormatError(file, arrayName(image, array),
                        "holds " + std::to_string(array.elementCount()) + " values, its dimensions say " +
                            std::to_string(vertices * columns));
    const std::string* name = array.meta("Name");
    for (std::size_t c = 0; c < columns; ++c) {
      std::vector<float> map(vertices);
      std::visit(
          [&](const auto& values) {
            for (std::size_t v = 0; v < vertices; ++v) map[v] = static_cast<float>(values[v * columns + c]);
          },
          array.data);
      if (name && !name->empty())
        maps.names.push_back(columns == 1 ? *name : *name + " " + std::to_string(c + 1));
      else
        maps.names.push_back("map " + std::to_string(maps.maps.size() + 1));
      maps.maps.push_back(std::move(map));
    }
  }
  if (!first) throw FormatError(file, "", "no per-vertex data arrays (only point sets, triangles or labels)");
  maps.hemisphere = giftiHemisphere(image, first, file);
  return maps;
}

LabelMap giftiLabelMap(const GiftiImage& image, const std::filesystem::path& file) {
  const GiftiDataArray* array = image.findArray(gifti::kLabel);
  if (!array) throw FormatError(file, "", "no NIFTI_INTENT_LABEL array");
  if (array->dims.size() > 2 || (array->dims.size() == 2 && array->dims[1] != 1))
    throw FormatError(file, arrayName(image, *array),
                      "label keys must be one per vertex, not " + dimsText(array->dims));
  LabelMap map;
  map.hemisphere = giftiHemisphere(image, array, file);
  if (const std::string* name = array->meta("Name"); name && !name->empty())
    map.name = *name;
  else
    map.name = file.filename().string();
  if (const auto* keys = valuesOf<std::int32_t>(*array))
    map.keys = *keys;
  else if (const auto* small = valuesOf<std::uint8_t>(*array))
    map.keys.assign(small->begin(), small->end());
  else
    throw FormatError(file, arrayName(image, *array), "label keys must be NIFTI_TYPE_INT32 or NIFTI_TYPE_UINT8");
  map.labels = image.labels;
  return map;
}

}  // namespace vl::core
