#pragma once
// The NSD noise ceiling (Allen et al. 2022; NoiseCeiling.h) of a study's response columns, from whichever repeats
// the study holds:
//   repeated single trials: training rows are single trials and some images were shown more than once (NSD). The
//     training rows are z-scored per column and noiseCeiling() estimates the noise SD from the spread of each
//     repeated image's trials, as NSD does.
//   single trials and repeat means: training rows are single trials of images shown once and the test rows average
//     n trials (the demo study: 9000 images once, 300 images 3 times, means stored). With signal variance s2 and
//     noise variance e2 the same for both sets of images (both drawn from one bank), Var(single) = s2 + e2 and
//     Var(mean of n) = s2 + e2/n, so e2 = n/(n-1) (Var(single) - Var(mean of n)), s2 = Var(single) - e2 (negative
//     as 0), ncsnr = sqrt(s2 / e2).
// Either way NC = 100 ncsnr^2 / (ncsnr^2 + 1/n) with n = the trials averaged into each test response (the rows the
// encoder is scored on; 1 without test rows).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/study/Experiment.h"

namespace vl::core {

struct ColumnNoiseCeiling {
  std::vector<double> ncsnr, ncPercent;  // per requested column
  double trialsAveraged = 1;             // n of the NC formula
  std::string method;                    // which estimate, in words (for reliability output)
};

// Nothing when the study holds no repeats of either kind. Throws std::invalid_argument for a column outside the
// responses.
std::optional<ColumnNoiseCeiling> columnNoiseCeiling(const Experiment& experiment,
                                                     std::span<const std::size_t> columns);

// The single-trials-and-means estimate alone: `singles` (rows x columns) single trials, `means` (rows x columns)
// means of `trialsPerMean` trials each, both row-major with `columns` values per row.
ColumnNoiseCeiling noiseCeilingFromMeans(std::span<const float> singles, std::span<const float> means,
                                         std::size_t columns, double trialsPerMean);

}  // namespace vl::core
