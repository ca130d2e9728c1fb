#pragma once
// z-scores each column of a row-major matrix in place: mean 0, population standard deviation 1 (as
// scipy.stats.zscore with ddof=0). NSD practice for betas, per scan session and per vertex or voxel over that
// session's trials; noise ceilings (NoiseCeiling.h) assume responses scaled this way.
//
// The rule for missing values: non-finite entries (NaN, +-inf) are left out of a column's mean and standard
// deviation and become 0 (the column's mean after scaling), so one missing beta does not wipe out a vertex's
// session. Columns without variance become all 0: constant columns (spread below the value type's rounding of
// their mean) and columns with fewer than two finite values.
#include <cstddef>

#include "core/base/Matrix.h"

namespace vl::core {

void zscoreColumns(float* values, std::size_t rows, std::size_t columns);
void zscoreColumns(double* values, std::size_t rows, std::size_t columns);

template <typename T>
void zscoreColumns(BasicMatrix<T>& m) {
  zscoreColumns(m.data.data(), m.rows, m.cols);
}

}  // namespace vl::core
