#pragma once
// Writes NumPy .npy files that numpy.load reads and that are byte for byte what numpy.save writes for the same
// array: version 1.0 unless the header does not fit a u16 length (then 2.0), the dict keys in sorted order, the
// spare spaces numpy leaves for growing the first axis, and the preamble padded with spaces and a newline to a
// multiple of 64 bytes. Writes are atomic (temporary file, fsync, rename).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/io/NpyArray.h"

namespace vl::core {

// Throws std::invalid_argument when the data size does not match shape and dtype or a dimension is negative,
// std::runtime_error when the file cannot be written (the old file, if any, is then untouched).
void writeNpy(const std::filesystem::path& file, const NpyArray& array);

// Conveniences for C-order float32 / float64 matrices; values.size() must equal the product of shape.
void writeNpy(const std::filesystem::path& file, const std::vector<float>& values, std::vector<std::int64_t> shape);
void writeNpy(const std::filesystem::path& file, const std::vector<double>& values, std::vector<std::int64_t> shape);
// The same for int32 (indices, label keys) and uint8 (masks, images).
void writeNpy(const std::filesystem::path& file, const std::vector<std::int32_t>& values,
              std::vector<std::int64_t> shape);
void writeNpy(const std::filesystem::path& file, const std::vector<std::uint8_t>& values,
              std::vector<std::int64_t> shape);

// The bytes numpy.save writes before the data of an array of this type and shape (magic, version, length, dict,
// padding). Its length does not change when the first axis (C order) grows up to 21 digits, so a streaming writer
// can write it first with a placeholder count and overwrite it when the count is known.
std::string npyPreamble(NpyArray::DType dtype, const std::vector<std::int64_t>& shape, bool fortranOrder = false);

}  // namespace vl::core
