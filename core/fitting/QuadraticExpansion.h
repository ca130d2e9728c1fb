#pragma once
// A second-order expansion of a feature space for linear encoding models: the pairwise products (squares
// included) of its leading principal components. A linear encoder on an image embedding can give a column a
// preference for what an image shows, but not a preference that depends on two properties at once (a category
// when it is large, or when it is near fixation); the products add those interactions, and reducing the
// embedding to its leading components first keeps their number small (k components give k (k + 1) / 2 products).
//
// The components are fitted on chosen rows only (the training stimuli), so that test images never shape the
// features, and every component is scaled to unit variance over those rows so that no product dominates by
// the size of its factors.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

struct QuadraticExpansion {
  std::vector<double> mean;   // per input feature, over the fitting rows
  MatrixD basis;              // input features x components: unit-variance component scores (loadings / SD)
  std::size_t components() const { return basis.cols; }
  std::size_t outputs() const { return basis.cols * (basis.cols + 1) / 2; }
};

// Principal components of features' rows `rows` (all rows when empty). Throws std::invalid_argument for fewer
// than 2 rows, a row out of range, zero components, more components than min(rows - 1, features), or
// non-finite values.
QuadraticExpansion fitQuadraticExpansion(const Matrix& features, std::span<const std::int32_t> rows,
                                         std::size_t components);

// Every row of features -> the products z_a z_b (a <= b, in the order (0,0), (0,1), ..., (0,k-1), (1,1), ...)
// of its component scores z. Throws std::invalid_argument when the feature count differs from the fit.
Matrix expandQuadratic(const QuadraticExpansion& expansion, const Matrix& features);

}  // namespace vl::core
