#include "core/fitting/CombinedReconstruction.h"

#include <ATen/ATen.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>

#include "core/analysis/MindEyeMetrics.h"
#include "core/fitting/ReconstructionScores.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/TorchModuleAccess.h"

namespace vl::core {
namespace {

at::Tensor tensorOf(const Matrix& m) {
  return at::from_blob(const_cast<float*>(m.data.data()), {std::int64_t(m.rows), std::int64_t(m.cols)}, at::kFloat)
      .clone();
}

at::Tensor tensorOf(const std::vector<double>& values) {
  std::vector<float> floats(values.begin(), values.end());
  return at::tensor(floats);
}

std::string shape(const Matrix& m) { return std::to_string(m.rows) + " x " + std::to_string(m.cols); }

void check(const ModelBundle& generator, const CombinedReconstructionProblem& p, const CombinedReconstructionOptions& o) {
  if (generator.kind() != ModelKind::Generator)
    throw std::invalid_argument("combined reconstruction: model '" + generator.name() + "' is not a generator");
  const auto& in = generator.manifest().input.shape;
  const auto& out = generator.manifest().output.shape;
  const auto d = std::size_t(in.at(1));
  if (p.start.cols != d || p.decoded.cols != d || p.embeddingSd.size() != d)
    throw std::invalid_argument("combined reconstruction: the generator " + generator.name() + " takes " +
                                std::to_string(d) + " values; the start is " + shape(p.start) + ", the decoded " +
                                "embedding " + shape(p.decoded) + " and the SDs " +
                                std::to_string(p.embeddingSd.size()));
  if (p.start.rows != p.decoded.rows || p.lowLevel.rows != p.start.rows || p.start.rows == 0)
    throw std::invalid_argument("combined reconstruction: " + shape(p.start) + " start, " + shape(p.decoded) +
                                " decoded and " + shape(p.lowLevel) + " low-level rows (the same rows expected)");
  const auto side = std::int64_t(std::lround(std::sqrt(double(p.lowLevel.cols) / 3.0)));
  if (side < 1 || std::size_t(side * side * 3) != p.lowLevel.cols || out.size() != 4 || out[2] != out[3] ||
      out[2] % side != 0)
    throw std::invalid_argument("combined reconstruction: " + std::to_string(p.lowLevel.cols) +
                                " low-level values per row do not tile the generator's output (side x side x 3 with a "
                                "side that divides the output side expected)");
  if (!(p.lowLevelVariance > 0) || !std::all_of(p.embeddingSd.begin(), p.embeddingSd.end(), [](double s) {
        return s > 0 && std::isfinite(s);
      }))
    throw std::invalid_argument("combined reconstruction: the normalising variances must be positive");
  if (o.steps < 0 || !(o.learningRate > 0) || o.weights.lowLevel < 0 || o.weights.embedding < 0)
    throw std::invalid_argument("combined reconstruction: steps >= 0, a positive rate and weights >= 0 expected");
}

}  // namespace

std::vector<double> columnSd(const Matrix& embeddings) {
  std::vector<double> mean(embeddings.cols, 0.0), sd(embeddings.cols, 0.0);
  for (std::size_t r = 0; r < embeddings.rows; ++r)
    for (std::size_t c = 0; c < embeddings.cols; ++c) mean[c] += embeddings(r, c);
  for (auto& m : mean) m /= double(std::max<std::size_t>(1, embeddings.rows));
  for (std::size_t r = 0; r < embeddings.rows; ++r)
    for (std::size_t c = 0; c < embeddings.cols; ++c) sd[c] += std::pow(embeddings(r, c) - mean[c], 2);
  for (auto& s : sd) s = std::max(1e-6, std::sqrt(s / double(std::max<std::size_t>(1, embeddings.rows))));
  return sd;
}

double valueVariance(const Matrix& m) {
  double mean = 0, squares = 0;
  for (float v : m.data) mean += v;
  mean /= double(std::max<std::size_t>(1, m.data.size()));
  for (float v : m.data) squares += (v - mean) * (v - mean);
  return squares / double(std::max<std::size_t>(1, m.data.size()));
}

Matrix optimiseCombinedLatents(const ModelBundle& generator, const CombinedReconstructionProblem& problem,
                               const CombinedReconstructionOptions& options, const JobContext& context) {
  check(generator, problem, options);
  const auto n = std::int64_t(problem.start.rows), d = std::int64_t(problem.start.cols);
  const auto side = std::int64_t(std::lround(std::sqrt(double(problem.lowLevel.cols) / 3.0)));
  const auto outputSide = generator.manifest().output.shape[2];
  const auto [low, high] = generator.manifest().output.valueRange.value_or(std::array<double, 2>{0.0, 1.0});
  // Optimised in units of the embedding's SD, so one learning rate suits every dimension.
  const at::Tensor sd = tensorOf(problem.embeddingSd).view({1, d});
  const at::Tensor decoded = tensorOf(problem.decoded).div(sd);
  // Row-major RGB (side, side, 3) -> (n, 3, side, side) like the generator's output.
  const at::Tensor target = tensorOf(problem.lowLevel).view({n, side, side, 3}).permute({0, 3, 1, 2}).contiguous();
  at::Tensor z = tensorOf(problem.start).div(sd);
  at::Tensor m = at::zeros_like(z), v = at::zeros_like(z);
  constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const double wLow = options.weights.lowLevel / problem.lowLevelVariance, wEmb = options.weights.embedding;
  for (int step = 0; step < options.steps; ++step) {
    context.throwIfStopped();
    z.set_requires_grad(true);
    at::Tensor images;
    {
      std::scoped_lock lock(bundleMutex(generator));
      images = torchModule(generator).forward({z.mul(sd)}).toTensor().sub(low).div(high - low);
    }
    const auto blocks = at::avg_pool2d(images, {outputSide / side, outputSide / side});
    // Summed over rows so that each row's gradient is its own loss's.
    const auto loss = blocks.sub(target).pow(2).flatten(1).mean(1).mul(wLow).sum().add(
        z.sub(decoded).pow(2).mean(1).mul(wEmb).sum());
    context.throwIfStopped();
    loss.backward();
    const at::Tensor g = z.grad();
    {
      at::NoGradGuard noGrad;
      const int t = step + 1;
      m.mul_(b1).add_(g, 1 - b1);
      v.mul_(b2).addcmul_(g, g, 1 - b2);
      const auto update = m.div(1 - std::pow(b1, t)).div(v.div(1 - std::pow(b2, t)).sqrt().add(eps));
      z = z.detach().sub(update.mul(options.learningRate));
    }
    context.report(double(step + 1) / double(options.steps),
                   "Combined reconstruction: step " + std::to_string(step + 1) + " of " + std::to_string(options.steps));
  }
  const at::Tensor result = z.detach().mul(sd).contiguous();
  Matrix out(problem.start.rows, problem.start.cols);
  std::copy(result.data_ptr<float>(), result.data_ptr<float>() + result.numel(), out.data.begin());
  return out;
}

CombinedWeightChoice chooseCombinedWeights(const ModelBundle& generator, const CombinedReconstructionProblem& validation,
                                           const std::vector<StimulusImage>& seen,
                                           const std::vector<double>& embeddingWeights,
                                           const CombinedReconstructionOptions& options, const JobContext& context) {
  if (embeddingWeights.empty() || seen.size() != validation.start.rows || seen.size() < 2)
    throw std::invalid_argument("choosing the combined reconstruction's weights: " +
                                std::to_string(embeddingWeights.size()) + " weights, " + std::to_string(seen.size()) +
                                " seen images for " + std::to_string(validation.start.rows) +
                                " validation rows (at least one weight and 2 matching rows expected)");
  const Generator runner(std::shared_ptr<const ModelBundle>(&generator, [](const ModelBundle*) {}));
  std::vector<FloatImage> seenImages;
  for (const auto& image : seen) seenImages.push_back(toFloatImage(image));
  CombinedWeightChoice choice;
  double best = -INFINITY;
  const double share = 1.0 / double(embeddingWeights.size());
  for (std::size_t k = 0; k < embeddingWeights.size(); ++k) {
    CombinedReconstructionOptions tried = options;
    tried.weights = {1.0, embeddingWeights[k]};
    const auto slice = context.slice(double(k) * share, double(k + 1) * share);
    const Matrix latents = optimiseCombinedLatents(generator, validation, tried, slice);
    std::vector<FloatImage> made;
    for (const auto& image : runner.generate(latents)) made.push_back(toFloatImage(image));
    const double pixCorr = mindEyeImageScores(seenImages, made).pixCorr;
    choice.tried.push_back(tried.weights);
    choice.pixCorr.push_back(pixCorr);
    if (k == 0 || pixCorr > best || (std::isnan(best) && !std::isnan(pixCorr)))
      best = pixCorr, choice.best = tried.weights;
  }
  return choice;
}

}  // namespace vl::core
