#include "core/fitting/ForwardIdentification.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <ATen/ATen.h>

#include "core/fitting/RidgeCv.h"

namespace vl::core {
namespace {

void checkInput(const ForwardModelInput& in) {
  if (in.trainFeatures.rows != in.trainResponses.rows)
    throw std::invalid_argument("forward model: " + std::to_string(in.trainFeatures.rows) + " feature rows for " +
                                std::to_string(in.trainResponses.rows) + " training response rows (one per row)");
  if (in.trainResponses.rows < 2) throw std::invalid_argument("forward model: fewer than 2 training rows");
  if (in.trainFeatures.cols == 0 || in.trainResponses.columns == 0)
    throw std::invalid_argument("forward model: no features or no response columns");
  if (in.maxColumns == 0) throw std::invalid_argument("forward model: keeps no columns (maxColumns is 0)");
  if (!(in.covarianceShrinkage >= 0 && in.covarianceShrinkage <= 1))
    throw std::invalid_argument("forward model: covariance shrinkage " + std::to_string(in.covarianceShrinkage) +
                                "; expected a number in [0, 1]");
  for (std::size_t k = 0; k < in.candidates.size(); ++k) {
    const auto c = in.candidates[k];
    if (c < 0 || static_cast<std::size_t>(c) >= in.trainResponses.columns)
      throw std::invalid_argument("forward model: column " + std::to_string(c) + " is outside the " +
                                  std::to_string(in.trainResponses.columns) + " response columns");
    if (k > 0 && c <= in.candidates[k - 1])
      throw std::invalid_argument("forward model: columns must be ascending without repeats (column " +
                                  std::to_string(c) + " after " + std::to_string(in.candidates[k - 1]) + ")");
  }
}

std::vector<double> columnVariance(const Matrix& y) {
  std::vector<double> mean(y.cols, 0.0), var(y.cols, 0.0);
  for (std::size_t r = 0; r < y.rows; ++r)
    for (std::size_t c = 0; c < y.cols; ++c) mean[c] += y(r, c);
  for (auto& m : mean) m /= double(y.rows);
  for (std::size_t r = 0; r < y.rows; ++r)
    for (std::size_t c = 0; c < y.cols; ++c) {
      const double d = y(r, c) - mean[c];
      var[c] += d * d;
    }
  for (auto& v : var) v /= double(y.rows);
  return var;
}

at::Tensor doubleView(const MatrixD& m) {
  return at::from_blob(const_cast<double*>(m.data.data()),
                       {static_cast<std::int64_t>(m.rows), static_cast<std::int64_t>(m.cols)}, at::kDouble);
}

at::Tensor floatAsDouble(const Matrix& m) {
  return at::from_blob(const_cast<float*>(m.data.data()),
                       {static_cast<std::int64_t>(m.rows), static_cast<std::int64_t>(m.cols)}, at::kFloat)
      .to(at::kDouble);
}

MatrixD toMatrixD(const at::Tensor& t) {
  const at::Tensor c = t.contiguous().to(at::kDouble);
  MatrixD out(static_cast<std::size_t>(c.size(0)), static_cast<std::size_t>(c.size(1)));
  std::memcpy(out.data.data(), c.data_ptr<double>(), out.data.size() * sizeof(double));
  return out;
}

// Rows of scores normalised into log posteriors over the candidates (log-sum-exp per row).
void normaliseRows(MatrixD& score) {
  for (std::size_t t = 0; t < score.rows; ++t) {
    double best = score(t, 0);
    for (std::size_t j = 1; j < score.cols; ++j) best = std::max(best, score(t, j));
    if (!std::isfinite(best))
      throw std::invalid_argument("identification: trial " + std::to_string(t) + " holds NaN or infinite responses");
    double sum = 0;
    for (std::size_t j = 0; j < score.cols; ++j) sum += std::exp(score(t, j) - best);
    const double logSum = best + std::log(sum);
    for (std::size_t j = 0; j < score.cols; ++j) score(t, j) -= logSum;
  }
}

}  // namespace

Matrix gatherColumns(const ResponseRows& rows, const std::vector<std::int32_t>& columns) {
  Matrix out(rows.rows, columns.size());
  for (std::size_t r = 0; r < rows.rows; ++r) {
    const float* row = rows.values + r * rows.columns;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const auto c = columns[k];
      if (c < 0 || static_cast<std::size_t>(c) >= rows.columns)
        throw std::invalid_argument("column " + std::to_string(c) + " is outside the " + std::to_string(rows.columns) +
                                    " response columns");
      out(r, k) = row[static_cast<std::size_t>(c)];
    }
  }
  return out;
}

ForwardModel fitForwardModel(const ForwardModelInput& input, const JobContext& context) {
  checkInput(input);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::int32_t> candidates = input.candidates;
  if (candidates.empty()) {
    candidates.resize(input.trainResponses.columns);
    std::iota(candidates.begin(), candidates.end(), 0);
  }
  const Matrix responses = gatherColumns(input.trainResponses, candidates);
  for (float v : responses.data)
    if (!std::isfinite(v))
      throw std::invalid_argument("forward model: the training responses hold NaN or infinite values");
  RidgeOptions options = input.ridge;
  options.standardizeFeatures = true;
  context.report(0.0, "Forward model: " + std::to_string(input.trainFeatures.cols) + " features -> " +
                          std::to_string(candidates.size()) + " columns");
  const RidgeFit<float> all = fitRidgeCv(input.trainFeatures, responses, options, context.slice(0.0, 0.9));

  ForwardModel model;
  model.selection = toString(options.selection);
  const std::vector<double> variance = columnVariance(responses);
  model.candidateCvR2.resize(candidates.size());
  for (std::size_t k = 0; k < candidates.size(); ++k)
    model.candidateCvR2[k] = variance[k] > 0 ? 1.0 - all.cvMse[k] / variance[k] : std::nan("");
  // Keep the best columns (positions in `candidates`), then report them as response columns.
  const std::vector<std::int32_t> keptPositions = bestColumns(model.candidateCvR2, input.maxColumns);
  const std::size_t kept = keptPositions.size(), p = all.weights.rows;
  model.fit.weights = Matrix(p, kept);
  model.fit.intercepts.resize(kept);
  model.fit.alphas.resize(kept);
  model.fit.cvMse.resize(kept);
  model.fit.work = all.work;
  for (std::size_t j = 0; j < kept; ++j) {
    const auto from = static_cast<std::size_t>(keptPositions[j]);
    for (std::size_t f = 0; f < p; ++f) model.fit.weights(f, j) = all.weights(f, from);
    model.fit.intercepts[j] = all.intercepts[from];
    model.fit.alphas[j] = all.alphas[from];
    model.fit.cvMse[j] = all.cvMse[from];
    model.columns.push_back(candidates[from]);
  }
  context.throwIfStopped();
  context.report(0.9, "Forward model: residual covariance of " + std::to_string(kept) + " columns");
  // Training residuals of the kept columns, their covariance, shrunk, and its inverse.
  Matrix keptResponses(responses.rows, kept);
  for (std::size_t r = 0; r < responses.rows; ++r)
    for (std::size_t j = 0; j < kept; ++j) keptResponses(r, j) = responses(r, static_cast<std::size_t>(keptPositions[j]));
  at::Tensor residuals = floatAsDouble(keptResponses) - floatAsDouble(predictRidge(model.fit, input.trainFeatures));
  residuals = residuals - residuals.mean(0);
  at::Tensor covariance = residuals.t().mm(residuals) / double(responses.rows);
  at::Tensor diagonal = covariance.diagonal().clone();
  // A column predicted perfectly would get all the weight; its variance is floored at a millionth of its own.
  std::vector<double> floor(kept);
  for (std::size_t j = 0; j < kept; ++j)
    floor[j] = 1e-6 * std::max(variance[static_cast<std::size_t>(keptPositions[j])], 1e-30);
  diagonal = at::maximum(diagonal, at::from_blob(floor.data(), {static_cast<std::int64_t>(kept)}, at::kDouble));
  const double lambda = input.covarianceShrinkage;
  at::Tensor shrunk = covariance * (1.0 - lambda);
  shrunk.diagonal().copy_(diagonal);
  model.noiseVariance.assign(diagonal.data_ptr<double>(), diagonal.data_ptr<double>() + kept);
  model.noisePrecision = toMatrixD(at::cholesky_inverse(at::linalg_cholesky(shrunk)));
  model.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  context.report(1.0, "Forward model fitted");
  return model;
}

Matrix predictForwardModel(const ForwardModel& model, const Matrix& features) {
  if (features.cols != model.fit.weights.rows)
    throw std::invalid_argument("forward model: " + std::to_string(features.cols) + " features; the model was fitted on " +
                                std::to_string(model.fit.weights.rows));
  return predictRidge(model.fit, features);
}

MatrixD identificationLogPosterior(const Matrix& observed, const Matrix& predicted,
                                   const std::vector<double>& variance) {
  if (observed.cols != predicted.cols || variance.size() != observed.cols)
    throw std::invalid_argument("identification: " + std::to_string(observed.cols) + " observed columns, " +
                                std::to_string(predicted.cols) + " predicted, " + std::to_string(variance.size()) +
                                " variances (the same columns expected)");
  if (observed.rows == 0 || predicted.rows == 0) throw std::invalid_argument("identification: no trials or candidates");
  std::vector<double> precision(variance.size());
  for (std::size_t c = 0; c < variance.size(); ++c) {
    if (!(variance[c] > 0) || !std::isfinite(variance[c]))
      throw std::invalid_argument("identification: column " + std::to_string(c) + " has variance " +
                                  std::to_string(variance[c]) + "; expected a positive number");
    precision[c] = 1.0 / variance[c];
  }
  const std::size_t columns = observed.cols;
  // -0.5 sum_c (b_c - p_c)^2 / v_c = b.w.p - 0.5 p.w.p - 0.5 b.w.b; the last term is the same for every candidate
  // of a trial and cancels in the normalisation.
  std::vector<double> weightedPrediction(predicted.rows * columns), halfNorm(predicted.rows, 0.0);
  for (std::size_t j = 0; j < predicted.rows; ++j)
    for (std::size_t c = 0; c < columns; ++c) {
      const double p = predicted(j, c);
      weightedPrediction[j * columns + c] = p * precision[c];
      halfNorm[j] += 0.5 * p * p * precision[c];
    }
  MatrixD score(observed.rows, predicted.rows);
  for (std::size_t t = 0; t < observed.rows; ++t) {
    const float* b = observed.data.data() + t * columns;
    for (std::size_t j = 0; j < predicted.rows; ++j) {
      const double* w = weightedPrediction.data() + j * columns;
      double dot = 0;
      for (std::size_t c = 0; c < columns; ++c) dot += b[c] * w[c];
      score(t, j) = dot - halfNorm[j];
    }
  }
  normaliseRows(score);
  return score;
}

MatrixD identificationLogPosterior(const Matrix& observed, const Matrix& predicted, const MatrixD& precision) {
  if (observed.cols != predicted.cols || precision.rows != observed.cols || precision.cols != observed.cols)
    throw std::invalid_argument("identification: " + std::to_string(observed.cols) + " observed columns, " +
                                std::to_string(predicted.cols) + " predicted, a " + std::to_string(precision.rows) +
                                " x " + std::to_string(precision.cols) + " precision (the same columns expected)");
  if (observed.rows == 0 || predicted.rows == 0) throw std::invalid_argument("identification: no trials or candidates");
  // -0.5 (b - p)' P (b - p) = b' P p - 0.5 p' P p - 0.5 b' P b; the last term cancels in the normalisation.
  const at::Tensor p = floatAsDouble(predicted);
  const at::Tensor q = p.mm(doubleView(precision));
  const at::Tensor score = floatAsDouble(observed).mm(q.t()) - 0.5 * (q * p).sum(1).unsqueeze(0);
  MatrixD out = toMatrixD(score);
  normaliseRows(out);
  return out;
}

MatrixD identificationLogPosterior(const ForwardModel& model, const Matrix& observed, const Matrix& predicted) {
  return identificationLogPosterior(observed, predicted, model.noisePrecision);
}

}  // namespace vl::core
