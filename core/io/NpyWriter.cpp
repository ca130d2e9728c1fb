#include "core/io/NpyWriter.h"

#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/io/AtomicFileWriter.h"

namespace vl::core {
namespace {
constexpr std::size_t kArrayAlign = 64;           // numpy's ARRAY_ALIGN
constexpr std::size_t kGrowthAxisMaxDigits = 21;  // numpy's GROWTH_AXIS_MAX_DIGITS

std::string descrFor(NpyArray::DType type) {
  const char order = std::endian::native == std::endian::little ? '<' : '>';
  switch (type) {
    case NpyArray::DType::Float32: return std::string(1, order) + "f4";
    case NpyArray::DType::Float64: return std::string(1, order) + "f8";
    case NpyArray::DType::Int16: return std::string(1, order) + "i2";
    case NpyArray::DType::Int32: return std::string(1, order) + "i4";
    case NpyArray::DType::UInt8: return "|u1";
  }
  throw std::invalid_argument("writeNpy: unknown dtype");
}

// numpy's _write_array_header: repr of the dict with sorted keys, then spaces so that the growing axis (the first
// in C order, the last in Fortran order) can reach 21 digits without moving the data, then _wrap_header.
std::string preamble(const NpyArray& array) {
  std::string shape = "(";
  for (std::size_t i = 0; i < array.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(array.shape[i]);
  shape += array.shape.size() == 1 ? ",)" : ")";
  std::string header = "{'descr': '" + descrFor(array.dtype) + "', 'fortran_order': " +
                       (array.fortranOrder ? "True" : "False") + ", 'shape': " + shape + ", }";
  if (!array.shape.empty()) {
    const auto growth = std::to_string(array.fortranOrder ? array.shape.back() : array.shape.front());
    if (growth.size() < kGrowthAxisMaxDigits) header.append(kGrowthAxisMaxDigits - growth.size(), ' ');
  }
  // Version 1.0 has a u16 header length; numpy moves to 2.0 only when the padded header does not fit it.
  for (const int major : {1, 2}) {
    const std::size_t lengthField = major == 1 ? 2 : 4;
    const std::size_t hlen = header.size() + 1;  // + the final newline
    const std::size_t padlen = kArrayAlign - (6 + 2 + lengthField + hlen) % kArrayAlign;
    const std::size_t total = hlen + padlen;
    if (major == 1 && total > 0xFFFF) continue;
    std::string out("\x93NUMPY", 6);
    out += static_cast<char>(major);
    out += '\0';
    for (std::size_t b = 0; b < lengthField; ++b) out += static_cast<char>((total >> (8 * b)) & 0xFF);
    out += header;
    out.append(padlen, ' ');
    out += '\n';
    return out;
  }
  throw std::invalid_argument("writeNpy: header too long");
}

}  // namespace

std::string npyPreamble(NpyArray::DType dtype, const std::vector<std::int64_t>& shape, bool fortranOrder) {
  NpyArray header;
  header.dtype = dtype;
  header.shape = shape;
  header.fortranOrder = fortranOrder;
  return preamble(header);
}

namespace {
// Checks the shape against the data and writes preamble and data straight from the caller's memory (no copy: fit
// results run to hundreds of megabytes).
void writeRaw(const std::filesystem::path& file, NpyArray::DType dtype, const std::vector<std::int64_t>& shape,
              bool fortranOrder, const void* data, std::size_t bytes) {
  bool empty = false;
  for (const auto extent : shape) {
    if (extent < 0) throw std::invalid_argument("writeNpy: negative dimension in the shape");
    empty = empty || extent == 0;
  }
  // Multiply with an overflow guard: a shape larger than the data is an error, not a wrapped product.
  std::size_t count = empty ? 0 : 1;
  for (const auto extent : shape) {
    if (empty) break;
    if (count > bytes / static_cast<std::size_t>(extent))
      throw std::invalid_argument("writeNpy: the shape holds more elements than the data");
    count *= static_cast<std::size_t>(extent);
  }
  if (count * NpyArray::bytesPerElement(dtype) != bytes)
    throw std::invalid_argument("writeNpy: data has " + std::to_string(bytes) + " bytes but the shape and dtype need " +
                                std::to_string(count * NpyArray::bytesPerElement(dtype)));
  AtomicFileWriter writer(file);
  writer.write(npyPreamble(dtype, shape, fortranOrder));
  if (bytes > 0) writer.write(data, bytes);
  writer.commit();
}

template <typename T>
void writeValues(const std::filesystem::path& file, const std::vector<T>& values, const std::vector<std::int64_t>& shape,
                 NpyArray::DType dtype) {
  writeRaw(file, dtype, shape, false, values.data(), values.size() * sizeof(T));
}
}  // namespace

void writeNpy(const std::filesystem::path& file, const NpyArray& array) {
  writeRaw(file, array.dtype, array.shape, array.fortranOrder, array.data.data(), array.data.size());
}

void writeNpy(const std::filesystem::path& file, const std::vector<float>& values, std::vector<std::int64_t> shape) {
  writeValues(file, values, shape, NpyArray::DType::Float32);
}

void writeNpy(const std::filesystem::path& file, const std::vector<double>& values, std::vector<std::int64_t> shape) {
  writeValues(file, values, shape, NpyArray::DType::Float64);
}

void writeNpy(const std::filesystem::path& file, const std::vector<std::int32_t>& values,
              std::vector<std::int64_t> shape) {
  writeValues(file, values, shape, NpyArray::DType::Int32);
}

void writeNpy(const std::filesystem::path& file, const std::vector<std::uint8_t>& values,
              std::vector<std::int64_t> shape) {
  writeValues(file, values, shape, NpyArray::DType::UInt8);
}

}  // namespace vl::core
