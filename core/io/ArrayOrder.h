#pragma once
// Row-major (C, last index fastest) <-> column-major (Fortran, first index fastest) reordering of an n-d array,
// for GIfTI's ArrayIndexingOrder. Both directions walk the row-major indices with an odometer that tracks the
// element's column-major offset.
#include <cstdint>
#include <vector>

namespace vl::core {

enum class ReorderDirection { ColumnToRowMajor, RowToColumnMajor };

template <typename T>
std::vector<T> reorderArray(const std::vector<T>& values, const std::vector<std::uint64_t>& dims,
                            ReorderDirection direction) {
  const std::size_t k = dims.size();
  std::vector<std::uint64_t> stride(k), index(k, 0);
  std::uint64_t s = 1;
  for (std::size_t j = 0; j < k; ++j) {
    stride[j] = s;
    s *= dims[j];
  }
  std::vector<T> out(values.size());
  std::uint64_t columnOffset = 0;
  for (std::size_t row = 0; row < values.size(); ++row) {
    if (direction == ReorderDirection::ColumnToRowMajor) out[row] = values[columnOffset];
    else out[columnOffset] = values[row];
    for (std::size_t j = k; j-- > 0;) {
      columnOffset += stride[j];
      if (++index[j] < dims[j]) break;
      columnOffset -= stride[j] * dims[j];
      index[j] = 0;
    }
  }
  return out;
}

}  // namespace vl::core
