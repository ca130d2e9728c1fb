#pragma once
// What a target prefers among the bank's images: its predicted response to every image (the linear encoder makes
// that one matrix-vector product, F @ mean(W[:, cols]) + mean(b[cols])) ranked top and bottom, and, where the study
// measured responses, its measured mean response per image with how many trials went into it.
#include <cstddef>
#include <span>
#include <vector>

#include "core/base/Matrix.h"
#include "core/study/Experiment.h"
#include "core/study/FitFolder.h"

namespace vl::core {

struct RankedImage {
  std::size_t index = 0;   // stimulus index
  double score = 0;        // predicted or measured mean response
  std::size_t trials = 0;  // measured: trials behind the score; 0 for predictions
  bool fitted = false;     // the encoder was fitted on this image (a training stimulus)
};

// How much each of the target's columns counts: equally, or with weightByR2 by its held-out R^2 (negative values
// count as 0; all zero, or no R^2 in the fit, falls back to equal weights); not normalised. Throws
// std::invalid_argument for no columns or a column outside the fit.
std::vector<double> columnWeights(const FitFolder& encoder, std::span<const std::size_t> columns, bool weightByR2);

// The target's mean weight vector and intercept over its columns, weighed by columnWeights.
struct TargetWeights {
  std::vector<double> weights;  // features
  double intercept = 0;
};
TargetWeights targetWeights(const FitFolder& encoder, std::span<const std::size_t> columns, bool weightByR2 = false);

// One predicted response per row of `features` (stimuli x features).
std::vector<double> predictedResponse(const Matrix& features, const TargetWeights& weights);

// The mean response over `columns` per stimulus, over every row of the training and test sets that showed it
// (a test row counts as its `repeats` trials). NaN for stimuli never shown.
std::vector<double> measuredResponse(const Experiment& experiment, std::span<const std::size_t> columns,
                                     std::vector<std::size_t>* trialsPerStimulus = nullptr);

// Whether each stimulus is among the training rows (what the encoder was fitted on).
std::vector<bool> fittedStimuli(const Experiment& experiment, std::size_t stimulusCount);

// The k highest (descending) or lowest scores, NaN skipped, ties by index.
std::vector<RankedImage> rankImages(std::span<const double> scores, std::size_t k, bool highest,
                                    const std::vector<bool>& fitted, const std::vector<std::size_t>* trials = nullptr);

}  // namespace vl::core
