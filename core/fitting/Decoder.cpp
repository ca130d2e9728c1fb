#include "core/fitting/Decoder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/fitting/Retrieval.h"
#include "core/fitting/RidgeCv.h"

namespace vl::core {
namespace {

std::string shape(std::size_t rows, std::size_t cols) { return std::to_string(rows) + " x " + std::to_string(cols); }

void checkInput(const DecoderInput& in) {
  const auto& train = in.trainResponses;
  const auto& test = in.testResponses;
  if (train.rows != in.trainTargets.rows)
    throw std::invalid_argument("decoder: " + std::to_string(train.rows) + " training response rows for " +
                                std::to_string(in.trainTargets.rows) + " embedding rows (one per response row)");
  if (test.rows != in.testTargets.rows)
    throw std::invalid_argument("decoder: " + std::to_string(test.rows) + " test response rows for " +
                                std::to_string(in.testTargets.rows) + " embedding rows (one per response row)");
  if (train.columns != test.columns || in.trainTargets.cols != in.testTargets.cols)
    throw std::invalid_argument("decoder: training data is " + shape(train.rows, train.columns) + " -> " +
                                shape(in.trainTargets.rows, in.trainTargets.cols) + ", test data " +
                                shape(test.rows, test.columns) + " -> " +
                                shape(in.testTargets.rows, in.testTargets.cols) +
                                " (the same columns and embedding dimensions expected)");
  if (train.columns == 0 || in.trainTargets.cols == 0) throw std::invalid_argument("decoder: no columns to read");
  if (test.rows < 2) throw std::invalid_argument("decoder: identification needs at least two test items");
  requireAscendingColumns(in.columns, train.columns, "decoder");
}

Matrix gather(const ResponseRows& rows, const std::vector<std::int32_t>& columns) {
  Matrix out(rows.rows, columns.size());
  for (std::size_t r = 0; r < rows.rows; ++r) {
    const float* row = rows.values + r * rows.columns;
    for (std::size_t k = 0; k < columns.size(); ++k) out(r, k) = row[static_cast<std::size_t>(columns[k])];
  }
  return out;
}

}  // namespace

DecoderFit fitDecoder(const DecoderInput& input, const JobContext& context) {
  checkInput(input);
  const auto started = std::chrono::steady_clock::now();
  DecoderFit decoder;
  decoder.columns = input.columns;
  if (decoder.columns.empty()) {
    decoder.columns.resize(input.trainResponses.columns);
    std::iota(decoder.columns.begin(), decoder.columns.end(), 0);
  }
  context.report(0.0, "Decoder: " + std::to_string(decoder.columns.size()) + " columns -> " +
                          std::to_string(input.trainTargets.cols) + " dimensions");
  const Matrix train = gather(input.trainResponses, decoder.columns);
  const Matrix test = gather(input.testResponses, decoder.columns);
  context.throwIfStopped();

  RidgeOptions options = input.ridge;
  options.standardizeFeatures = true;
  decoder.selection = toString(options.selection);
  decoder.fit = fitRidgeCv(train, input.trainTargets, options, context.slice(0.05, 0.9));

  const MatrixD similarity = cosineSimilarity(predictRidge(decoder.fit, test), input.testTargets);
  decoder.testImages = test.rows;
  decoder.ways = std::min(input.ways, test.rows);
  decoder.topOne = topOneIdentification(similarity, decoder.ways, input.draws, input.seed);
  decoder.topOneImageToBrain = topOneIdentification(transposed(similarity), decoder.ways, input.draws, input.seed);
  decoder.topOneChance = 1.0 / double(decoder.ways);
  decoder.twoWay = twoWayIdentification(similarity);
  decoder.meanRank = meanRank(similarity);
  decoder.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  context.report(1.0, "Decoder fitted");
  return decoder;
}

std::vector<std::int32_t> bestColumns(const std::vector<double>& scores, std::size_t count,
                                      const std::vector<std::int32_t>& candidates) {
  std::vector<std::int32_t> order = candidates;
  if (order.empty()) {
    order.resize(scores.size());
    std::iota(order.begin(), order.end(), 0);
  }
  for (auto c : order)
    if (c < 0 || static_cast<std::size_t>(c) >= scores.size())
      throw std::invalid_argument("bestColumns: column " + std::to_string(c) + " has no score (" +
                                  std::to_string(scores.size()) + " scores)");
  const auto better = [&](std::int32_t a, std::int32_t b) {
    const double sa = scores[std::size_t(a)], sb = scores[std::size_t(b)];
    if (std::isnan(sa) != std::isnan(sb)) return std::isnan(sb);
    if (sa != sb && !std::isnan(sa)) return sa > sb;
    return a < b;
  };
  const std::size_t keep = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), better);
  order.resize(keep);
  std::sort(order.begin(), order.end());
  return order;
}

std::vector<std::int32_t> maskedColumns(const std::vector<double>& mask) {
  std::vector<std::int32_t> columns;
  for (std::size_t c = 0; c < mask.size(); ++c)
    if (std::isfinite(mask[c]) && mask[c] != 0) columns.push_back(static_cast<std::int32_t>(c));
  return columns;
}

void requireAscendingColumns(const std::vector<std::int32_t>& columns, std::size_t available, const std::string& who) {
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const auto c = columns[k];
    if (c < 0 || static_cast<std::size_t>(c) >= available)
      throw std::invalid_argument(who + ": column " + std::to_string(c) + " is outside the " +
                                  std::to_string(available) + " response columns");
    if (k > 0 && c <= columns[k - 1])
      throw std::invalid_argument(who + ": columns must be ascending without repeats (column " + std::to_string(c) +
                                  " after " + std::to_string(columns[k - 1]) + ")");
  }
}

}  // namespace vl::core
