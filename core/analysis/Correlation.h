#pragma once
// Pearson correlation, one implementation for the analysis layer (RSA, image metrics, MindEye's scores).
#include <span>
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

// Pearson r of two equally long sequences; NaN when either is constant. Throws std::invalid_argument when the
// lengths differ or are below 2.
double pearson(std::span<const double> a, std::span<const double> b);
double pearson(std::span<const float> a, std::span<const float> b);

// Each row minus its mean and scaled to unit norm (all NaN for a constant row), as a rows x cols matrix: the dot
// product of two such rows is their Pearson r (and NaN, as np.corrcoef gives, when either row is constant).
template <typename T>
MatrixD centredUnitRows(const BasicMatrix<T>& m);

}  // namespace vl::core
