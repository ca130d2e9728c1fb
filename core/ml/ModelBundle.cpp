#include "core/ml/ModelBundle.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/base/FormatError.h"
#include "core/ml/BundleTensors.h"
#include "core/ml/Sha256.h"
#include "core/ml/TorchModuleAccess.h"
#include "core/ml/TorchRuntime.h"
#include "core/ml/WordTokenizer.h"

namespace vl::core {

struct ModelBundle::Impl {
  ModelManifest manifest;
  BundleValidation validation;
  std::optional<WordTokenizer> tokenizer;
  mutable torch::jit::Module module;
  mutable std::mutex mutex;
};

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

constexpr std::int64_t kDummyBatch = 2;

// Deterministic smooth values in [-1, 1] so that validation is repeatable (no random seed to manage).
at::Tensor patternRows(std::int64_t rows, std::int64_t cols, bool unitNorm) {
  auto values = at::arange(rows * cols, at::kFloat).view({rows, cols});
  values = at::sin(values.mul(0.37) + at::arange(rows, at::kFloat).view({rows, 1}).mul(1.3));
  if (unitNorm) values = values.div(values.norm(2, {1}, true));
  return values;
}

// Two images with structure and all 256 levels present, through the same preprocessing as real images.
at::Tensor dummyImages(const TensorSpec& input) {
  std::vector<StimulusImage> images;
  const int height = int(input.shape[2]), width = int(input.shape[3]);
  for (int b = 0; b < kDummyBatch; ++b) {
    StimulusImage image{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3)};
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        for (int c = 0; c < 3; ++c)
          image.rgb[(std::size_t(y) * width + x) * 3 + c] = std::uint8_t((x * 7 + y * 13 + c * 50 + b * 101) % 256);
    images.push_back(std::move(image));
  }
  return imageBatch(input, images, 0, images.size());
}

// Row 0: the first real words of the vocabulary, then padding; row 1: unknown words only.
at::Tensor dummyTokens(const WordTokenizer& tokenizer) {
  const auto& spec = tokenizer.spec();
  auto tokens = at::full({kDummyBatch, spec.maxTokens}, spec.padId, at::kLong);
  const auto vocabulary = std::int64_t(tokenizer.vocabularySize());
  std::int64_t next = 0;
  for (std::int64_t t = 0; t < (spec.maxTokens + 1) / 2; ++t) {
    for (std::int64_t tries = 0; tries < vocabulary && (next == spec.padId || next == spec.unknownId); ++tries)
      next = (next + 1) % vocabulary;
    tokens[0][t] = next;
    next = (next + 1) % vocabulary;
    if (t < 2) tokens[1][t] = spec.unknownId;
  }
  return tokens;
}

at::Tensor dummyInput(const ModelManifest& manifest, const std::optional<WordTokenizer>& tokenizer) {
  const auto& input = manifest.input;
  switch (manifest.kind) {
    case ModelKind::ImageEmbedder:
    case ModelKind::ImageClassifier: return dummyImages(input);
    case ModelKind::TextEmbedder: return dummyTokens(*tokenizer);
    case ModelKind::Generator:
    case ModelKind::Captioner: return patternRows(kDummyBatch, input.shape[1], true);  // unit image embeddings
    case ModelKind::BrainDecoder: return patternRows(kDummyBatch, input.shape[1], false);
  }
  return {};
}

// The dummy forward pass and every check the contract promises; throws FormatError naming what failed.
BundleValidation validate(ModelBundle::Impl& impl) {
  const ModelManifest& manifest = impl.manifest;
  const auto start = Clock::now();
  const at::Tensor input = dummyInput(manifest, impl.tokenizer);
  at::Tensor output;
  try {
    output = runForward(impl.module, input);
  } catch (const std::exception& error) {
    throw FormatError(manifest.torchscript, "validation",
                      "forward failed on a dummy input " + shapeText(input.sizes()) + " as model.json declares (" +
                          manifest.input.shapeText() + ", " + std::string(tensorDtypeName(manifest.input.dtype)) +
                          "): " + error.what());
  }
  BundleValidation result;
  result.outputShape.assign(output.sizes().begin(), output.sizes().end());
  const auto& declared = manifest.output.shape;
  bool shapeMatches = output.dim() == std::int64_t(declared.size()) && output.size(0) == kDummyBatch;
  for (std::size_t i = 1; shapeMatches && i < declared.size(); ++i) shapeMatches = output.size(i) == declared[i];
  if (!shapeMatches)
    throw FormatError(manifest.file, "output.shape",
                      "declares " + manifest.output.shapeText() + " but the model returned " +
                          shapeText(output.sizes()) + " for a batch of " + std::to_string(kDummyBatch));
  if (manifest.output.dtype == TensorDtype::Int64) {
    if (at::isFloatingType(output.scalar_type()) || output.scalar_type() == at::kBool)
      throw FormatError(manifest.file, "output.dtype",
                        "declares int64 token ids but the model returned " + std::string(c10::toString(output.scalar_type())));
    const auto vocabulary = std::int64_t(impl.tokenizer->vocabularySize());
    if (output.min().item<std::int64_t>() < 0 || output.max().item<std::int64_t>() >= vocabulary)
      throw FormatError(manifest.torchscript, "validation",
                        "token ids outside the vocabulary (0.." + std::to_string(vocabulary - 1) + ") on a dummy batch");
  } else {
    if (!at::isFloatingType(output.scalar_type()))
      throw FormatError(manifest.file, "output.dtype",
                        "declares float32 but the model returned " + std::string(c10::toString(output.scalar_type())));
    if (!at::isfinite(output).all().item<bool>())
      throw FormatError(manifest.torchscript, "validation",
                        "the output has NaN or infinite values on a dummy batch " + shapeText(input.sizes()));
    if (output.dim() == 2) {
      const auto norms = output.to(at::kDouble).norm(2, {1});
      result.maxNormError = (norms - 1.0).abs().max().item<double>();
      if (manifest.output.normalized && result.maxNormError > ModelBundle::kNormTolerance) {
        std::string list;
        for (std::int64_t r = 0; r < norms.size(0); ++r)
          list += (r ? ", " : "") + formatNumber(norms[r].item<double>());
        throw FormatError(manifest.file, "output.normalized",
                          "true, but the rows of a dummy batch have L2 norms " + list + " (expected 1 within " +
                              formatNumber(ModelBundle::kNormTolerance) + ")");
      }
    }
  }
  result.validateSeconds = secondsSince(start);
  return result;
}

void checkTorchscriptFile(const ModelManifest& manifest) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(manifest.torchscript, error))
    throw FormatError(manifest.file, "torchscript", "file not found: " + manifest.torchscript.string());
  if (!torchVersionSupported(manifest))
    throw FormatError(manifest.file, "torch_version",
                      "the model was exported with torch " + manifest.torchVersion +
                          ", newer than this LibTorch " + torchVersion() +
                          "; export it again with torch " + torchVersion() + " or older");
  if (manifest.sha256) {
    std::string actual;
    try {
      actual = sha256HexOfFile(manifest.torchscript);
    } catch (const std::runtime_error& error) {
      throw FormatError(manifest.torchscript, "", error.what());
    }
    if (actual != *manifest.sha256)
      throw FormatError(manifest.torchscript, "",
                        "SHA-256 is " + actual + " but model.json (sha256) expects " + *manifest.sha256 +
                            ": the file is damaged or was replaced");
  }
}
}  // namespace

std::string BundleValidation::summary() const {
  std::string text = "ok: dummy batch gave " + shapeText(outputShape);
  if (outputShape.size() == 2) text += ", max | ||row|| - 1 | = " + formatNumber(maxNormError);
  return text + ", load " + formatNumber(loadSeconds * 1e3) + " ms, validation " +
         formatNumber(validateSeconds * 1e3) + " ms";
}

bool torchVersionSupported(const ModelManifest& manifest) {
  const auto running = parseMajorMinor(torchVersion());
  return running && std::pair{manifest.torchMajor, manifest.torchMinor} <= *running;
}

std::shared_ptr<const ModelBundle> ModelBundle::load(const std::filesystem::path& folder) {
  auto impl = std::make_unique<Impl>();
  impl->manifest = readModelManifest(folder);
  const ModelManifest& manifest = impl->manifest;
  if (const auto& spec = manifest.input.tokenizer ? manifest.input.tokenizer : manifest.output.tokenizer)
    impl->tokenizer.emplace(*spec);

  const auto start = Clock::now();
  checkTorchscriptFile(manifest);
  try {
    impl->module = torch::jit::load(manifest.torchscript.string(), at::kCPU);
  } catch (const std::exception& error) {
    throw FormatError(manifest.torchscript, "", "not a loadable TorchScript file: " + torchErrorSummary(error));
  }
  impl->module.eval();
  // Inference and synthesis need gradients with respect to inputs only, never the weights.
  for (auto parameter : impl->module.parameters()) parameter.requires_grad_(false);
  const double loadSeconds = secondsSince(start);

  impl->validation = validate(*impl);
  impl->validation.loadSeconds = loadSeconds;
  return std::shared_ptr<const ModelBundle>(new ModelBundle(std::move(impl)));
}

ModelBundle::ModelBundle(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ModelBundle::~ModelBundle() = default;

const ModelManifest& ModelBundle::manifest() const { return impl_->manifest; }
const BundleValidation& ModelBundle::validation() const { return impl_->validation; }
const WordTokenizer* ModelBundle::tokenizer() const { return impl_->tokenizer ? &*impl_->tokenizer : nullptr; }

const ModelBundle::Impl& bundleImpl(const ModelBundle& bundle) { return *bundle.impl_; }
torch::jit::Module& torchModule(const ModelBundle& bundle) { return bundleImpl(bundle).module; }
std::mutex& bundleMutex(const ModelBundle& bundle) { return bundleImpl(bundle).mutex; }

}  // namespace vl::core
