#pragma once
// NIfTI files written byte by byte from the NIfTI-1/2 specification, in either byte order, with the values each
// datatype is read as: the fixtures of the NIfTI reader tests (readNifti and NiftiFrameReader).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "core/io/Gzip.h"

namespace vl::fixtures {

static_assert(std::endian::native == std::endian::little, "the hand-made files below assume a little-endian machine");

inline void writeAll(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// Stores `value` at `offset`, most significant byte first when bigEndian.
template <typename T>
void put(std::string& buffer, std::size_t offset, T value, bool bigEndian) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if (bigEndian) std::reverse(bytes, bytes + sizeof(T));
  std::memcpy(buffer.data() + offset, bytes, sizeof(T));
}

// The numbers a test chooses for one datatype: the stored bytes (little-endian, one element of `size` bytes each) and
// the floats readNifti must give for them.
struct Values {
  std::int16_t datatype;
  int size;
  std::string name;
  std::string stored;
  std::vector<float> expected;
};

template <typename T>
Values valuesOf(std::int16_t datatype, const std::string& name, const std::vector<T>& values) {
  Values v{datatype, sizeof(T), name, {}, {}};
  for (const T value : values) {
    v.stored.append(reinterpret_cast<const char*>(&value), sizeof(T));
    // NaN and infinities in float data have always been read as 0 (nifti_clib's nifti_read_buffer).
    if constexpr (std::is_floating_point_v<T>)
      v.expected.push_back(std::isfinite(value) ? static_cast<float>(value) : 0.0f);
    else
      v.expected.push_back(static_cast<float>(value));
  }
  return v;
}

// Ten values per datatype with the extremes of each type; 10 voxels = a 5 x 2 x 1 image.
inline std::vector<Values> everyDatatype() {
  using L = std::numeric_limits<double>;
  const double nan = L::quiet_NaN(), inf = L::infinity();
  return {
      valuesOf<std::uint8_t>(2, "UINT8", {0, 1, 2, 127, 128, 200, 254, 255, 17, 99}),
      valuesOf<std::int8_t>(256, "INT8", {-128, -127, -1, 0, 1, 2, 100, 126, 127, -50}),
      valuesOf<std::int16_t>(4, "INT16", {-32768, -32767, -1, 0, 1, 255, 256, 12345, 32766, 32767}),
      valuesOf<std::uint16_t>(512, "UINT16", {0, 1, 255, 256, 32767, 32768, 40000, 65534, 65535, 4660}),
      valuesOf<std::int32_t>(8, "INT32",
                             {std::numeric_limits<std::int32_t>::min(), -16777217, -1, 0, 1, 16777216, 16777217,
                              305419896, 2147483646, std::numeric_limits<std::int32_t>::max()}),
      valuesOf<std::uint32_t>(768, "UINT32",
                              {0u, 1u, 65536u, 16777217u, 2147483648u, 3000000000u, 4294967294u, 4294967295u,
                               305419896u, 7u}),
      valuesOf<std::int64_t>(1024, "INT64",
                             {std::numeric_limits<std::int64_t>::min(), -(std::int64_t(1) << 53) - 1, -1, 0, 1,
                              (std::int64_t(1) << 53) + 1, std::int64_t(1) << 40, 81985529216486895,
                              std::numeric_limits<std::int64_t>::max() - 1, std::numeric_limits<std::int64_t>::max()}),
      valuesOf<std::uint64_t>(1280, "UINT64",
                              {0ull, 1ull, (1ull << 53) + 1, 1ull << 63, (1ull << 63) + 12345, 18446744073709551615ull,
                               81985529216486895ull, 4294967296ull, 65535ull, 3ull}),
      valuesOf<float>(16, "FLOAT32",
                      {1.5f, -0.0f, float(nan), float(inf), -float(inf), 3.4028235e38f, -1.17549435e-38f, 1e-45f,
                       0.1f, -123456.789f}),
      valuesOf<double>(64, "FLOAT64", {0.1, -1e300, nan, -inf, inf, 1e-310, 3.141592653589793, -2.5, 1e38, 16777217.0}),
  };
}

// A NIfTI file written byte by byte from the specification: version 1 (348-byte header, data at 352) or 2 (540,
// data at 544), in either byte order, with 2 x 3 x 4 mm voxels and an sform (or, with qformOnly, a qform: a 90
// degree rotation about z) whose origin is (-10, 20, 30).
struct HandMadeNifti {
  int version = 1;
  bool bigEndian = false;
  std::vector<std::int64_t> dims{5, 2, 1};
  double slope = 0, intercept = 0;
  bool qformOnly = false;
  std::int64_t voxOffset = 0;  // 0: right after the header and the 4-byte extension flag

  std::string bytes(const Values& values) const {
    const bool two = version == 2;
    const std::size_t headerSize = two ? 540 : 348, dataAt = voxOffset ? std::size_t(voxOffset) : headerSize + 4;
    std::string h(dataAt, '\0');
    put<std::int32_t>(h, 0, std::int32_t(headerSize), bigEndian);
    const double pixdim[4] = {qformOnly ? -1.0 : 1.0, 2, 3, 4};  // pixdim[0] = qfac
    const double srow[12] = {2, 0, 0, -10, 0, 3, 0, 20, 0, 0, 4, 30};
    if (two) {
      std::memcpy(h.data() + 4, "n+2\0\r\n\032\n", 8);
      put<std::int16_t>(h, 12, values.datatype, bigEndian);
      put<std::int16_t>(h, 14, std::int16_t(values.size * 8), bigEndian);
      put<std::int64_t>(h, 16, std::int64_t(dims.size()), bigEndian);
      for (std::size_t d = 0; d < 7; ++d) put<std::int64_t>(h, 24 + 8 * d, d < dims.size() ? dims[d] : 1, bigEndian);
      for (int d = 0; d < 4; ++d) put<double>(h, 104 + 8 * d, pixdim[d], bigEndian);
      put<std::int64_t>(h, 168, std::int64_t(dataAt), bigEndian);
      put<double>(h, 176, slope, bigEndian);
      put<double>(h, 184, intercept, bigEndian);
      if (qformOnly) {
        put<std::int32_t>(h, 344, 1, bigEndian);
        put<double>(h, 368, std::sqrt(0.5), bigEndian);  // quatern_d: 90 degrees about z
        put<double>(h, 376, -10, bigEndian);
        put<double>(h, 384, 20, bigEndian);
        put<double>(h, 392, 30, bigEndian);
      } else {
        put<std::int32_t>(h, 348, 1, bigEndian);
        for (int k = 0; k < 12; ++k) put<double>(h, 400 + 8 * k, srow[k], bigEndian);
      }
    } else {
      put<std::int16_t>(h, 40, std::int16_t(dims.size()), bigEndian);
      for (std::size_t d = 0; d < 7; ++d)
        put<std::int16_t>(h, 42 + 2 * d, std::int16_t(d < dims.size() ? dims[d] : 1), bigEndian);
      put<std::int16_t>(h, 70, values.datatype, bigEndian);
      put<std::int16_t>(h, 72, std::int16_t(values.size * 8), bigEndian);
      for (int d = 0; d < 4; ++d) put<float>(h, 76 + 4 * d, float(pixdim[d]), bigEndian);
      put<float>(h, 108, float(dataAt), bigEndian);
      put<float>(h, 112, float(slope), bigEndian);
      put<float>(h, 116, float(intercept), bigEndian);
      if (qformOnly) {
        put<std::int16_t>(h, 252, 1, bigEndian);
        put<float>(h, 264, float(std::sqrt(0.5)), bigEndian);
        put<float>(h, 268, -10, bigEndian);
        put<float>(h, 272, 20, bigEndian);
        put<float>(h, 276, 30, bigEndian);
      } else {
        put<std::int16_t>(h, 254, 1, bigEndian);
        for (int k = 0; k < 12; ++k) put<float>(h, 280 + 4 * k, float(srow[k]), bigEndian);
      }
      std::memcpy(h.data() + 344, "n+1\0", 4);
    }
    std::string data = values.stored;
    if (bigEndian)
      for (std::size_t at = 0; at < data.size(); at += std::size_t(values.size))
        std::reverse(data.begin() + std::ptrdiff_t(at), data.begin() + std::ptrdiff_t(at) + values.size);
    return h + data;
  }
};

inline std::string gzip(const std::string& bytes, int level = 6) {
  const auto packed = vl::core::deflateBuffer(
      std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), level, vl::core::CompressedFormat::Gzip);
  return {reinterpret_cast<const char*>(packed.data()), packed.size()};
}

}  // namespace vl::fixtures
