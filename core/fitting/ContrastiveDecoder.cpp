#include "core/fitting/ContrastiveDecoder.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/fitting/Retrieval.h"
#include "core/ml/TorchRuntime.h"

namespace vl::core {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMinimumValidationImages = 10;

std::string shape(std::size_t rows, std::size_t cols) { return std::to_string(rows) + " x " + std::to_string(cols); }

void checkOptions(const ContrastiveOptions& o) {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("contrastive decoder: " + what);
  };
  if (o.hidden < 1) fail("hidden width must be at least 1");
  if (o.residualBlocks < 0) fail("residual blocks must be 0 or more");
  if (!(o.inputDropout >= 0 && o.inputDropout < 1) || !(o.dropout >= 0 && o.dropout < 1))
    fail("dropout must be in [0, 1)");
  if (!(o.temperature > 0)) fail("temperature must be above 0");
  if (!(o.mseWeight >= 0)) fail("the MSE weight must be 0 or more");
  if (!(o.learningRate > 0) || !(o.weightDecay >= 0)) fail("learning rate must be above 0, weight decay 0 or more");
  if (o.batch < 2) fail("mini-batches need at least 2 rows (the contrastive loss compares rows)");
  if (o.maxEpochs < 1 || o.patience < 1) fail("epochs and patience must be at least 1");
  if (!(o.validationFraction > 0 && o.validationFraction < 1)) fail("the validation fraction must be in (0, 1)");
}

void checkInput(const ContrastiveInput& in) {
  const auto& train = in.trainResponses;
  const auto& test = in.testResponses;
  if (train.rows != in.trainTargets.rows || test.rows != in.testTargets.rows)
    throw std::invalid_argument("contrastive decoder: " + shape(train.rows, train.columns) + " training and " +
                                shape(test.rows, test.columns) + " test responses for " +
                                shape(in.trainTargets.rows, in.trainTargets.cols) + " and " +
                                shape(in.testTargets.rows, in.testTargets.cols) +
                                " embeddings (one embedding row per response row expected)");
  if (train.columns != test.columns || in.trainTargets.cols != in.testTargets.cols)
    throw std::invalid_argument("contrastive decoder: training data is " + shape(train.rows, train.columns) +
                                " -> " + shape(in.trainTargets.rows, in.trainTargets.cols) + ", test data " +
                                shape(test.rows, test.columns) + " -> " +
                                shape(in.testTargets.rows, in.testTargets.cols) +
                                " (the same columns and embedding dimensions expected)");
  if (train.columns == 0 || in.trainTargets.cols == 0) throw std::invalid_argument("contrastive decoder: no columns");
  if (test.rows < 2) throw std::invalid_argument("contrastive decoder: identification needs at least two test items");
  if (!in.trainImages.empty() && in.trainImages.size() != train.rows)
    throw std::invalid_argument("contrastive decoder: " + std::to_string(in.trainImages.size()) +
                                " image indices for " + std::to_string(train.rows) + " training rows");
  requireAscendingColumns(in.columns, train.columns, "contrastive decoder");
  checkOptions(in.options);
}

Matrix gather(const ResponseRows& rows, const std::vector<std::int32_t>& columns, const char* what) {
  Matrix out(rows.rows, columns.size());
  for (std::size_t r = 0; r < rows.rows; ++r) {
    const float* row = rows.values + r * rows.columns;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const float v = row[static_cast<std::size_t>(columns[k])];
      if (!std::isfinite(v))
        throw std::invalid_argument(std::string("contrastive decoder: the ") + what + " responses hold " +
                                    std::to_string(v) + " at row " + std::to_string(r) + ", column " +
                                    std::to_string(columns[k]) + " (finite values expected)");
      out(r, k) = v;
    }
  }
  return out;
}

void requireFinite(const Matrix& m, const char* what) {
  for (std::size_t i = 0; i < m.data.size(); ++i)
    if (!std::isfinite(m.data[i]))
      throw std::invalid_argument(std::string("contrastive decoder: the ") + what + " embedding holds " +
                                  std::to_string(m.data[i]) + " at row " + std::to_string(i / m.cols) +
                                  " (finite values expected)");
}

at::Tensor tensorOf(const Matrix& m) {
  return at::from_blob(const_cast<float*>(m.data.data()), {std::int64_t(m.rows), std::int64_t(m.cols)}, at::kFloat)
      .clone();
}

at::Tensor tensorOf(const std::vector<float>& v) { return at::tensor(v); }

Matrix matrixOf(const at::Tensor& t) {
  const auto c = t.contiguous();
  Matrix out(std::size_t(c.size(0)), std::size_t(c.size(1)));
  std::copy(c.data_ptr<float>(), c.data_ptr<float>() + out.data.size(), out.data.begin());
  return out;
}

std::vector<float> vectorOf(const at::Tensor& t) {
  const auto c = t.contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

// The trainable network as tensors: hidden layers (Linear, LayerNorm, GELU, dropout), then a linear output.
struct Layer {
  at::Tensor weights, bias, gamma, beta;  // gamma/beta undefined on the output layer
  bool residual = false;
};

struct Network {
  std::vector<Layer> layers;

  std::vector<at::Tensor> decayed() const {  // weight matrices (AdamW decays these only)
    std::vector<at::Tensor> out;
    for (const auto& l : layers) out.push_back(l.weights);
    return out;
  }
  std::vector<at::Tensor> all() const {
    std::vector<at::Tensor> out;
    for (const auto& l : layers)
      for (const auto* t : {&l.weights, &l.bias, &l.gamma, &l.beta})
        if (t->defined()) out.push_back(*t);
    return out;
  }
};

// Linear layers start as torch's do: uniform in +-1/sqrt(inputs), from our own generator.
Layer linear(std::int64_t inputs, std::int64_t outputs, bool hidden, at::Generator& generator) {
  const double bound = 1.0 / std::sqrt(double(inputs));
  Layer l;
  l.weights = at::empty({inputs, outputs}, at::kFloat).uniform_(-bound, bound, generator).set_requires_grad(true);
  l.bias = at::empty({outputs}, at::kFloat).uniform_(-bound, bound, generator).set_requires_grad(true);
  if (hidden) {
    l.gamma = at::ones({outputs}, at::kFloat).set_requires_grad(true);
    l.beta = at::zeros({outputs}, at::kFloat).set_requires_grad(true);
  }
  return l;
}

at::Tensor dropout(const at::Tensor& x, double p, at::Generator& generator) {
  if (p <= 0) return x;
  const auto keep = at::empty_like(x).bernoulli_(1.0 - p, generator);
  return x * keep / (1.0 - p);
}

// Training: dropout with `generator`; evaluation (no generator): none.
at::Tensor forward(const Network& net, at::Tensor x, const ContrastiveOptions& o, at::Generator* generator) {
  if (generator) x = dropout(x, o.inputDropout, *generator);
  for (std::size_t k = 0; k < net.layers.size(); ++k) {
    const auto& l = net.layers[k];
    at::Tensor y = at::addmm(l.bias, x, l.weights);
    if (l.gamma.defined()) {
      y = at::gelu(at::layer_norm(y, {y.size(1)}, l.gamma, l.beta, 1e-5));
      if (generator) y = dropout(y, o.dropout, *generator);
    }
    x = l.residual ? x + y : y;
  }
  return x;
}

at::Tensor unit(const at::Tensor& x) { return x / x.norm(2, {1}, true).clamp_min(1e-8); }

// Symmetric InfoNCE with positives = rows of the same image (`same`: B x B, rows summing to 1), plus lambda x the
// squared distance between unit vectors.
at::Tensor contrastiveLoss(const at::Tensor& decoded, const at::Tensor& targetUnit, const at::Tensor& same,
                           const ContrastiveOptions& o) {
  const auto d = unit(decoded);
  const auto logits = at::mm(d, targetUnit.t()) / o.temperature;
  const auto brainToImage = -(same * at::log_softmax(logits, 1)).sum(1).mean();
  const auto imageToBrain = -(same * at::log_softmax(logits.t(), 1)).sum(1).mean();
  const auto mse = (d - targetUnit).pow(2).sum(1).mean();
  return (brainToImage + imageToBrain) * 0.5 + mse * o.mseWeight;
}

// AdamW (Loshchilov & Hutter): Adam's step plus a decay of the weights decoupled from the gradient.
class AdamW {
public:
  AdamW(std::vector<at::Tensor> params, std::vector<at::Tensor> decayed, double lr, double decay)
      : params_(std::move(params)), lr_(lr), decay_(decay) {
    for (const auto& p : params_) {
      m_.push_back(at::zeros_like(p));
      v_.push_back(at::zeros_like(p));
      bool isDecayed = false;
      for (const auto& w : decayed) isDecayed = isDecayed || w.is_same(p);
      decays_.push_back(isDecayed);
    }
  }
  void zeroGrad() {
    for (auto& p : params_)
      if (p.grad().defined()) p.mutable_grad().zero_();
  }
  void step() {
    at::NoGradGuard noGrad;
    ++t_;
    const double c1 = 1.0 - std::pow(kBeta1, t_), c2 = 1.0 - std::pow(kBeta2, t_);
    for (std::size_t k = 0; k < params_.size(); ++k) {
      auto& p = params_[k];
      const auto g = p.grad();
      if (!g.defined()) continue;
      if (decays_[k]) p.mul_(1.0 - lr_ * decay_);
      m_[k].mul_(kBeta1).add_(g, 1.0 - kBeta1);
      v_[k].mul_(kBeta2).addcmul_(g, g, 1.0 - kBeta2);
      const auto denom = (v_[k] / c2).sqrt_().add_(kEps);
      p.addcdiv_(m_[k], denom, -lr_ / c1);
    }
  }

private:
  static constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
  std::vector<at::Tensor> params_, m_, v_;
  std::vector<bool> decays_;
  double lr_, decay_;
  int t_ = 0;
};

// Which training rows validate: whole images, a `fraction` of the distinct ones chosen with `seed`.
struct Split {
  std::vector<std::size_t> fitRows;                    // rows trained on
  std::vector<std::vector<std::size_t>> validation;    // per validation image, its rows
  std::vector<std::int64_t> fitImage;                  // per fit row, a small image id (for the positives)
};

Split splitByImage(const std::vector<std::int32_t>& images, std::size_t rows, double fraction, std::uint64_t seed) {
  std::map<std::int32_t, std::vector<std::size_t>> byImage;
  for (std::size_t r = 0; r < rows; ++r) byImage[images.empty() ? std::int32_t(r) : images[r]].push_back(r);
  std::vector<std::int32_t> keys;
  for (const auto& [image, _] : byImage) keys.push_back(image);
  std::mt19937_64 engine(seed ^ 0x5eedf00dULL);
  for (std::size_t i = keys.size(); i > 1; --i) std::swap(keys[i - 1], keys[std::size_t(engine() % i)]);
  const std::size_t held = std::size_t(std::lround(fraction * double(keys.size())));
  if (held < kMinimumValidationImages || keys.size() - held < 2)
    throw std::invalid_argument("contrastive decoder: " + std::to_string(keys.size()) +
                                " training images leave " + std::to_string(held) +
                                " for validation; at least " + std::to_string(kMinimumValidationImages) +
                                " are needed (more training images or a larger validation fraction)");
  Split split;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const auto& rowsOfImage = byImage[keys[k]];
    if (k < held) {
      split.validation.push_back(rowsOfImage);
    } else {
      for (const auto r : rowsOfImage) {
        split.fitRows.push_back(r);
        split.fitImage.push_back(keys[k]);
      }
    }
  }
  return split;
}

ContrastiveFit toFit(const Network& net) {
  ContrastiveFit fit;
  for (const auto& l : net.layers) {
    DenseLayer d;
    d.weights = matrixOf(l.weights.detach());
    d.bias = vectorOf(l.bias.detach());
    if (l.gamma.defined()) {
      d.gamma = vectorOf(l.gamma.detach());
      d.beta = vectorOf(l.beta.detach());
    }
    d.residual = l.residual;
    fit.layers.push_back(std::move(d));
  }
  return fit;
}

Network networkOf(const ContrastiveFit& fit) {
  Network net;
  for (const auto& d : fit.layers) {
    Layer l;
    l.weights = tensorOf(d.weights);
    l.bias = tensorOf(d.bias);
    if (!d.gamma.empty()) {
      l.gamma = tensorOf(d.gamma);
      l.beta = tensorOf(d.beta);
    }
    l.residual = d.residual;
    net.layers.push_back(l);
  }
  return net;
}

struct Scores {
  double topOne = 0, imageToBrain = 0, twoWay = 0, meanRank = 0;
  std::size_t ways = 0;
};

Scores identify(const Matrix& decoded, const Matrix& truth, std::size_t ways, int draws, std::uint32_t seed,
                bool everything) {
  const MatrixD similarity = cosineSimilarity(decoded, truth);
  Scores s;
  s.ways = std::min(ways, decoded.rows);
  s.topOne = topOneIdentification(similarity, s.ways, draws, seed);
  if (everything) {
    s.imageToBrain = topOneIdentification(transposed(similarity), s.ways, draws, seed);
    s.twoWay = twoWayIdentification(similarity);
    s.meanRank = meanRank(similarity);
  }
  return s;
}

}  // namespace

std::string ContrastiveOptions::describe() const {
  std::ostringstream text;
  text << "contrastive MLP: hidden " << hidden << ", residual blocks " << residualBlocks << ", input dropout "
       << inputDropout << ", dropout " << dropout << ", LayerNorm + GELU; symmetric InfoNCE at temperature "
       << temperature << " + " << mseWeight << " x MSE of unit vectors; AdamW lr " << learningRate
       << " weight decay " << weightDecay << ", batch " << batch << ", at most " << maxEpochs
       << " epochs, patience " << patience << " on validation top-1 (" << validationFraction
       << " of the training images); seed " << seed;
  return text.str();
}

ContrastiveFit fitContrastiveDecoder(const ContrastiveInput& input, const JobContext& context) {
  checkInput(input);
  const auto started = Clock::now();
  const auto& o = input.options;
  const int threads = o.threads > 0 ? o.threads : defaultTorchThreads();
  at::set_num_threads(threads);
  at::Generator generator = at::detail::createCPUGenerator(o.seed);

  std::vector<std::int32_t> columns = input.columns;
  if (columns.empty()) {
    columns.resize(input.trainResponses.columns);
    std::iota(columns.begin(), columns.end(), 0);
  }
  context.report(0.0, "Contrastive decoder: " + std::to_string(columns.size()) + " columns -> " +
                          std::to_string(input.trainTargets.cols) + " dimensions");
  const Matrix trainX = gather(input.trainResponses, columns, "training");
  const Matrix testX = gather(input.testResponses, columns, "test");
  requireFinite(input.trainTargets, "training");
  requireFinite(input.testTargets, "test");

  // Standardise each column on the training rows (kept in the fit, applied to any rows decoded later).
  const auto x = tensorOf(trainX);
  const auto mean = x.mean(0);
  const auto sd = x.std(0, /*unbiased=*/false).clamp_min(1e-6);
  const auto standardised = (x - mean) / sd;
  const auto targets = unit(tensorOf(input.trainTargets));

  const Split split = splitByImage(input.trainImages, input.trainResponses.rows, o.validationFraction, o.seed);
  const auto fitIndex = at::tensor(std::vector<std::int64_t>(split.fitRows.begin(), split.fitRows.end()));
  const auto fitX = standardised.index_select(0, fitIndex);
  const auto fitTargets = targets.index_select(0, fitIndex);
  const auto fitImages = at::tensor(split.fitImage);
  // Validation rows averaged per image (as the test rows are), scored against the image's own embedding.
  Matrix validationX(split.validation.size(), columns.size()), validationTargets(split.validation.size(),
                                                                                input.trainTargets.cols);
  for (std::size_t v = 0; v < split.validation.size(); ++v) {
    const auto& rows = split.validation[v];
    for (const auto r : rows)
      for (std::size_t c = 0; c < columns.size(); ++c) validationX(v, c) += trainX(r, c) / float(rows.size());
    for (std::size_t d = 0; d < validationTargets.cols; ++d)
      validationTargets(v, d) = input.trainTargets(rows.front(), d);
  }
  const auto validationInput = (tensorOf(validationX) - mean) / sd;

  Network net;
  const std::int64_t inputs = std::int64_t(columns.size()), hidden = std::int64_t(o.hidden);
  net.layers.push_back(linear(inputs, hidden, true, generator));
  for (int b = 0; b < o.residualBlocks; ++b) {
    net.layers.push_back(linear(hidden, hidden, true, generator));
    net.layers.back().residual = true;
  }
  net.layers.push_back(linear(hidden, std::int64_t(input.trainTargets.cols), false, generator));
  AdamW optimiser(net.all(), net.decayed(), o.learningRate, o.weightDecay);

  ContrastiveFit best;
  best.validationTopOne = -1;
  std::mt19937_64 shuffler(o.seed);
  std::vector<std::int64_t> order(split.fitRows.size());
  const std::size_t batches = (order.size() + o.batch - 1) / o.batch;
  std::vector<double> history;
  int sinceBest = 0, epoch = 0;
  for (epoch = 1; epoch <= o.maxEpochs && sinceBest < o.patience; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[std::size_t(shuffler() % i)]);
    for (std::size_t b = 0; b < batches; ++b) {
      context.throwIfStopped();
      const std::size_t begin = b * o.batch, end = std::min(order.size(), begin + o.batch);
      if (end - begin < 2) continue;  // a last batch of one row has nothing to contrast
      const auto index = at::tensor(std::vector<std::int64_t>(order.begin() + std::ptrdiff_t(begin),
                                                              order.begin() + std::ptrdiff_t(end)));
      const auto images = fitImages.index_select(0, index);
      auto same = images.unsqueeze(1).eq(images.unsqueeze(0)).to(at::kFloat);
      same = same / same.sum(1, true);
      optimiser.zeroGrad();
      const auto decoded = forward(net, fitX.index_select(0, index), o, &generator);
      const auto loss = contrastiveLoss(decoded, fitTargets.index_select(0, index), same, o);
      if (!std::isfinite(loss.item<double>()))
        throw std::runtime_error("contrastive decoder: the loss became " + std::to_string(loss.item<double>()) +
                                 " at epoch " + std::to_string(epoch) + " (a smaller learning rate may help)");
      loss.backward();
      optimiser.step();
    }
    Matrix decoded;
    {
      at::NoGradGuard noGrad;
      decoded = matrixOf(forward(net, validationInput, o, nullptr));
    }
    const double score = identify(decoded, validationTargets, 300, 10, 0, false).topOne;
    history.push_back(score);
    if (score > best.validationTopOne) {
      best = toFit(net);
      best.validationTopOne = score;
      best.bestEpoch = epoch;
      sinceBest = 0;
    } else {
      ++sinceBest;
    }
    char message[160];
    std::snprintf(message, sizeof message, "Contrastive decoder: epoch %d, validation top-1 %.3f (best %.3f)", epoch,
                  score, best.validationTopOne);
    context.report(0.95 * double(epoch) / double(o.maxEpochs), message);
  }

  best.columns = columns;
  best.columnMean = vectorOf(mean);
  best.columnSd = vectorOf(sd);
  best.settings = o.describe();
  best.epochs = epoch - 1;
  best.validationHistory = history;
  best.validationImages = split.validation.size();
  best.trainingRows = split.fitRows.size();

  const Matrix decodedTest = predictContrastive(best, input.testResponses);
  const auto s = identify(decodedTest, input.testTargets, input.ways, input.draws, input.seed, true);
  best.topOne = s.topOne;
  best.topOneImageToBrain = s.imageToBrain;
  best.twoWay = s.twoWay;
  best.meanRank = s.meanRank;
  best.ways = s.ways;
  best.topOneChance = 1.0 / double(s.ways);
  best.testImages = testX.rows;
  best.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  context.report(1.0, "Contrastive decoder fitted");
  return best;
}

Matrix predictContrastive(const ContrastiveFit& fit, const ResponseRows& responses) {
  for (const auto c : fit.columns)
    if (c < 0 || std::size_t(c) >= responses.columns)
      throw std::invalid_argument("contrastive decoder: it reads column " + std::to_string(c) + "; the responses have " +
                                  std::to_string(responses.columns) + " columns");
  if (fit.layers.empty() || fit.columnMean.size() != fit.columns.size() || fit.columnSd.size() != fit.columns.size())
    throw std::invalid_argument("contrastive decoder: the fit has no layers or no standardisation for its columns");
  at::NoGradGuard noGrad;
  const auto x = (tensorOf(gather(responses, fit.columns, "decoded")) - tensorOf(fit.columnMean)) /
                 tensorOf(fit.columnSd);
  ContrastiveOptions none;
  return matrixOf(unit(forward(networkOf(fit), x, none, nullptr)));
}

}  // namespace vl::core
