#include "core/ml/BundleRunners.h"

#include <stdexcept>

#include "core/ml/BundleTensors.h"
#include "core/ml/TorchModuleAccess.h"
#include "core/ml/WordTokenizer.h"

namespace vl::core {
namespace {
// Runs `makeBatch(begin, end)` through the module batch by batch and hands each output to `take`.
template <typename MakeBatch, typename Take>
void runBatches(const ModelBundle& bundle, std::size_t count, std::size_t batchSize, const JobContext& context,
                const char* what, MakeBatch makeBatch, Take take) {
  batchSize = std::max<std::size_t>(1, batchSize);
  for (std::size_t begin = 0; begin < count; begin += batchSize) {
    context.throwIfStopped();
    const std::size_t end = std::min(count, begin + batchSize);
    const at::Tensor input = makeBatch(begin, end);
    at::Tensor output;
    {
      std::lock_guard lock(bundleMutex(bundle));
      try {
        output = runForward(torchModule(bundle), input);
      } catch (const std::runtime_error& error) {
        throw std::runtime_error(bundle.name() + ": " + error.what());
      }
    }
    // Validation checked the shape on a batch of two; a model whose shape depends on the batch is caught here.
    const auto& declared = bundle.manifest().output.shape;
    bool matches = output.dim() == std::int64_t(declared.size()) && output.size(0) == std::int64_t(end - begin);
    for (std::size_t i = 1; matches && i < declared.size(); ++i) matches = output.size(i) == declared[i];
    if (!matches)
      throw std::runtime_error(bundle.name() + ": the model returned " + shapeText(output.sizes()) + " for a batch of " +
                               std::to_string(end - begin) + ", model.json declares " +
                               bundle.manifest().output.shapeText());
    take(output);
    context.report(double(end) / double(count), std::string(what) + " " + std::to_string(end) + " / " +
                                                       std::to_string(count));
  }
}

void checkColumns(const ModelBundle& bundle, const Matrix& matrix, std::size_t expected, const char* what) {
  if (matrix.cols != expected)
    throw std::invalid_argument(bundle.name() + " takes " + std::to_string(expected) + " " + what + " per row, got " +
                                std::to_string(matrix.cols));
}

std::size_t dim(const TensorSpec& spec, std::size_t index) { return std::size_t(spec.shape.at(index)); }
}  // namespace

BundleRunner::BundleRunner(std::shared_ptr<const ModelBundle> bundle, ModelKind expected) : bundle_(std::move(bundle)) {
  if (!bundle_) throw std::invalid_argument("no model bundle");
  if (bundle_->kind() != expected)
    throw std::invalid_argument("model '" + bundle_->name() + "' is a " + std::string(modelKindName(bundle_->kind())) +
                                ", not a " + std::string(modelKindName(expected)));
}

ImageEmbedder::ImageEmbedder(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::ImageEmbedder) {}
std::size_t ImageEmbedder::dimension() const { return dim(bundle_->manifest().output, 1); }
int ImageEmbedder::inputHeight() const { return int(bundle_->manifest().input.shape[2]); }
int ImageEmbedder::inputWidth() const { return int(bundle_->manifest().input.shape[3]); }

Matrix ImageEmbedder::embed(const std::vector<StimulusImage>& images, const JobContext& context) const {
  Matrix result(0, dimension());
  runBatches(
      *bundle_, images.size(), batchSize, context, "embedding images",
      [&](std::size_t begin, std::size_t end) { return imageBatch(bundle_->manifest().input, images, begin, end); },
      [&](const at::Tensor& output) { appendRows(result, output); });
  return result;
}

TextEmbedder::TextEmbedder(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::TextEmbedder) {}
std::size_t TextEmbedder::dimension() const { return dim(bundle_->manifest().output, 1); }

Matrix TextEmbedder::embed(const std::vector<std::string>& captions, const JobContext& context) const {
  Matrix result(0, dimension());
  runBatches(
      *bundle_, captions.size(), batchSize, context, "embedding captions",
      [&](std::size_t begin, std::size_t end) { return tokenBatch(*bundle_->tokenizer(), captions, begin, end); },
      [&](const at::Tensor& output) { appendRows(result, output); });
  return result;
}

Generator::Generator(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::Generator) {}
std::size_t Generator::inputDimension() const { return dim(bundle_->manifest().input, 1); }

std::vector<StimulusImage> Generator::generate(const Matrix& embeddings, const JobContext& context) const {
  checkColumns(*bundle_, embeddings, inputDimension(), "embedding values");
  std::vector<StimulusImage> images;
  runBatches(
      *bundle_, embeddings.rows, batchSize, context, "generating images",
      [&](std::size_t begin, std::size_t end) { return rowBatch(embeddings, begin, end); },
      [&](const at::Tensor& output) {
        try {
          for (auto& image : imagesFromBatch(bundle_->manifest().output, output)) images.push_back(std::move(image));
        } catch (const std::runtime_error& error) {
          throw std::runtime_error(bundle_->name() + ": " + error.what());
        }
      });
  return images;
}

BrainDecoder::BrainDecoder(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::BrainDecoder) {}
std::size_t BrainDecoder::voxelCount() const { return dim(bundle_->manifest().input, 1); }
std::size_t BrainDecoder::dimension() const { return dim(bundle_->manifest().output, 1); }

Matrix BrainDecoder::decode(const Matrix& responses, const JobContext& context) const {
  checkColumns(*bundle_, responses, voxelCount(), "voxels");
  Matrix result(0, dimension());
  runBatches(
      *bundle_, responses.rows, batchSize, context, "decoding responses",
      [&](std::size_t begin, std::size_t end) { return rowBatch(responses, begin, end); },
      [&](const at::Tensor& output) { appendRows(result, output); });
  return result;
}

Captioner::Captioner(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::Captioner) {}
std::size_t Captioner::inputDimension() const { return dim(bundle_->manifest().input, 1); }

std::vector<std::string> Captioner::caption(const Matrix& embeddings, const JobContext& context) const {
  checkColumns(*bundle_, embeddings, inputDimension(), "embedding values");
  std::vector<std::string> captions;
  runBatches(
      *bundle_, embeddings.rows, batchSize, context, "captioning",
      [&](std::size_t begin, std::size_t end) { return rowBatch(embeddings, begin, end); },
      [&](const at::Tensor& output) {
        const auto ids = output.to(at::kLong).contiguous();
        for (std::int64_t r = 0; r < ids.size(0); ++r) {
          const auto* row = ids[r].data_ptr<std::int64_t>();
          captions.push_back(bundle_->tokenizer()->decode(std::vector<std::int64_t>(row, row + ids.size(1))));
        }
      });
  return captions;
}

ImageClassifier::ImageClassifier(std::shared_ptr<const ModelBundle> bundle)
    : BundleRunner(std::move(bundle), ModelKind::ImageClassifier) {}

Matrix ImageClassifier::classify(const std::vector<StimulusImage>& images, const JobContext& context) const {
  Matrix result(0, labels().size());
  runBatches(
      *bundle_, images.size(), batchSize, context, "classifying images",
      [&](std::size_t begin, std::size_t end) { return imageBatch(bundle_->manifest().input, images, begin, end); },
      [&](const at::Tensor& output) { appendRows(result, output); });
  return result;
}

}  // namespace vl::core
