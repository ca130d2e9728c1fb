#include "core/selectivity/TargetReliability.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/selectivity/ColumnNoiseCeiling.h"
#include "core/selectivity/PreferredImages.h"

namespace vl::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return kNaN;
  const auto middle = values.begin() + std::ptrdiff_t(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// Ridge with an intercept on the rows `rows` of (features of the shown stimulus, target response): solves
// (Xc'Xc + alpha I) w = Xc'yc by Cholesky; D is the embedding width (hundreds at most), so this stays cheap.
std::vector<double> fitRidge(const Matrix& features, const std::vector<std::int32_t>& stimulus,
                             const std::vector<double>& response, const std::vector<std::size_t>& rows, double alpha) {
  const std::size_t d = features.cols;
  std::vector<double> meanX(d, 0.0);
  double meanY = 0;
  for (std::size_t r : rows) {
    const float* x = &features.data[std::size_t(stimulus[r]) * d];
    for (std::size_t f = 0; f < d; ++f) meanX[f] += x[f];
    meanY += response[r];
  }
  const double n = double(rows.size());
  for (double& m : meanX) m /= n;
  meanY /= n;
  std::vector<double> a(d * d, 0.0), b(d, 0.0), xc(d);
  for (std::size_t r : rows) {
    const float* x = &features.data[std::size_t(stimulus[r]) * d];
    for (std::size_t f = 0; f < d; ++f) xc[f] = x[f] - meanX[f];
    const double y = response[r] - meanY;
    for (std::size_t i = 0; i < d; ++i) {
      b[i] += xc[i] * y;
      for (std::size_t j = 0; j <= i; ++j) a[i * d + j] += xc[i] * xc[j];
    }
  }
  for (std::size_t i = 0; i < d; ++i) a[i * d + i] += alpha;
  // Cholesky in place (lower triangle), then two triangular solves.
  for (std::size_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (std::size_t k = 0; k < j; ++k) s -= a[j * d + k] * a[j * d + k];
    a[j * d + j] = std::sqrt(std::max(s, 1e-12));
    for (std::size_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / a[j * d + j];
    }
  }
  for (std::size_t i = 0; i < d; ++i) {
    double t = b[i];
    for (std::size_t k = 0; k < i; ++k) t -= a[i * d + k] * b[k];
    b[i] = t / a[i * d + i];
  }
  for (std::size_t i = d; i-- > 0;) {
    double t = b[i];
    for (std::size_t k = i + 1; k < d; ++k) t -= a[k * d + i] * b[k];
    b[i] = t / a[i * d + i];
  }
  return b;
}

// The k images a ridge fit predicts highest, as sorted indices (the gallery's ranking, PreferredImages.h).
std::vector<std::size_t> topIndices(const Matrix& features, std::vector<double> w, std::size_t k) {
  const auto ranked = rankImages(predictedResponse(features, TargetWeights{std::move(w), 0.0}), k, true, {});
  std::vector<std::size_t> out;
  for (const auto& image : ranked) out.push_back(image.index);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TargetReliability targetReliability(const Experiment& experiment, const FitFolder& encoder,
                                    const Matrix& stimulusEmbedding, std::span<const std::size_t> columns,
                                    std::size_t topK) {
  if (columns.empty()) throw std::invalid_argument("the target has no response columns");
  TargetReliability out;
  out.columns = columns.size();
  std::vector<double> r2, alphas;
  for (std::size_t c : columns) {
    if (c < encoder.testR2.size()) r2.push_back(encoder.testR2[c]);
    if (c < encoder.alphas.size()) alphas.push_back(encoder.alphas[c]);
  }
  out.medianTestR2 = median(r2);

  // The NSD noise ceiling from whichever repeats the study holds (ColumnNoiseCeiling.h says how).
  out.medianNoiseCeiling = kNaN;
  if (const auto ceiling = columnNoiseCeiling(experiment, columns)) {
    out.medianNoiseCeiling = median(ceiling->ncPercent);
    out.noiseCeilingTrials = ceiling->trialsAveraged;
    out.noiseCeilingMethod = ceiling->method;
  }

  out.splitHalfOverlap = kNaN;
  out.splitHalfK = topK;
  if (experiment.train && experiment.train->rows >= 4 && stimulusEmbedding.rows > 0) {
    const ResponseSet& train = *experiment.train;
    std::vector<double> response(train.rows);
    for (std::size_t r = 0; r < train.rows; ++r) {
      const auto row = train.row(r);
      double sum = 0;
      for (std::size_t c : columns) sum += row[c];
      response[r] = sum / double(columns.size());
    }
    std::vector<std::size_t> odd, even;
    for (std::size_t r = 0; r < train.rows; ++r)
      if (train.stimulus[r] >= 0 && std::size_t(train.stimulus[r]) < stimulusEmbedding.rows)
        (r % 2 ? odd : even).push_back(r);
    const double alpha = alphas.empty() ? 1.0 : median(alphas);
    const auto a = topIndices(stimulusEmbedding, fitRidge(stimulusEmbedding, train.stimulus, response, odd, alpha), topK);
    const auto b = topIndices(stimulusEmbedding, fitRidge(stimulusEmbedding, train.stimulus, response, even, alpha), topK);
    std::vector<std::size_t> shared;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
    out.splitHalfOverlap = a.empty() ? kNaN : double(shared.size()) / double(a.size());
  }
  return out;
}

}  // namespace vl::core
