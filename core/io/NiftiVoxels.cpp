#include "core/io/NiftiVoxels.h"

#include <nifti1.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace vl::core {
namespace {
template <std::size_t Size>
struct SameSizeUnsigned;
template <>
struct SameSizeUnsigned<2> {
  using type = std::uint16_t;
  static type swap(type v) { return __builtin_bswap16(v); }
};
template <>
struct SameSizeUnsigned<4> {
  using type = std::uint32_t;
  static type swap(type v) { return __builtin_bswap32(v); }
};
template <>
struct SameSizeUnsigned<8> {
  using type = std::uint64_t;
  static type swap(type v) { return __builtin_bswap64(v); }
};

template <typename T>
float toFloat(T value) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isfinite(value) ? static_cast<float>(value) : 0.0f;  // nifti_read_buffer zeroes bad floats
  else
    return static_cast<float>(value);
}

// memcpy reads each value whatever the alignment of the offset in the file; compilers turn it into plain loads.
template <typename T>
void convert(const std::uint8_t* stored, bool byteSwapped, std::span<float> out) {
  if constexpr (sizeof(T) == 1) byteSwapped = false;
  if (!byteSwapped) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      T value;
      std::memcpy(&value, stored + i * sizeof(T), sizeof(T));
      out[i] = toFloat(value);
    }
    return;
  }
  if constexpr (sizeof(T) > 1) {
    using Bits = SameSizeUnsigned<sizeof(T)>;
    for (std::size_t i = 0; i < out.size(); ++i) {
      typename Bits::type bits;
      std::memcpy(&bits, stored + i * sizeof(T), sizeof(T));
      out[i] = toFloat(std::bit_cast<T>(Bits::swap(bits)));
    }
  }
}
}  // namespace

int niftiVoxelSize(int datatype) {
  switch (datatype) {
    case DT_UINT8:
    case DT_INT8: return 1;
    case DT_INT16:
    case DT_UINT16: return 2;
    case DT_INT32:
    case DT_UINT32:
    case DT_FLOAT32: return 4;
    case DT_INT64:
    case DT_UINT64:
    case DT_FLOAT64: return 8;
    default: return 0;
  }
}

void convertNiftiVoxels(const std::uint8_t* stored, int datatype, bool byteSwapped, std::span<float> out) {
  switch (datatype) {
    case DT_UINT8: return convert<std::uint8_t>(stored, byteSwapped, out);
    case DT_INT8: return convert<std::int8_t>(stored, byteSwapped, out);
    case DT_INT16: return convert<std::int16_t>(stored, byteSwapped, out);
    case DT_UINT16: return convert<std::uint16_t>(stored, byteSwapped, out);
    case DT_INT32: return convert<std::int32_t>(stored, byteSwapped, out);
    case DT_UINT32: return convert<std::uint32_t>(stored, byteSwapped, out);
    case DT_INT64: return convert<std::int64_t>(stored, byteSwapped, out);
    case DT_UINT64: return convert<std::uint64_t>(stored, byteSwapped, out);
    case DT_FLOAT32: return convert<float>(stored, byteSwapped, out);
    case DT_FLOAT64: return convert<double>(stored, byteSwapped, out);
    default: throw std::invalid_argument("convertNiftiVoxels: unsupported datatype " + std::to_string(datatype));
  }
}

}  // namespace vl::core
