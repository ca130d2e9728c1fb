#include "core/selectivity/PreferredImages.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace vl::core {

std::vector<double> columnWeights(const FitFolder& encoder, std::span<const std::size_t> columns, bool weightByR2) {
  if (columns.empty()) throw std::invalid_argument("the target has no response columns");
  const std::size_t voxels = encoder.weights.cols;
  for (std::size_t c : columns)
    if (c >= voxels)
      throw std::invalid_argument("column " + std::to_string(c) + " is outside the encoder's " +
                                  std::to_string(voxels) + " columns");
  std::vector<double> weight(columns.size(), 1.0);
  if (weightByR2 && encoder.testR2.size() == voxels) {
    double total = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) total += weight[i] = std::max(0.0, encoder.testR2[columns[i]]);
    if (!(total > 0)) std::fill(weight.begin(), weight.end(), 1.0);
  }
  return weight;
}

TargetWeights targetWeights(const FitFolder& encoder, std::span<const std::size_t> columns, bool weightByR2) {
  const auto columnWeight = columnWeights(encoder, columns, weightByR2);
  const std::size_t features = encoder.weights.rows;
  const double sum = std::accumulate(columnWeight.begin(), columnWeight.end(), 0.0);
  TargetWeights out;
  out.weights.assign(features, 0.0);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::size_t c = columns[i];
    const double w = columnWeight[i] / sum;
    for (std::size_t f = 0; f < features; ++f) out.weights[f] += w * encoder.weights(f, c);
    if (c < encoder.intercepts.size()) out.intercept += w * encoder.intercepts[c];
  }
  return out;
}

std::vector<double> predictedResponse(const Matrix& features, const TargetWeights& weights) {
  if (features.cols != weights.weights.size())
    throw std::invalid_argument("the stimulus features have " + std::to_string(features.cols) +
                                " dimensions, the encoder " + std::to_string(weights.weights.size()));
  std::vector<double> out(features.rows, weights.intercept);
  for (std::size_t i = 0; i < features.rows; ++i) {
    const float* row = &features.data[i * features.cols];
    double sum = 0;
    for (std::size_t f = 0; f < features.cols; ++f) sum += row[f] * weights.weights[f];
    out[i] += sum;
  }
  return out;
}

std::vector<double> measuredResponse(const Experiment& experiment, std::span<const std::size_t> columns,
                                     std::vector<std::size_t>* trialsPerStimulus) {
  const std::size_t count = experiment.stimuli ? experiment.stimuli->count() : 0;
  std::vector<double> sum(count, 0.0);
  std::vector<std::size_t> trials(count, 0);
  for (const auto* set : {&experiment.train, &experiment.test}) {
    if (!*set) continue;
    const ResponseSet& responses = **set;
    for (std::size_t r = 0; r < responses.rows; ++r) {
      const auto stimulus = responses.stimulus[r];
      if (stimulus < 0 || static_cast<std::size_t>(stimulus) >= count) continue;
      const auto row = responses.row(r);
      double mean = 0;
      for (std::size_t c : columns) mean += row[c];
      mean /= double(columns.size());
      sum[stimulus] += mean * double(responses.repeats);
      trials[stimulus] += responses.repeats;
    }
  }
  std::vector<double> out(count, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < count; ++i)
    if (trials[i]) out[i] = sum[i] / double(trials[i]);
  if (trialsPerStimulus) *trialsPerStimulus = std::move(trials);
  return out;
}

std::vector<bool> fittedStimuli(const Experiment& experiment, std::size_t stimulusCount) {
  std::vector<bool> fitted(stimulusCount, false);
  if (experiment.train)
    for (auto stimulus : experiment.train->stimulus)
      if (stimulus >= 0 && static_cast<std::size_t>(stimulus) < stimulusCount) fitted[stimulus] = true;
  return fitted;
}

std::vector<RankedImage> rankImages(std::span<const double> scores, std::size_t k, bool highest,
                                    const std::vector<bool>& fitted, const std::vector<std::size_t>* trials) {
  std::vector<std::size_t> order;
  order.reserve(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!std::isnan(scores[i])) order.push_back(i);
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(), [&](std::size_t a, std::size_t b) {
    if (scores[a] != scores[b]) return highest ? scores[a] > scores[b] : scores[a] < scores[b];
    return a < b;
  });
  std::vector<RankedImage> out(k);
  for (std::size_t r = 0; r < k; ++r) {
    const std::size_t i = order[r];
    out[r] = {i, scores[i], trials && i < trials->size() ? (*trials)[i] : 0, i < fitted.size() && fitted[i]};
  }
  return out;
}

}  // namespace vl::core
