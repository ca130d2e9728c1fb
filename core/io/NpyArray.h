#pragma once
// An n-dimensional array as a NumPy .npy file holds it (responses, embeddings, weight matrices): the element type,
// the shape, whether the file is in Fortran (column-major) order, and the raw elements in native byte order exactly
// in the file's element order. toFloat/toDouble give the values in C (row-major) order whatever the file's order,
// so callers never have to think about fortran_order.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace vl::core {

struct NpyArray {
  enum class DType { Float32, Float64, Int16, Int32, UInt8 };

  DType dtype = DType::Float32;
  std::vector<std::int64_t> shape;  // () is a scalar (one element); any dimension may be 0
  bool fortranOrder = false;
  std::vector<std::byte> data;      // elementCount() * bytesPerElement(dtype) bytes, native byte order, file's order

  static std::size_t bytesPerElement(DType type) {
    switch (type) {
      case DType::Float32: return 4;
      case DType::Float64: return 8;
      case DType::Int16: return 2;
      case DType::Int32: return 4;
      case DType::UInt8: return 1;
    }
    return 0;
  }

  // Product of the shape (1 for a scalar). Readers have already checked it against the file size.
  std::size_t elementCount() const {
    std::size_t count = 1;
    for (auto extent : shape) count *= static_cast<std::size_t>(extent);
    return count;
  }

  std::vector<float> toFloat() const { return convert<float>(); }
  std::vector<double> toDouble() const { return convert<double>(); }
  std::vector<std::int32_t> toInt32() const { return convert<std::int32_t>(); }  // for int32 arrays (indices, keys)

private:
  template <typename Out>
  std::vector<Out> convert() const {
    const std::size_t count = elementCount();
    if (data.size() != count * bytesPerElement(dtype))
      throw std::logic_error("NpyArray: data size does not match shape and dtype");
    std::vector<Out> out(count);
    switch (dtype) {
      case DType::Float32: gather<float>(out); break;
      case DType::Float64: gather<double>(out); break;
      case DType::Int16: gather<std::int16_t>(out); break;
      case DType::Int32: gather<std::int32_t>(out); break;
      case DType::UInt8: gather<std::uint8_t>(out); break;
    }
    return out;
  }

  // Fills out in C order. For Fortran order, walks the C indices with an odometer (last axis fastest) while
  // tracking the element's offset in the file through the Fortran strides (first axis fastest).
  template <typename T, typename Out>
  void gather(std::vector<Out>& out) const {
    auto load = [this](std::size_t i) {
      T value;
      std::memcpy(&value, data.data() + i * sizeof(T), sizeof(T));
      return static_cast<Out>(value);
    };
    if (!fortranOrder || shape.size() < 2) {
      for (std::size_t c = 0; c < out.size(); ++c) out[c] = load(c);
      return;
    }
    const std::size_t rank = shape.size();
    std::vector<std::size_t> stride(rank), index(rank, 0);
    std::size_t s = 1;
    for (std::size_t k = 0; k < rank; ++k) {
      stride[k] = s;
      s *= static_cast<std::size_t>(shape[k]);
    }
    std::size_t offset = 0;
    for (std::size_t c = 0; c < out.size(); ++c) {
      out[c] = load(offset);
      for (std::size_t k = rank; k-- > 0;) {
        if (++index[k] < static_cast<std::size_t>(shape[k])) {
          offset += stride[k];
          break;
        }
        offset -= stride[k] * (index[k] - 1);
        index[k] = 0;
      }
    }
  }
};

}  // namespace vl::core
