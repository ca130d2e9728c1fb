#include "core/io/NpyMatrix.h"

#include <stdexcept>

#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace vl::core {

Matrix readNpyMatrix(const std::filesystem::path& file) {
  std::vector<std::int64_t> shape;
  auto values = readNpyAsFloat(file, shape);
  if (shape.size() == 1) return Matrix(static_cast<std::size_t>(shape[0]), 1, std::move(values));
  if (shape.size() == 2)
    return Matrix(static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1]), std::move(values));
  throw std::invalid_argument(file.string() + ": expected a 1-D or 2-D array (samples x columns), got " +
                              std::to_string(shape.size()) + " dimensions");
}

void writeNpyMatrix(const std::filesystem::path& file, const Matrix& matrix) {
  writeNpy(file, matrix.data, {static_cast<std::int64_t>(matrix.rows), static_cast<std::int64_t>(matrix.cols)});
}

void writeNpyVector(const std::filesystem::path& file, const std::vector<double>& values) {
  writeNpy(file, values, {static_cast<std::int64_t>(values.size())});
}

void writeNpyVector(const std::filesystem::path& file, const std::vector<float>& values) {
  writeNpy(file, values, {static_cast<std::int64_t>(values.size())});
}

}  // namespace vl::core
