#include "core/selectivity/ColumnNoiseCeiling.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "core/analysis/ColumnZScore.h"
#include "core/analysis/NoiseCeiling.h"

namespace vl::core {
namespace {

std::vector<double> columnVariance(std::span<const float> values, std::size_t columns) {
  const std::size_t rows = columns ? values.size() / columns : 0;
  std::vector<double> mean(columns, 0.0), sq(columns, 0.0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c) mean[c] += values[r * columns + c];
  for (double& m : mean) m /= double(std::max<std::size_t>(1, rows));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c) {
      const double d = values[r * columns + c] - mean[c];
      sq[c] += d * d;
    }
  for (double& s : sq) s = rows > 1 ? s / double(rows - 1) : std::nan("");
  return sq;
}

// The requested columns of a response set, row-major.
std::vector<float> gather(const ResponseSet& set, std::span<const std::size_t> columns) {
  std::vector<float> out(set.rows * columns.size());
  for (std::size_t r = 0; r < set.rows; ++r) {
    const auto row = set.row(r);
    for (std::size_t j = 0; j < columns.size(); ++j) out[r * columns.size() + j] = row[columns[j]];
  }
  return out;
}

}  // namespace

ColumnNoiseCeiling noiseCeilingFromMeans(std::span<const float> singles, std::span<const float> means,
                                         std::size_t columns, double trialsPerMean) {
  if (!(trialsPerMean > 1)) throw std::invalid_argument("noise ceiling from means: the means must average > 1 trial");
  if (columns == 0 || singles.size() % columns || means.size() % columns)
    throw std::invalid_argument("noise ceiling from means: values are not whole rows of " + std::to_string(columns));
  const auto single = columnVariance(singles, columns), mean = columnVariance(means, columns);
  ColumnNoiseCeiling out;
  out.trialsAveraged = trialsPerMean;
  out.method = "variance of single training trials vs test means of " + std::to_string(int(trialsPerMean)) +
               " trials (no image repeated in single trials)";
  for (std::size_t c = 0; c < columns; ++c) {
    const double noise = trialsPerMean / (trialsPerMean - 1) * (single[c] - mean[c]);
    const double signal = std::max(0.0, single[c] - noise);
    const double ncsnr = noise > 0 ? std::sqrt(signal / noise) : (signal > 0 ? INFINITY : std::nan(""));
    out.ncsnr.push_back(ncsnr);
    out.ncPercent.push_back(std::isnan(ncsnr) ? ncsnr : ncPercentFromNcsnr(ncsnr, trialsPerMean));
  }
  return out;
}

std::optional<ColumnNoiseCeiling> columnNoiseCeiling(const Experiment& experiment,
                                                     std::span<const std::size_t> columns) {
  if (!experiment.train || experiment.train->repeats != 1 || columns.empty()) return std::nullopt;
  const ResponseSet& train = *experiment.train;
  for (std::size_t c : columns)
    if (c >= train.columns)
      throw std::invalid_argument("column " + std::to_string(c) + " outside the " + std::to_string(train.columns) +
                                  " response columns");
  const double n = experiment.test ? double(experiment.test->repeats) : 1.0;

  std::map<std::int32_t, int> shown;
  for (auto s : train.stimulus) ++shown[s];
  std::size_t repeatedRows = 0;
  for (auto s : train.stimulus)
    if (shown[s] >= 2) ++repeatedRows;
  if (repeatedRows >= 4) {
    // NSD's own way: z-score each column over the training trials, then the spread of repeated images' trials.
    Matrix all(train.rows, columns.size(), gather(train, columns));
    zscoreColumns(all);
    Matrix repeated(repeatedRows, columns.size());
    std::vector<std::int64_t> ids;
    for (std::size_t r = 0, i = 0; r < train.rows; ++r) {
      if (shown[train.stimulus[r]] < 2) continue;
      std::copy_n(&all.data[r * columns.size()], columns.size(), &repeated.data[i++ * columns.size()]);
      ids.push_back(train.stimulus[r]);
    }
    const auto ceiling = noiseCeiling(repeated, ids, n);
    ColumnNoiseCeiling out;
    out.ncsnr = ceiling.ncsnr;
    out.ncPercent = ceiling.ncPercent;
    out.trialsAveraged = n;
    out.method = "repeated single training trials (" + std::to_string(repeatedRows) + " rows), z-scored per column";
    return out;
  }
  if (experiment.test && experiment.test->repeats > 1 && experiment.test->rows >= 4 && train.rows >= 4)
    return noiseCeilingFromMeans(gather(train, columns), gather(*experiment.test, columns), columns.size(), n);
  return std::nullopt;
}

}  // namespace vl::core
