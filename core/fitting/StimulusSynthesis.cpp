#include "core/fitting/StimulusSynthesis.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numbers>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>

#include "core/ml/BundleRunners.h"
#include "core/ml/TorchModuleAccess.h"
#include "core/ml/TorchRuntime.h"

namespace vl::core {
namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Our own normal draws (Box-Muller on a 64-bit Mersenne twister): the same seed gives the same starts with any
// standard library, independent of torch's generator.
class Random {
public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return (double(engine_() >> 11) + 0.5) / double(1ULL << 53); }
  double normal() {
    const double u = uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }

private:
  std::mt19937_64 engine_;
};

at::Tensor vectorTensor(const std::vector<double>& values) {
  std::vector<float> floats(values.begin(), values.end());
  return at::tensor(floats);
}

// The embedder, the target's encoder and the contrast, on images with values in [0, 1].
class Scorer {
public:
  Scorer(const ModelBundle& embedder, const SynthesisObjective& objective)
      : embedder_(embedder), objective_(objective), target_(vectorTensor(objective.target.weights)) {
    if (objective.minus) minus_ = vectorTensor(objective.minus->weights);
    const auto& input = embedder.manifest().input;
    const auto [low, high] = input.valueRange.value_or(std::array<double, 2>{0.0, 1.0});
    low_ = low, high_ = high;
    height_ = input.shape[2], width_ = input.shape[3];
    if (!input.mean.empty()) {
      mean_ = at::tensor(std::vector<float>(input.mean.begin(), input.mean.end())).view({1, 3, 1, 1});
      std_ = at::tensor(std::vector<float>(input.std.begin(), input.std.end())).view({1, 3, 1, 1});
    }
  }

  std::int64_t height() const { return height_; }
  std::int64_t width() const { return width_; }

  struct Scores {
    at::Tensor embedding;  // N x D
    at::Tensor objective;  // N: target - lambda x minus
    at::Tensor optimised;  // N: objective - diversity x mean similarity to the other starts
  };

  // Caller holds the embedder's mutex.
  Scores score(const at::Tensor& images01) const {
    at::Tensor x = images01;
    if (x.size(2) != height_ || x.size(3) != width_)
      x = at::upsample_bilinear2d(x, {height_, width_}, /*align_corners=*/false);
    x = x.mul(high_ - low_).add(low_);
    if (mean_.defined()) x = x.sub(mean_).div(std_);
    Scores out;
    out.embedding = torchModule(embedder_).forward({x}).toTensor();
    out.objective = at::matmul(out.embedding, target_).add(objective_.target.intercept);
    if (minus_.defined())
      out.objective =
          out.objective.sub(at::matmul(out.embedding, minus_).add(objective_.minus->intercept).mul(objective_.lambda));
    out.optimised = out.objective;
    const auto n = out.embedding.size(0);
    if (objective_.diversity > 0 && n > 1) {
      const auto unit = out.embedding.div(out.embedding.norm(2, {1}, true).clamp_min(1e-8));
      const auto similarity = at::matmul(unit, unit.t()).sub(at::eye(n));
      out.optimised = out.optimised.sub(similarity.sum(1).div(double(n - 1)).mul(objective_.diversity));
    }
    return out;
  }

private:
  const ModelBundle& embedder_;
  const SynthesisObjective& objective_;
  at::Tensor target_, minus_, mean_, std_;
  double low_ = 0, high_ = 1;
  std::int64_t height_ = 0, width_ = 0;
};

// Adam on a batch of starts, one row (dimension 0) per start, each row with its own step count and rate: rows with
// rate 0 (settled or failed starts) do not move and keep their moments, and a restarted row begins afresh.
class Adam {
public:
  explicit Adam(const at::Tensor& like)
      : m_(at::zeros_like(like)), v_(at::zeros_like(like)), t_(std::size_t(like.size(0)), 0) {}
  void step(at::Tensor& parameter, const at::Tensor& gradient, const std::vector<double>& rowRates) {
    constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    at::NoGradGuard noGrad;
    const auto g = at::where(at::isfinite(gradient), gradient, at::zeros_like(gradient));
    for (std::int64_t i = 0; i < parameter.size(0); ++i) {
      const double rate = rowRates[std::size_t(i)];
      if (!(rate > 0)) continue;
      const int t = ++t_[std::size_t(i)];
      auto m = m_[i], v = v_[i];
      const auto gi = g[i];
      m.mul_(b1).add_(gi, 1 - b1);
      v.mul_(b2).addcmul_(gi, gi, 1 - b2);
      const double c1 = 1 - std::pow(b1, t), c2 = 1 - std::pow(b2, t);
      parameter[i].sub_(m.div(c1).div(v.div(c2).sqrt().add(eps)).mul(rate));
    }
  }
  void resetRow(std::int64_t i) {
    at::NoGradGuard noGrad;
    m_[i].zero_();
    v_[i].zero_();
    t_[std::size_t(i)] = 0;
  }

private:
  at::Tensor m_, v_;
  std::vector<int> t_;
};

// The step size of an attempt's step: a linear warm-up over its first kWarmupSteps, then a cosine down to 10%. Adam's
// first steps move every coordinate by about the full rate whatever its gradient (the moments are one sample), which
// at full rate threw the scored starts out of the region they were chosen for (their objective fell to the bank's
// median in 2-3 steps before climbing back).
constexpr int kWarmupSteps = 10;
double scheduledRate(double base, int step, int steps) {
  const double progress = steps > 0 ? double(step) / double(steps) : 1.0;
  const double warmup = std::min(1.0, double(step + 1) / double(kWarmupSteps));
  return base * warmup * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(std::numbers::pi * progress)));
}

StimulusImage toImage(const at::Tensor& image01) {  // [3, H, W]
  const auto bytes = image01.detach().mul(255.0).round().clamp(0, 255).to(at::kByte).permute({1, 2, 0}).contiguous();
  StimulusImage out{int(bytes.size(1)), int(bytes.size(0)), {}};
  const auto* data = bytes.data_ptr<std::uint8_t>();
  out.rgb.assign(data, data + bytes.numel());
  return out;
}

std::vector<StimulusImage> toImages(const at::Tensor& batch01) {
  std::vector<StimulusImage> out;
  const auto safe = at::nan_to_num(batch01.detach(), 0.5, 1.0, 0.0);
  for (std::int64_t i = 0; i < safe.size(0); ++i) out.push_back(toImage(safe[i]));
  return out;
}

// What one run (one search space) shares with the loop that drives it.
struct Run {
  const SynthesisModels& models;
  const Scorer& scorer;
  const SynthesisOptions& options;
  const SynthesisCallback& onFrame;
  const JobContext& context;
  Clock::time_point started;
  double tolerance = 1e-4;
  double objectiveSpread = 1.0;
  int stepOffset = 0, totalSteps = 0;
  double firstFrameSeconds = -1;
  Clock::time_point lastPreview{};
};

struct RunState {
  std::vector<SynthesisStart> starts;
  at::Tensor best01;  // N x 3 x H x W: each start's best image so far
  std::vector<double> bestObjective;
  int steps = 0;
  bool plateau = false;
};

void failStart(SynthesisStart& start, std::size_t index, int step, const std::string& what) {
  start.failed = true;
  start.failure = "start " + std::to_string(index + 1) + ": " + what + " at step " + std::to_string(step);
}

// Sends a frame to the caller, with `images` (a batch in [0, 1]) as its previews when one is due: the run's first
// frame, then one every previewSeconds.
void sendFrame(Run& run, SynthesisFrame frame, const at::Tensor& images) {
  frame.maxSteps = run.totalSteps;
  frame.seconds = secondsSince(run.started);
  if (run.firstFrameSeconds < 0 || secondsSince(run.lastPreview) >= run.options.previewSeconds) {
    frame.previews = toImages(images);
    run.lastPreview = Clock::now();
    if (run.firstFrameSeconds < 0) run.firstFrameSeconds = frame.seconds;
  }
  if (run.onFrame) run.onFrame(frame);
}

// One search loop. `makeImages(parameter, augment)` returns the batch of images in [0, 1] for the current
// parameters (augmented or not); the loop scores them, records the best, reports frames and takes Adam steps. Each
// start settles on its own plateau (its parameters stop moving); the loop ends when every start has settled, so a
// start that is still climbing is not stopped because the others have converged (a mean over starts hid it).
// `restart(row)` may give a settled start a new starting point while enough of the step budget is left for a second
// climb (minSteps + plateauPatience): an early plateau is usually a poor local optimum, and the start keeps the best
// image of all its attempts. Each attempt has its own step-size schedule over the steps left to it.
template <typename MakeImages, typename AfterStep, typename Restart>
void optimise(Run& run, RunState& state, at::Tensor parameter, double rate, bool augmentedScore, const char* what,
              MakeImages makeImages, AfterStep afterStep, Restart restart) {
  const auto n = parameter.size(0);
  Adam adam(parameter);
  std::vector<double> bestOwn(std::size_t(n), -std::numeric_limits<double>::infinity());
  std::vector<int> sinceImprovement(std::size_t(n), 0);
  std::vector<bool> settled(std::size_t(n), false);
  std::vector<int> attemptStart(std::size_t(n), 0);  // the step at which each start's current attempt began
  const auto& options = run.options;
  for (int step = 0;; ++step) {
    run.context.throwIfStopped();
    const int shownStep = run.stepOffset + step;
    std::vector<std::size_t> active;
    for (std::int64_t i = 0; i < n; ++i)
      if (!state.starts[std::size_t(i)].failed) active.push_back(std::size_t(i));
    if (active.empty()) break;

    parameter.mutable_grad() = at::Tensor();
    at::Tensor clean, objective, optimised;
    {
      std::scoped_lock lock(bundleMutex(*run.models.embedder));
      // The reported score is that of the un-augmented image; the gradient comes from the augmented one.
      if (augmentedScore) {
        {
          at::NoGradGuard noGrad;
          clean = makeImages(parameter, false);
          objective = run.scorer.score(clean).objective;
        }
        const auto scores = run.scorer.score(makeImages(parameter, true));
        optimised = scores.optimised;
      } else {
        clean = makeImages(parameter, false);
        const auto scores = run.scorer.score(clean);
        objective = scores.objective.detach();
        optimised = scores.optimised;
      }
    }
    const auto objectiveValues = objective.detach().to(at::kDouble).contiguous();
    const auto imageFinite = at::isfinite(clean.detach()).flatten(1).all(1);
    std::vector<double> scores(std::size_t(n), std::nan(""));
    std::vector<bool> activeFlags(std::size_t(n), false);
    std::size_t counted = 0;
    for (const std::size_t i : active) {
      const double value = objectiveValues[std::int64_t(i)].item<double>();
      auto& start = state.starts[i];
      if (!imageFinite[std::int64_t(i)].item<bool>()) {
        failStart(start, i, shownStep, std::string(what) + " produced NaN or infinite pixels");
        continue;
      }
      if (!std::isfinite(value)) {
        failStart(start, i, shownStep, std::string("the objective became ") + (std::isnan(value) ? "NaN" : "infinite"));
        continue;
      }
      scores[i] = value;
      activeFlags[i] = true;
      if (!settled[i]) {  // a settled start's image no longer changes: its history ends where it settled
        start.history.push_back(value);
        start.steps = shownStep;
      }
      if (value > state.bestObjective[i]) {
        state.bestObjective[i] = value;
        at::NoGradGuard noGrad;
        state.best01[std::int64_t(i)].copy_(clean.detach()[std::int64_t(i)]);
      }
      ++counted;
    }
    if (counted == 0) break;

    SynthesisFrame frame;
    frame.step = shownStep;
    frame.scores = scores;
    frame.active = activeFlags;
    sendFrame(run, std::move(frame), clean);
    // Checked between the forward and the backward pass too, so Stop waits for at most one of them.
    run.context.throwIfStopped();
    double best = -std::numeric_limits<double>::infinity();
    for (double s : scores)
      if (std::isfinite(s)) best = std::max(best, s);
    run.context.report(double(shownStep) / double(std::max(1, run.totalSteps)),
                       "synthesis step " + std::to_string(shownStep) + " / " + std::to_string(run.totalSteps) +
                           ", best " + std::to_string(best));

    const bool budgetForAnother = options.maxSteps - step >= options.minSteps + options.plateauPatience;
    std::vector<bool> restarted(std::size_t(n), false);  // its gradient is the old attempt's: no update this step
    for (const std::size_t i : active) {
      if (!activeFlags[i] || settled[i]) continue;
      if (scores[i] > bestOwn[i] + run.tolerance) {
        bestOwn[i] = scores[i];
        sinceImprovement[i] = 0;
      } else {
        ++sinceImprovement[i];
      }
      if (step - attemptStart[i] >= options.minSteps && sinceImprovement[i] >= options.plateauPatience) {
        if (budgetForAnother && restart(std::int64_t(i), parameter)) {
          adam.resetRow(std::int64_t(i));
          restarted[i] = true;
          attemptStart[i] = step + 1;
          bestOwn[i] = -std::numeric_limits<double>::infinity();
          sinceImprovement[i] = 0;
        } else {
          settled[i] = true;
        }
      }
    }
    bool allSettled = true;
    for (const std::size_t i : active) allSettled = allSettled && (!activeFlags[i] || settled[i]);
    state.steps = step;
    if (step >= options.maxSteps) break;
    if (allSettled) {
      state.plateau = true;
      break;
    }

    std::vector<std::int64_t> keep;
    for (std::size_t i = 0; i < activeFlags.size(); ++i)
      if (activeFlags[i] && !settled[i] && !restarted[i]) keep.push_back(std::int64_t(i));
    const auto keepIndex = at::tensor(keep, at::kLong);
    const auto loss = optimised.index_select(0, keepIndex).sum().neg();
    const auto extra = afterStep(parameter, keepIndex, /*lossOnly=*/true);
    const auto total = extra.defined() ? loss.add(extra) : loss;
    if (!total.requires_grad())
      throw std::invalid_argument("no gradient reaches the " + std::string(what) + "'s input: " +
                                  run.models.embedder->name() +
                                  " (or the generator) returns a result that does not depend on it");
    total.backward();
    run.context.throwIfStopped();
    const auto gradient = parameter.grad();
    if (!gradient.defined() || (step == 0 && gradient.abs().sum().item<double>() == 0.0))
      throw std::invalid_argument("no gradient reaches the " + std::string(what) + "'s input through " +
                                  run.models.embedder->name() + ": the gradient of the objective is zero");
    std::vector<double> rowRates(std::size_t(n), 0.0);
    for (const auto i : keep)
      rowRates[std::size_t(i)] = scheduledRate(rate, step - attemptStart[std::size_t(i)],
                                               options.maxSteps - attemptStart[std::size_t(i)]);
    {
      at::NoGradGuard noGrad;
      adam.step(parameter, gradient, rowRates);
      afterStep(parameter, keepIndex, /*lossOnly=*/false);
    }
  }
}

void checkInputs(const SynthesisModels& models, const SynthesisObjective& objective, const Matrix& bank,
                 const SynthesisOptions& options) {
  if (!models.embedder) throw std::invalid_argument("synthesis needs an image embedder");
  if (models.embedder->kind() != ModelKind::ImageEmbedder)
    throw std::invalid_argument("model '" + models.embedder->name() + "' is a " +
                                std::string(modelKindName(models.embedder->kind())) + ", not an image_embedder");
  const std::size_t dimension = std::size_t(models.embedder->manifest().output.shape.at(1));
  if (objective.target.weights.empty())
    throw std::invalid_argument("the target has no fitted columns (no encoder weights to synthesise for)");
  if (objective.target.weights.size() != dimension)
    throw std::invalid_argument("the target's encoder has " + std::to_string(objective.target.weights.size()) +
                                " weights, the image embedder " + models.embedder->name() + " gives " +
                                std::to_string(dimension) + " features");
  if (objective.minus && objective.minus->weights.size() != dimension)
    throw std::invalid_argument("the second (--minus) target's encoder has " +
                                std::to_string(objective.minus->weights.size()) + " weights, expected " +
                                std::to_string(dimension) + " (empty: it has no fitted columns)");
  const bool needsGenerator = options.space == SynthesisSpace::Latent || options.pixelsFromLatent;
  if (needsGenerator) {
    if (!models.generator) throw std::invalid_argument("latent-space synthesis needs a generator bundle");
    if (models.generator->kind() != ModelKind::Generator)
      throw std::invalid_argument("model '" + models.generator->name() + "' is a " +
                                  std::string(modelKindName(models.generator->kind())) + ", not a generator");
    const auto input = std::size_t(models.generator->manifest().input.shape.at(1));
    if (input != dimension)
      throw std::invalid_argument("the generator " + models.generator->name() + " takes " + std::to_string(input) +
                                  "-d input, the image embedder " + models.embedder->name() + " gives " +
                                  std::to_string(dimension) + "-d embeddings: they are not a pair");
  }
  if (bank.rows == 0 || bank.cols != dimension)
    throw std::invalid_argument("the bank's embedding is " + std::to_string(bank.rows) + " x " +
                                std::to_string(bank.cols) + ", expected images x " + std::to_string(dimension));
  if (options.starts < 1 || options.starts > 64)
    throw std::invalid_argument("starts: expected 1..64, got " + std::to_string(options.starts));
  if (options.maxSteps < 1 || options.maxSteps > 100000)
    throw std::invalid_argument("steps: expected 1..100000, got " + std::to_string(options.maxSteps));
}

// Generator output (its value_range) -> [0, 1].
at::Tensor generatorImages01(const ModelBundle& generator, const at::Tensor& latent) {
  const auto [low, high] = generator.manifest().output.valueRange.value_or(std::array<double, 2>{0.0, 1.0});
  std::scoped_lock lock(bundleMutex(generator));
  return torchModule(generator).forward({latent}).toTensor().sub(low).div(high - low);
}

RunState newState(std::size_t n, std::int64_t height, std::int64_t width) {
  RunState state;
  state.starts.resize(n);
  state.best01 = at::full({std::int64_t(n), 3, height, width}, 0.5);
  state.bestObjective.assign(n, -std::numeric_limits<double>::infinity());
  return state;
}

// The starting latents. Candidates are drawn from a Gaussian with the bank embeddings' mean and covariance (the region
// of latent space the generator was trained on: isotropic draws on the sphere land where it draws shapeless blobs)
// and put into the bank's norm range; no start is a bank image, so the search is not confined to what the bank holds.
// The candidates are scored in batches of one forward pass each and returned best first: the first `starts` are the
// starts (one that begins where the target already responds well more often climbs to the region's best images than
// an arbitrary one, and independent draws keep the starts diverse), the rest wait for restarts. The normal draws are
// ours (Random), so the same seed gives the same candidates; cancellation is checked between batches. Without
// scoring (startCandidates <= starts) just the `starts` draws.
at::Tensor startingLatents(Run& run, const Matrix& bank, Random& random, double lowNorm, double highNorm) {
  const auto& options = run.options;
  const auto n = std::int64_t(options.starts);
  const auto d = std::int64_t(bank.cols);
  const auto count = std::max<std::int64_t>(n, options.startCandidates);
  at::Tensor mean, factor;
  {
    at::NoGradGuard noGrad;
    const auto rows = at::from_blob(const_cast<float*>(bank.data.data()), {std::int64_t(bank.rows), d}, at::kFloat)
                          .to(at::kDouble);
    mean = rows.mean(0);
    const auto centred = rows.sub(mean);
    // A small ridge keeps the factorisation defined for a bank with fewer images than dimensions.
    const auto covariance = at::matmul(centred.t(), centred).div(double(std::max<std::size_t>(1, bank.rows - 1)))
                                .add(at::eye(d, at::kDouble).mul(1e-6));
    factor = at::linalg_cholesky(covariance);
  }
  std::vector<double> normals(static_cast<std::size_t>(count * d));
  for (auto& v : normals) v = random.normal();
  at::Tensor candidates;
  {
    at::NoGradGuard noGrad;
    candidates = at::matmul(at::tensor(normals, at::kDouble).view({count, d}), factor.t()).add(mean).to(at::kFloat);
    const auto norms = candidates.norm(2, {1}, true).clamp_min(1e-8);
    candidates = candidates.mul(norms.clamp(lowNorm, highNorm).div(norms)).contiguous();
  }
  if (count == n) return candidates;
  // The first batch is just `starts` candidates, shown at once as the first preview (step 0), so that scoring all of
  // them (about 0.3 s for 256 on two idle cores) does not delay the first sight of the search.
  constexpr std::int64_t kBatch = 64;
  std::vector<double> score(static_cast<std::size_t>(count));
  for (std::int64_t first = 0; first < count; first += first == 0 ? n : kBatch) {
    run.context.throwIfStopped();
    at::NoGradGuard noGrad;
    const auto batch = candidates.slice(0, first, std::min(count, first + (first == 0 ? n : kBatch)));
    const auto images = generatorImages01(*run.models.generator, batch);
    at::Tensor values;
    {
      std::scoped_lock lock(bundleMutex(*run.models.embedder));
      values = run.scorer.score(images).objective.to(at::kDouble).contiguous();
    }
    for (std::int64_t i = 0; i < values.size(0); ++i) {
      const double v = values[i].item<double>();
      score[std::size_t(first + i)] = std::isfinite(v) ? v : -std::numeric_limits<double>::infinity();
    }
    if (first == 0) {  // the run's first frame, so it carries the previews
      SynthesisFrame frame;
      // Previews only: these candidates are not yet the starts (the best of all of them are), so their scores would
      // begin each start's trace at another image's value.
      frame.scores.assign(std::size_t(n), std::nan(""));
      frame.active.assign(std::size_t(n), true);
      sendFrame(run, std::move(frame), images);
    }
  }
  std::vector<std::int64_t> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), std::int64_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](std::int64_t a, std::int64_t b) { return score[std::size_t(a)] > score[std::size_t(b)]; });
  return candidates.index_select(0, at::tensor(order, at::kLong)).contiguous();
}

RunState runLatent(Run& run, const Matrix& bank, Random& random, const at::Tensor& bankNorms) {
  const auto& options = run.options;
  const auto n = std::size_t(options.starts);
  const double lowNorm = bankNorms.min().item<double>(), highNorm = bankNorms.max().item<double>();
  const auto candidates = startingLatents(run, bank, random, lowNorm, highNorm);
  auto latent = candidates.slice(0, 0, std::int64_t(n)).clone();
  std::int64_t nextCandidate = std::int64_t(n);
  auto keepInRange = [&](at::Tensor& z) {
    const auto norms = z.norm(2, {1}, true).clamp_min(1e-8);
    z.mul_(norms.clamp(lowNorm, highNorm).div(norms));
  };
  keepInRange(latent);
  latent.set_requires_grad(true);

  const auto& shape = run.models.generator->manifest().output.shape;  // [-1, 3, H, W], checked when loaded
  RunState state = newState(n, shape[2], shape[3]);
  const double rate = options.learningRate > 0 ? options.learningRate : 0.02;
  optimise(run, state, latent, rate, /*augmentedScore=*/false, "generator",
           [&](const at::Tensor& z, bool) { return generatorImages01(*run.models.generator, z); },
           [&](at::Tensor& z, const at::Tensor&, bool lossOnly) -> at::Tensor {
             if (!lossOnly) keepInRange(z);
             return {};
           },
           [&](std::int64_t row, at::Tensor& z) {
             if (nextCandidate >= candidates.size(0)) return false;
             at::NoGradGuard noGrad;
             z[row].copy_(candidates[nextCandidate++]);
             return true;
           });
  return state;
}

// Jitter and random scale in one resampling (an affine grid per start), reflecting at the border.
at::Tensor augment(const at::Tensor& images, const SynthesisOptions& options, Random& random) {
  const auto n = images.size(0);
  std::vector<float> theta(std::size_t(n) * 6);
  const double h = double(images.size(2)), w = double(images.size(3));
  for (std::int64_t i = 0; i < n; ++i) {
    const double scale = 1.0 + options.scaleJitter * (2 * random.uniform() - 1);
    const double dx = std::round((2 * random.uniform() - 1) * options.jitterPixels) * 2.0 / w;
    const double dy = std::round((2 * random.uniform() - 1) * options.jitterPixels) * 2.0 / h;
    const float row[6] = {float(1 / scale), 0.f, float(dx), 0.f, float(1 / scale), float(dy)};
    std::copy(row, row + 6, theta.begin() + i * 6);
  }
  const auto grid = at::affine_grid_generator(at::tensor(theta).view({n, 2, 3}), images.sizes(), false);
  return at::grid_sampler(images, grid, /*bilinear*/ 0, /*reflection*/ 2, false);
}

at::Tensor blur3(const at::Tensor& images) {
  const auto padded = at::replication_pad2d(images, {1, 1, 1, 1});
  return at::avg_pool2d(padded, {3, 3}, {1, 1});
}

at::Tensor totalVariation(const at::Tensor& images) {  // per image
  const auto dx = images.slice(3, 1).sub(images.slice(3, 0, -1)).abs().flatten(1).mean(1);
  const auto dy = images.slice(2, 1).sub(images.slice(2, 0, -1)).abs().flatten(1).mean(1);
  return dx.add(dy);
}

RunState runPixels(Run& run, Random& random, const at::Tensor* start01) {
  const auto& options = run.options;
  const auto n = std::int64_t(options.starts);
  const auto h = run.scorer.height(), w = run.scorer.width();
  at::Tensor pixels;
  if (start01) {
    pixels = start01->detach().clone();
    if (pixels.size(2) != h || pixels.size(3) != w)
      pixels = at::upsample_bilinear2d(pixels, {h, w}, false).clamp(0, 1);
  } else {
    std::vector<float> noise(std::size_t(n * 3 * h * w));
    for (auto& v : noise) v = float(0.5 + 0.05 * random.normal());
    pixels = at::tensor(noise).view({n, 3, h, w}).clamp(0, 1);
  }
  pixels = pixels.contiguous();
  pixels.set_requires_grad(true);
  RunState state = newState(std::size_t(n), h, w);
  const double rate = options.learningRate > 0 ? options.learningRate : 0.03;
  int updates = 0;
  optimise(run, state, pixels, rate, /*augmentedScore=*/true, "pixel image",
           [&](const at::Tensor& p, bool augmented) { return augmented ? augment(p, options, random) : p; },
           [&](at::Tensor& p, const at::Tensor& keep, bool lossOnly) -> at::Tensor {
             if (lossOnly) {
               if (options.totalVariation <= 0) return {};
               return totalVariation(p).index_select(0, keep).sum().mul(options.totalVariation * run.objectiveSpread);
             }
             ++updates;
             if (options.blurEvery > 0 && updates % options.blurEvery == 0) p.copy_(p.mul(0.5).add(blur3(p).mul(0.5)));
             p.clamp_(0, 1);
             return {};
           },
           [](std::int64_t, at::Tensor&) { return false; });  // pixel starts are refined, not replaced
  return state;
}

// The final 8-bit images, their embeddings through the runner (the bank's own pipeline) and their scores.
void finish(RunState& state, const SynthesisModels& models, const SynthesisObjective& objective) {
  std::vector<StimulusImage> images;
  for (std::size_t i = 0; i < state.starts.size(); ++i) {
    state.starts[i].image = toImage(at::nan_to_num(state.best01[std::int64_t(i)], 0.5, 1.0, 0.0));
    images.push_back(state.starts[i].image);
  }
  const ImageEmbedder embedder(models.embedder);
  const Matrix embedding = embedder.embed(images);
  const auto scores = synthesisObjective(embedding, objective);
  SynthesisObjective targetOnly{objective.target, std::nullopt, 0, 0};
  const auto target = synthesisObjective(embedding, targetOnly);
  for (std::size_t i = 0; i < state.starts.size(); ++i) {
    auto& start = state.starts[i];
    start.embedding.assign(embedding.data.begin() + std::ptrdiff_t(i * embedding.cols),
                           embedding.data.begin() + std::ptrdiff_t((i + 1) * embedding.cols));
    start.objective = scores[i];
    start.targetResponse = target[i];
    start.minusResponse = objective.minus && objective.lambda != 0 ? (target[i] - scores[i]) / objective.lambda : 0;
  }
}
}  // namespace

double percentileOf(std::vector<double> values, double p) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double position = std::clamp(p, 0.0, 100.0) / 100.0 * double(values.size() - 1);
  const auto below = std::size_t(std::floor(position));
  const auto above = std::min(values.size() - 1, below + 1);
  return values[below] + (position - double(below)) * (values[above] - values[below]);
}

double percentileRank(const std::vector<double>& bankScores, double value) {
  std::size_t below = 0, counted = 0;
  for (const double s : bankScores) {
    if (!std::isfinite(s)) continue;
    ++counted;
    below += s < value ? 1 : 0;
  }
  return counted ? 100.0 * double(below) / double(counted) : std::nan("");
}

BankReference bankReference(const Matrix& bankEmbedding, const SynthesisObjective& objective) {
  BankReference out;
  out.scores = synthesisObjective(bankEmbedding, objective);
  out.p50 = percentileOf(out.scores, 50);
  out.p95 = percentileOf(out.scores, 95);
  out.p99 = percentileOf(out.scores, 99);
  out.best = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < out.scores.size(); ++i)
    if (out.scores[i] > out.best) out.best = out.scores[i], out.bestIndex = i;
  return out;
}

const char* synthesisSpaceName(SynthesisSpace space) { return space == SynthesisSpace::Pixels ? "pixels" : "latent"; }

std::vector<double> synthesisObjective(const Matrix& embeddings, const SynthesisObjective& objective) {
  auto out = predictedResponse(embeddings, objective.target);
  if (objective.minus) {
    const auto minus = predictedResponse(embeddings, *objective.minus);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] -= objective.lambda * minus[i];
  }
  return out;
}

SynthesisResult synthesizeStimuli(const SynthesisModels& models, const SynthesisObjective& objective,
                                  const Matrix& bankEmbedding, const SynthesisOptions& options,
                                  const SynthesisCallback& onFrame, const JobContext& context) {
  checkInputs(models, objective, bankEmbedding, options);
  // Without a count of its own, the process's LibTorch setting (configureTorchThreads: the cores, or
  // $VOXELLENS_TORCH_THREADS, which the ThreadSanitizer run sets to 1 because LibTorch's OpenMP pool is not
  // instrumented).
  const int threads = options.threads > 0 ? options.threads : torchThreadCount();
  at::set_num_threads(threads);
  at::manual_seed(options.seed);
  Random random(options.seed);

  const auto bankScores = synthesisObjective(bankEmbedding, objective);
  const Scorer scorer(*models.embedder, objective);
  Run live{models, scorer, options, onFrame, context, Clock::now()};
  live.objectiveSpread = std::max(1e-6, percentileOf(bankScores, 99) - percentileOf(bankScores, 1));
  live.tolerance = options.plateauTolerance > 0 ? options.plateauTolerance : 0.01 * live.objectiveSpread;

  const auto bank = at::from_blob(const_cast<float*>(bankEmbedding.data.data()),
                                  {std::int64_t(bankEmbedding.rows), std::int64_t(bankEmbedding.cols)}, at::kFloat);
  const auto bankNorms = bank.norm(2, {1});

  SynthesisResult result;
  result.space = options.space;
  RunState state;
  if (options.space == SynthesisSpace::Latent) {
    live.totalSteps = options.maxSteps;
    state = runLatent(live, bankEmbedding, random, bankNorms);
    result.steps = state.steps;
  } else if (options.pixelsFromLatent) {
    live.totalSteps = 2 * options.maxSteps;
    const RunState latent = runLatent(live, bankEmbedding, random, bankNorms);
    live.stepOffset = latent.steps + 1;
    live.totalSteps = live.stepOffset + options.maxSteps;
    state = runPixels(live, random, &latent.best01);
    for (std::size_t i = 0; i < state.starts.size(); ++i)
      if (latent.starts[i].failed) {
        state.starts[i] = latent.starts[i];
      } else {
        auto history = latent.starts[i].history;
        history.insert(history.end(), state.starts[i].history.begin(), state.starts[i].history.end());
        state.starts[i].history = std::move(history);
      }
    result.steps = live.stepOffset + state.steps;
  } else {
    live.totalSteps = options.maxSteps;
    state = runPixels(live, random, nullptr);
    result.steps = state.steps;
  }
  result.plateau = state.plateau;
  finish(state, models, objective);
  result.starts = std::move(state.starts);
  result.seconds = secondsSince(live.started);
  result.firstFrameSeconds = live.firstFrameSeconds;
  std::size_t failed = 0;
  for (const auto& start : result.starts) failed += start.failed ? 1 : 0;
  result.stopReason = failed == result.starts.size() ? "every start failed"
                      : state.plateau                ? "plateau"
                                                     : "step limit";
  return result;
}

}  // namespace vl::core
