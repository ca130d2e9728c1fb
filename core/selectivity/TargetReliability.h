#pragma once
// How far to trust a target's results, shown beside them: how many columns it has, their median noise ceiling
// (NSD's, for test responses averaged over n trials, from the study's repeats: ColumnNoiseCeiling.h) and held-out R^2, and a split-half check: the target's mean response is
// fitted on the odd and on the even training trials separately (ridge at the median penalty of its columns) and the
// two top-k galleries of the bank are compared. Low overlap means the gallery is noise.
#include <cstddef>
#include <span>
#include <string>

#include "core/base/Matrix.h"
#include "core/study/Experiment.h"
#include "core/study/FitFolder.h"

namespace vl::core {

struct TargetReliability {
  std::size_t columns = 0;
  double medianNoiseCeiling = 0;  // percent; NaN when unknown (the study holds no repeats)
  double noiseCeilingTrials = 0;  // n: the ceiling is for responses averaged over n trials (the test rows)
  std::string noiseCeilingMethod; // which repeats it was estimated from
  double medianTestR2 = 0;        // NaN when the fit has no held-out scores
  double splitHalfOverlap = 0;    // fraction of the top-k shared by the odd- and even-trial fits; NaN without training rows
  std::size_t splitHalfK = 0;
};

// `stimulusEmbedding`: stimuli x features, the encoder's features. Throws std::invalid_argument for no columns.
TargetReliability targetReliability(const Experiment& experiment, const FitFolder& encoder,
                                    const Matrix& stimulusEmbedding, std::span<const std::size_t> columns,
                                    std::size_t topK = 16);

}  // namespace vl::core
