#pragma once
// Identification with a forward model (Kay, Naselaris, Prenger & Gallant 2008): instead of decoding responses into
// a stimulus space, predict the response pattern every candidate image would evoke and ask which prediction the
// measured pattern is most likely to have come from.
//
// Fit: one ridge encoder per response column from the stimulus features (standardised; the alpha per column by the
// cross-validation the caller's RidgeOptions choose, grouped by stimulus when training images repeat), on the
// training rows only. The identification keeps the `maxColumns` columns with the highest cross-validated R^2 and
// models each kept column's deviation from its prediction as independent Gaussian noise with the column's
// cross-validated mean squared error as variance (the training residuals, honest because held out).
//
// Score of trial t and candidate j: log p(j | t) = log N(b_t; p_j, diag(var)) - log sum_k N(b_t; p_k, diag(var)),
// i.e. the Gaussian log-likelihood normalised over the candidates (a uniform prior). Brain -> image picks the
// candidate with the highest score of a trial (the likelihood alone would pick the same); image -> brain picks, for
// a candidate, the trial that gives it the highest posterior. The normalisation matters for that direction: raw
// likelihoods compare trials by how far each trial lies from every prediction, not by which image it shows.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/analysis/RidgeTypes.h"
#include "core/base/Matrix.h"
#include "core/fitting/Decoder.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct ForwardModelInput {
  Matrix trainFeatures;                 // training rows x features: the features of each row's stimulus
  ResponseRows trainResponses;          // training rows x columns
  std::vector<std::int32_t> candidates;  // the columns the model may use (empty: all), ascending
  std::size_t maxColumns = 1000;        // columns kept for identification, best cross-validated R^2 first
  RidgeOptions ridge;                   // alphas and cross-validation; features are always standardised
  double covarianceShrinkage = 0.1;     // [0, 1]: weight of the diagonal in the residual covariance
};

struct ForwardModel {
  RidgeFit<float> fit;                  // features -> kept columns (weights, intercepts, alphas, cvMse of those)
  std::vector<std::int32_t> columns;    // the kept response columns, ascending
  std::vector<double> noiseVariance;    // per kept column: the variance of its training residuals
  MatrixD noisePrecision;               // kept x kept: inverse of the shrunk residual covariance
  std::vector<double> candidateCvR2;    // per candidate column (in the order of `candidates` or all columns)
  std::string selection;                // toString(RidgeSelection) of the CV that chose the alphas
  double seconds = 0;
};

// Throws std::invalid_argument for inconsistent shapes, a candidate out of range or repeated, fewer than 2 training
// rows or no column left. Progress: ridge on every candidate to 95%, then the kept columns.
ForwardModel fitForwardModel(const ForwardModelInput& input, const JobContext& context = {});

// Predicted responses of the kept columns: features (items x features) -> items x kept columns.
Matrix predictForwardModel(const ForwardModel& model, const Matrix& features);

// trials x candidates log posteriors (see above). observed: trials x columns, predicted: candidates x columns,
// variance: per column (> 0). Throws std::invalid_argument for mismatched shapes or a variance that is not positive.
MatrixD identificationLogPosterior(const Matrix& observed, const Matrix& predicted, const std::vector<double>& variance);
// The same with correlated noise: precision is the inverse noise covariance (columns x columns, symmetric).
MatrixD identificationLogPosterior(const Matrix& observed, const Matrix& predicted, const MatrixD& precision);
// The model's own: its noise precision.
MatrixD identificationLogPosterior(const ForwardModel& model, const Matrix& observed, const Matrix& predicted);

// The response columns `columns` of rows (rows x columns.size()).
Matrix gatherColumns(const ResponseRows& rows, const std::vector<std::int32_t>& columns);

}  // namespace vl::core
