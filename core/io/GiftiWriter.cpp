#include "core/io/GiftiWriter.h"

#include <bit>
#include <charconv>
#include <cstring>
#include <map>
#include <span>
#include <stdexcept>

#include "core/io/ArrayOrder.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/Base64.h"
#include "core/io/Gzip.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

// Replaces what XML 1.0 cannot carry (control characters other than tab, newline and carriage return, and bytes
// that are not UTF-8) with U+FFFD, so that every file written here parses again.
std::string xmlSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        out += "\xEF\xBF\xBD";
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (c >= 0xF5) length = 0;
    bool valid = length > 0 && i + length <= n;
    for (std::size_t k = 1; valid && k < length; ++k) valid = (p[i + k] & 0xC0) == 0x80;
    if (valid && length == 3) {
      const unsigned code = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
      valid = code >= 0x800 && (code < 0xD800 || code > 0xDFFF) && code != 0xFFFE && code != 0xFFFF;
    } else if (valid && length == 4) {
      const unsigned code =
          ((c & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
      valid = code >= 0x10000 && code <= 0x10FFFF;
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

void appendAttributeValue(std::string& out, std::string_view value) {
  for (char c : xmlSafe(value)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
}

// Text in CDATA, exactly as given: "]]>" is split across two sections, and carriage returns (which XML parsers turn
// into newlines) are written as character references between sections.
void appendCdata(std::string& out, std::string_view text) {
  const std::string safe = xmlSafe(text);
  out += "<![CDATA[";
  for (std::size_t i = 0; i < safe.size(); ++i) {
    if (safe[i] == '\r') {
      out += "]]>&#13;<![CDATA[";
    } else if (safe.compare(i, 3, "]]>") == 0) {
      out += "]]]]><![CDATA[>";
      i += 2;
    } else {
      out += safe[i];
    }
  }
  out += "]]>";
}

void appendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  appendAttributeValue(out, value);
  out += '"';
}

// Shortest text that reads back to the same bits (std::to_chars round-trip guarantee).
template <typename T>
void appendNumber(std::string& out, T value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}
template <typename T>
std::string numberText(T value) {
  std::string text;
  appendNumber(text, value);
  return text;
}

void appendMetadata(std::string& out, const GiftiMetadata& metadata, const char* indent) {
  out += indent;
  if (metadata.empty()) {
    out += "<MetaData/>\n";
    return;
  }
  out += "<MetaData>\n";
  for (const auto& [name, value] : metadata) {
    out += indent;
    out += "  <MD>\n";
    out += indent;
    out += "    <Name>";
    appendCdata(out, name);
    out += "</Name>\n";
    out += indent;
    out += "    <Value>";
    appendCdata(out, value);
    out += "</Value>\n";
    out += indent;
    out += "  </MD>\n";
  }
  out += indent;
  out += "</MetaData>\n";
}

void appendTransform(std::string& out, const GiftiTransform& transform) {
  out += "    <CoordinateSystemTransformMatrix>\n      <DataSpace>";
  appendCdata(out, transform.dataSpace);
  out += "</DataSpace>\n      <TransformedSpace>";
  appendCdata(out, transform.transformedSpace);
  out += "</TransformedSpace>\n      <MatrixData>";
  for (int r = 0; r < 4; ++r) {
    out += "\n        ";
    for (int c = 0; c < 4; ++c) {
      if (c) out += ' ';
      appendNumber(out, transform.matrix[static_cast<std::size_t>(r * 4 + c)]);
    }
  }
  out += "\n      </MatrixData>\n    </CoordinateSystemTransformMatrix>\n";
}

// The array's values in the order the file stores them: row-major as held, or column-major (first index fastest).
template <typename T>
std::vector<T> inStorageOrder(const std::vector<T>& values, const std::vector<std::uint64_t>& dims) {
  return reorderArray(values, dims, ReorderDirection::RowToColumnMajor);
}

class GiftiXmlWriter {
 public:
  GiftiXmlWriter(const fs::path& file) : file_(file) {}

  std::string build(const GiftiImage& image) {
    std::size_t estimate = 4096;
    for (const auto& array : image.arrays) estimate += array.elementCount() * 6;
    out_.reserve(estimate);
    out_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE GIFTI SYSTEM \"http://www.nitrc.org/frs/download.php/115/gifti.dtd\">\n<GIFTI";
    appendAttribute(out_, "Version", image.version.empty() ? "1.0" : image.version);
    appendAttribute(out_, "NumberOfDataArrays", std::to_string(image.arrays.size()));
    out_ += ">\n";
    appendMetadata(out_, image.metadata, "  ");
    if (!image.labels.empty()) {
      out_ += "  <LabelTable>\n";
      for (const auto& label : image.labels) {
        out_ += "    <Label";
        appendAttribute(out_, "Key", std::to_string(label.key));
        static constexpr const char* kChannels[4] = {"Red", "Green", "Blue", "Alpha"};
        for (std::size_t c = 0; c < 4; ++c) appendAttribute(out_, kChannels[c], numberText(label.rgba[c]));
        out_ += '>';
        appendCdata(out_, label.name);
        out_ += "</Label>\n";
      }
      out_ += "  </LabelTable>\n";
    }
    for (std::size_t a = 0; a < image.arrays.size(); ++a) appendArray(image.arrays[a], a);
    out_ += "</GIFTI>\n";
    return std::move(out_);
  }

  // External data files by name, each with the bytes of its arrays in order.
  const std::map<std::string, std::string>& externalFiles() const { return external_; }

 private:
  void appendArray(const GiftiDataArray& array, std::size_t index) {
    const std::string where = file_.string() + ": DataArray " + std::to_string(index);
    if (array.dims.empty() || array.dims.size() > gifti::kMaxDimensions)
      throw std::invalid_argument(where + " has " + std::to_string(array.dims.size()) + " dimensions (1 to 6 allowed)");
    std::uint64_t product = 1;
    for (auto d : array.dims) {
      if (d < 1 || d > gifti::kMaxElements || (product *= d) > gifti::kMaxElements)
        throw std::invalid_argument(where + " has dimensions of 0 or more than 2^28 elements");
    }
    if (product != array.elementCount())
      throw std::invalid_argument(where + " holds " + std::to_string(array.elementCount()) +
                                  " values but its dimensions make " + std::to_string(product));

    out_ += "  <DataArray";
    appendAttribute(out_, "Intent", array.intent.empty() ? std::string(gifti::kNone) : array.intent);
    appendAttribute(out_, "DataType", toString(array.dataType()));
    appendAttribute(out_, "ArrayIndexingOrder", toString(array.order));
    appendAttribute(out_, "Dimensionality", std::to_string(array.dims.size()));
    for (std::size_t d = 0; d < array.dims.size(); ++d)
      appendAttribute(out_, "Dim" + std::to_string(d), std::to_string(array.dims[d]));
    appendAttribute(out_, "Encoding", toString(array.encoding));
    appendAttribute(out_, "Endian", toString(array.endian));
    if (array.encoding == GiftiEncoding::ExternalFileBinary) {
      const std::string name =
          array.externalFileName.empty() ? file_.filename().string() + ".dat" : array.externalFileName;
      auto& bytes = external_[name];
      appendAttribute(out_, "ExternalFileName", name);
      appendAttribute(out_, "ExternalFileOffset", std::to_string(bytes.size()));
      std::visit([&](const auto& values) { appendBinary(array, values, bytes); }, array.data);
    } else {
      appendAttribute(out_, "ExternalFileName", "");
      appendAttribute(out_, "ExternalFileOffset", "");
    }
    out_ += ">\n";
    appendMetadata(out_, array.metadata, "    ");
    for (const auto& transform : array.transforms) appendTransform(out_, transform);
    switch (array.encoding) {
      case GiftiEncoding::ExternalFileBinary: out_ += "    <Data/>\n"; break;
      case GiftiEncoding::Ascii:
        out_ += "    <Data>";
        std::visit([&](const auto& values) { appendAscii(array, values); }, array.data);
        out_ += "</Data>\n";
        break;
      default: {
        out_ += "    <Data>";
        std::string raw;
        std::visit([&](const auto& values) { appendBinary(array, values, raw); }, array.data);
        if (array.encoding == GiftiEncoding::GZipBase64Binary) {
          const auto packed = deflateBuffer(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
          raw.clear();
          appendBase64(out_, packed.data(), packed.size());
        } else {
          appendBase64(out_, raw.data(), raw.size());
        }
        out_ += "</Data>\n";
      }
    }
    out_ += "  </DataArray>\n";
  }

  template <typename T>
  void appendBinary(const GiftiDataArray& array, const std::vector<T>& values, std::string& bytes) {
    const bool reorder = array.order == GiftiOrder::ColumnMajor && array.dims.size() > 1;
    const std::vector<T> reordered = reorder ? inStorageOrder(values, array.dims) : std::vector<T>();
    const std::vector<T>& stored = reorder ? reordered : values;
    const std::size_t start = bytes.size();
    bytes.append(reinterpret_cast<const char*>(stored.data()), stored.size() * sizeof(T));
    const auto fileOrder = array.endian == GiftiEndian::Big ? std::endian::big : std::endian::little;
    if (sizeof(T) == 4 && fileOrder != std::endian::native) {
      for (std::size_t i = start; i + 4 <= bytes.size(); i += 4) {
        std::swap(bytes[i], bytes[i + 3]);
        std::swap(bytes[i + 1], bytes[i + 2]);
      }
    }
  }

  template <typename T>
  void appendAscii(const GiftiDataArray& array, const std::vector<T>& values) {
    const bool columnMajor = array.order == GiftiOrder::ColumnMajor && array.dims.size() > 1;
    const std::vector<T> reordered = columnMajor ? inStorageOrder(values, array.dims) : std::vector<T>();
    const std::vector<T>& stored = columnMajor ? reordered : values;
    // One row per line (one column per line when column-major), as nibabel and Workbench lay ASCII data out.
    const std::size_t perLine =
        array.dims.size() > 1 ? static_cast<std::size_t>(columnMajor ? array.dims.front() : array.dims.back()) : 1;
    for (std::size_t i = 0; i < stored.size(); ++i) {
      out_ += i % perLine == 0 ? "\n      " : " ";
      if constexpr (std::is_same_v<T, std::uint8_t>)
        appendNumber(out_, static_cast<unsigned>(stored[i]));
      else
        appendNumber(out_, stored[i]);
    }
    out_ += "\n    ";
  }

  const fs::path& file_;
  std::string out_;
  std::map<std::string, std::string> external_;
};

const char* structureOf(Hemisphere hemisphere) { return hemisphere == Hemisphere::Left ? "CortexLeft" : "CortexRight"; }
}  // namespace

void writeGifti(const std::filesystem::path& file, const GiftiImage& image) {
  GiftiXmlWriter writer(file);
  const std::string xml = writer.build(image);
  // External data first: a reader must never find a new .gii that points at data not yet written.
  const auto folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  for (const auto& [name, bytes] : writer.externalFiles()) writeFileAtomically(folder / name, bytes);
  writeFileAtomically(file, xml);
}

GiftiImage giftiFromSurface(const Surface& surface, GiftiEncoding encoding) {
  GiftiImage image;
  std::vector<float> coordinates(surface.vertexCount() * 3);
  std::memcpy(coordinates.data(), surface.vertices.data(), coordinates.size() * sizeof(float));
  std::vector<std::int32_t> indices(surface.triangleCount() * 3);
  std::memcpy(indices.data(), surface.triangles.data(), indices.size() * sizeof(std::int32_t));

  auto points = makeGiftiArray(gifti::kPointSet, std::move(coordinates), {surface.vertexCount(), 3});
  points.encoding = encoding;
  setMetadata(points.metadata, "AnatomicalStructurePrimary", structureOf(surface.hemisphere));
  switch (surface.kind) {
    case SurfaceKind::White:
      setMetadata(points.metadata, "AnatomicalStructureSecondary", "GrayWhite");
      setMetadata(points.metadata, "GeometricType", "Anatomical");
      break;
    case SurfaceKind::Pial:
      setMetadata(points.metadata, "AnatomicalStructureSecondary", "Pial");
      setMetadata(points.metadata, "GeometricType", "Anatomical");
      break;
    case SurfaceKind::Midthickness:
      setMetadata(points.metadata, "AnatomicalStructureSecondary", "MidThickness");
      setMetadata(points.metadata, "GeometricType", "Anatomical");
      break;
    case SurfaceKind::Inflated: setMetadata(points.metadata, "GeometricType", "Inflated"); break;
    case SurfaceKind::VeryInflated: setMetadata(points.metadata, "GeometricType", "VeryInflated"); break;
    case SurfaceKind::Sphere: setMetadata(points.metadata, "GeometricType", "Spherical"); break;
    case SurfaceKind::Flat: setMetadata(points.metadata, "GeometricType", "Flat"); break;
    case SurfaceKind::Other: break;
  }
  points.transforms.emplace_back();  // the specification asks every point set for one

  auto triangles = makeGiftiArray(gifti::kTriangle, std::move(indices), {surface.triangleCount(), 3});
  triangles.encoding = encoding;
  image.arrays.push_back(std::move(points));
  image.arrays.push_back(std::move(triangles));
  return image;
}

GiftiImage giftiFromScalars(const ScalarMaps& maps, GiftiEncoding encoding) {
  if (maps.maps.empty()) throw std::invalid_argument("GIfTI: no scalar maps to write");
  GiftiImage image;
  if (maps.hemisphere) setMetadata(image.metadata, "AnatomicalStructurePrimary", structureOf(*maps.hemisphere));
  for (std::size_t m = 0; m < maps.maps.size(); ++m) {
    if (maps.maps[m].size() != maps.maps.front().size() || maps.maps[m].empty())
      throw std::invalid_argument("GIfTI: scalar map " + std::to_string(m) + " has " +
                                  std::to_string(maps.maps[m].size()) + " values, map 0 has " +
                                  std::to_string(maps.maps.front().size()));
    auto array = makeGiftiArray(gifti::kNone, maps.maps[m], {maps.maps[m].size()});
    array.encoding = encoding;
    if (m < maps.names.size()) setMetadata(array.metadata, "Name", maps.names[m]);
    image.arrays.push_back(std::move(array));
  }
  return image;
}

GiftiImage giftiFromLabels(const LabelMap& labels, GiftiEncoding encoding) {
  GiftiImage image;
  if (labels.hemisphere) setMetadata(image.metadata, "AnatomicalStructurePrimary", structureOf(*labels.hemisphere));
  image.labels = labels.labels;
  auto array = makeGiftiArray(gifti::kLabel, labels.keys, {labels.keys.size()});
  array.encoding = encoding;
  if (!labels.name.empty()) setMetadata(array.metadata, "Name", labels.name);
  image.arrays.push_back(std::move(array));
  return image;
}

void writeGiftiSurface(const std::filesystem::path& file, const Surface& surface, GiftiEncoding encoding) {
  writeGifti(file, giftiFromSurface(surface, encoding));
}
void writeGiftiScalars(const std::filesystem::path& file, const ScalarMaps& maps, GiftiEncoding encoding) {
  writeGifti(file, giftiFromScalars(maps, encoding));
}
void writeGiftiLabels(const std::filesystem::path& file, const LabelMap& labels, GiftiEncoding encoding) {
  writeGifti(file, giftiFromLabels(labels, encoding));
}

}  // namespace vl::core
