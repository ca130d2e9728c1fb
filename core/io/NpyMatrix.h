#pragma once
// NumPy arrays as analysis matrices: a 2-D array is rows x columns (C order whatever the file's order), a 1-D
// array one column. Used by `voxellens fit`, `merge` and `decode`.
#include <filesystem>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/io/NpyArray.h"

namespace vl::core {

// Throws FormatError (via the reader) or std::invalid_argument naming the file when the array is not 1-D or 2-D.
Matrix readNpyMatrix(const std::filesystem::path& file);
void writeNpyMatrix(const std::filesystem::path& file, const Matrix& matrix);  // atomic, float32, 2-D
void writeNpyVector(const std::filesystem::path& file, const std::vector<double>& values);  // float64, 1-D
void writeNpyVector(const std::filesystem::path& file, const std::vector<float>& values);   // float32, 1-D

}  // namespace vl::core
