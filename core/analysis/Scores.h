#pragma once
// Per-voxel encoding scores between predicted and measured responses (rows = samples, columns = voxels),
// accumulated in double.
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

// Pearson r per column; NaN where either column is constant.
template <typename T>
std::vector<double> pearsonPerColumn(const BasicMatrix<T>& predicted, const BasicMatrix<T>& measured);

// Coefficient of determination per column as sklearn's r2_score(measured, predicted, multioutput="raw_values"):
// 1 - SS_res / SS_tot with SS_tot about the measured mean; a constant measured column gives 1 if predicted
// exactly, else 0 (sklearn's convention). Can be negative.
template <typename T>
std::vector<double> r2PerColumn(const BasicMatrix<T>& predicted, const BasicMatrix<T>& measured);

}  // namespace vl::core
