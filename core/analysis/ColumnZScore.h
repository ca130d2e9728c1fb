#pragma once
// z-scores each column of a row-major matrix in place: NSD practice for betas, per scan session and per vertex or
// voxel over that session's trials (mean 0, population standard deviation 1, as scipy.stats.zscore with ddof=0).
// Columns without variance (constant, or fewer than two finite values) become 0; non-finite entries are left out
// of the statistics and become 0, so one missing beta does not wipe out a vertex's session.
#include <cstddef>

namespace vl::core {

void zscoreColumns(float* values, std::size_t rows, std::size_t columns);

}  // namespace vl::core
