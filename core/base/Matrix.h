#pragma once
// A plain dense row-major matrix that analysis APIs take and return, so GUI and CLI code can call them without
// including LibTorch (the .cpp files convert to at::Tensor internally). Rows are samples (trials, items, stimuli),
// columns are features or voxels.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace vl::core {

template <typename T>
struct BasicMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<T> data;  // rows * cols values, row-major

  BasicMatrix() = default;
  BasicMatrix(std::size_t r, std::size_t c, T fill = T(0)) : rows(r), cols(c), data(r * c, fill) {}
  BasicMatrix(std::size_t r, std::size_t c, std::vector<T> values) : rows(r), cols(c), data(std::move(values)) {
    if (data.size() != r * c)
      throw std::invalid_argument("BasicMatrix: " + std::to_string(data.size()) + " values for " +
                                  std::to_string(r) + " x " + std::to_string(c));
  }

  T& operator()(std::size_t r, std::size_t c) { return data[r * cols + c]; }
  const T& operator()(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
  bool empty() const { return rows == 0 || cols == 0; }
};

template <typename T>
BasicMatrix<T> transposed(const BasicMatrix<T>& m) {
  BasicMatrix<T> out(m.cols, m.rows);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t c = 0; c < m.cols; ++c) out(c, r) = m(r, c);
  return out;
}

using Matrix = BasicMatrix<float>;
using MatrixD = BasicMatrix<double>;

}  // namespace vl::core
