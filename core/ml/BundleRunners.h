#pragma once
// Typed front ends of a loaded ModelBundle, one per kind, with plain inputs and outputs (Matrix rows are samples).
// Each checks the bundle's kind when constructed (std::invalid_argument otherwise), runs in batches without
// gradients, reports progress and honours cancellation through JobContext. Forward passes hold the bundle's mutex,
// so a runner may be used from any thread (calls on one bundle are serialized).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/model/Stimulus.h"
#include "core/jobs/JobContext.h"
#include "core/ml/ModelBundle.h"

namespace vl::core {

class BundleRunner {
public:
  const ModelBundle& bundle() const { return *bundle_; }
  std::shared_ptr<const ModelBundle> sharedBundle() const { return bundle_; }
  std::size_t batchSize = 32;  // samples per forward pass

protected:
  BundleRunner(std::shared_ptr<const ModelBundle> bundle, ModelKind expected);
  std::shared_ptr<const ModelBundle> bundle_;
};

class ImageEmbedder : public BundleRunner {
public:
  explicit ImageEmbedder(std::shared_ptr<const ModelBundle> bundle);
  // N x D. Images of another size than the model's input are scaled to cover it and centre-cropped.
  Matrix embed(const std::vector<StimulusImage>& images, const JobContext& context = {}) const;
  std::size_t dimension() const;
  int inputWidth() const;
  int inputHeight() const;
};

class TextEmbedder : public BundleRunner {
public:
  explicit TextEmbedder(std::shared_ptr<const ModelBundle> bundle);
  // N x D, through the bundle's word tokenizer.
  Matrix embed(const std::vector<std::string>& captions, const JobContext& context = {}) const;
  std::size_t dimension() const;
};

class Generator : public BundleRunner {
public:
  explicit Generator(std::shared_ptr<const ModelBundle> bundle);
  // One image per row of `embeddings` (N x D, D = inputDimension()). Throws std::runtime_error when the model
  // produces NaN or infinite pixels for this input.
  std::vector<StimulusImage> generate(const Matrix& embeddings, const JobContext& context = {}) const;
  std::size_t inputDimension() const;
};

class BrainDecoder : public BundleRunner {
public:
  explicit BrainDecoder(std::shared_ptr<const ModelBundle> bundle);
  // responses N x V (V = voxelCount()) -> N x D.
  Matrix decode(const Matrix& responses, const JobContext& context = {}) const;
  std::size_t voxelCount() const;
  std::size_t dimension() const;
};

class Captioner : public BundleRunner {
public:
  explicit Captioner(std::shared_ptr<const ModelBundle> bundle);
  // One caption per row of `embeddings` (N x D), the model's token ids turned back into words.
  std::vector<std::string> caption(const Matrix& embeddings, const JobContext& context = {}) const;
  std::size_t inputDimension() const;
};

// A category classifier (kind image_classifier): images -> probabilities of its labels (model.json output.labels).
class ImageClassifier : public BundleRunner {
public:
  explicit ImageClassifier(std::shared_ptr<const ModelBundle> bundle);
  // N x C, rows as the model returns them (the demo judge's rows sum to 1). Images of another size are scaled and
  // centre-cropped as ImageEmbedder's are.
  Matrix classify(const std::vector<StimulusImage>& images, const JobContext& context = {}) const;
  const std::vector<std::string>& labels() const { return bundle_->manifest().labels; }
};

}  // namespace vl::core
