#pragma once
// The content of a GIfTI file (GIFTI 1.0) as it is on disk, before it becomes a Surface, ScalarMaps or LabelMap:
// file metadata, the label table, and data arrays with their intent, type, shape, storage details, metadata and
// coordinate transforms. Array data is held decoded, in native byte order and row-major order, whatever the
// file used; the storage fields record how it was (or is to be) written.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/model/Parcellation.h"

namespace vl::core {

enum class GiftiEncoding { Ascii, Base64Binary, GZipBase64Binary, ExternalFileBinary };
// In the order of the alternatives of GiftiData, so that dataType() is the variant's index.
enum class GiftiDataType { Float32, Int32, UInt8 };
enum class GiftiEndian { Little, Big };
enum class GiftiOrder { RowMajor, ColumnMajor };

// The spellings used in the XML ("GZipBase64Binary", "NIFTI_TYPE_FLOAT32", "BigEndian", "ColumnMajorOrder").
inline std::string_view toString(GiftiEncoding encoding) {
  constexpr std::string_view names[] = {"ASCII", "Base64Binary", "GZipBase64Binary", "ExternalFileBinary"};
  return names[static_cast<int>(encoding)];
}
inline std::string_view toString(GiftiDataType type) {
  constexpr std::string_view names[] = {"NIFTI_TYPE_FLOAT32", "NIFTI_TYPE_INT32", "NIFTI_TYPE_UINT8"};
  return names[static_cast<int>(type)];
}
inline std::string_view toString(GiftiEndian endian) {
  return endian == GiftiEndian::Big ? "BigEndian" : "LittleEndian";
}
inline std::string_view toString(GiftiOrder order) {
  return order == GiftiOrder::ColumnMajor ? "ColumnMajorOrder" : "RowMajorOrder";
}

namespace gifti {
// Intents this program gives a meaning to; any other intent string is kept as it is and read as functional data.
inline constexpr std::string_view kPointSet = "NIFTI_INTENT_POINTSET";
inline constexpr std::string_view kTriangle = "NIFTI_INTENT_TRIANGLE";
inline constexpr std::string_view kLabel = "NIFTI_INTENT_LABEL";
inline constexpr std::string_view kShape = "NIFTI_INTENT_SHAPE";
inline constexpr std::string_view kNone = "NIFTI_INTENT_NONE";
inline constexpr std::string_view kTimeSeries = "NIFTI_INTENT_TIME_SERIES";
// Limits: GIfTI allows up to 6 dimensions; more than 2^28 elements in one array is taken as a lying header.
inline constexpr std::size_t kMaxDimensions = 6;
inline constexpr std::uint64_t kMaxElements = std::uint64_t(1) << 28;
}  // namespace gifti

// Name/Value pairs in file order (names may repeat in the wild; the first one wins on lookup).
using GiftiMetadata = std::vector<std::pair<std::string, std::string>>;
inline const std::string* findMetadata(const GiftiMetadata& metadata, std::string_view name) {
  for (const auto& [key, value] : metadata)
    if (key == name) return &value;
  return nullptr;
}
// Replaces the value of the first pair with this name, or appends a pair.
inline void setMetadata(GiftiMetadata& metadata, std::string_view name, std::string_view value) {
  for (auto& [key, old] : metadata)
    if (key == name) {
      old = value;
      return;
    }
  metadata.emplace_back(std::string(name), std::string(value));
}

struct GiftiTransform {
  std::string dataSpace = "NIFTI_XFORM_UNKNOWN";
  std::string transformedSpace = "NIFTI_XFORM_UNKNOWN";
  std::array<double, 16> matrix{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};  // row-major 4x4
};

using GiftiData = std::variant<std::vector<float>, std::vector<std::int32_t>, std::vector<std::uint8_t>>;

struct GiftiDataArray {
  std::string intent{gifti::kNone};
  std::vector<std::uint64_t> dims;  // Dim0, Dim1, ...; their product is the number of elements in data
  GiftiData data;                   // decoded, native byte order, row-major (last dimension fastest)
  GiftiMetadata metadata;
  std::vector<GiftiTransform> transforms;

  // How the array is stored. The reader fills these in from the file; the writer honours them.
  GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary;
  GiftiEndian endian = GiftiEndian::Little;
  GiftiOrder order = GiftiOrder::RowMajor;
  // ExternalFileBinary only: relative to the .gii's folder. The writer uses "<file>.gii.dat" when empty and
  // computes the offsets itself.
  std::string externalFileName;
  std::uint64_t externalFileOffset = 0;

  GiftiDataType dataType() const { return static_cast<GiftiDataType>(data.index()); }
  std::size_t elementCount() const {
    return std::visit([](const auto& values) { return values.size(); }, data);
  }
  const std::string* meta(std::string_view name) const { return findMetadata(metadata, name); }
};

struct GiftiImage {
  std::string version = "1.0";
  GiftiMetadata metadata;
  std::vector<Label> labels;  // the LabelTable, in file order
  std::vector<GiftiDataArray> arrays;

  // The first array with this intent, or nullptr.
  const GiftiDataArray* findArray(std::string_view intent) const {
    for (const auto& array : arrays)
      if (array.intent == intent) return &array;
    return nullptr;
  }
};

// Convenience constructor for writers and tests; T is float, std::int32_t or std::uint8_t.
template <typename T>
GiftiDataArray makeGiftiArray(std::string_view intent, std::vector<T> values, std::vector<std::uint64_t> dims) {
  GiftiDataArray array;
  array.intent = std::string(intent);
  array.dims = std::move(dims);
  array.data = std::move(values);
  return array;
}

}  // namespace vl::core
