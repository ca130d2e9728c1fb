#pragma once
// A MindEye-style decoder into the stimulus embedding: response columns (standardised on the training rows) ->
// an MLP -> a direction in embedding space, trained with a symmetric contrastive loss (InfoNCE over the mini-batch:
// each decoded row should be most similar to its own image's embedding, and each embedding to its own decoded row)
// plus lambda x the squared distance between the unit-length decoded and true embeddings, the way the retrieval
// (Retrieval.h, cosine similarity) compares them. Ridge (Decoder.h) fits each embedding dimension on its own; the
// contrastive loss instead asks directly for what identification needs, that an image's decoded embedding stands
// out from the other images'.
//
// Training: AdamW on mini-batches, dropout, early stopping on the top-1 identification of a validation split of the
// TRAINING images (the test rows never choose anything; when training images repeat, an image's rows stay on one
// side and are averaged there, like the test rows). The best epoch's weights are kept. Deterministic for a seed and
// a thread count. LibTorch stays in the .cpp.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/fitting/Decoder.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct ContrastiveOptions {
  std::size_t hidden = 1024;     // width of the hidden layers
  int residualBlocks = 0;        // extra hidden layers (Linear, LayerNorm, GELU, dropout) added to their input
  double inputDropout = 0.5;     // on the standardised responses
  double dropout = 0.6;          // after each hidden layer
  double temperature = 0.05;     // of the contrastive softmax over cosine similarities (fixed)
  double mseWeight = 1.0;        // lambda: weight of |unit(decoded) - unit(true)|^2
  double learningRate = 1e-3;
  double weightDecay = 0.05;     // AdamW's decoupled weight decay (not on biases and LayerNorm)
  std::size_t batch = 256;
  int maxEpochs = 20;
  int patience = 4;              // stop when validation top-1 has not improved for this many epochs
  double validationFraction = 0.1;  // of the distinct training images
  std::uint64_t seed = 1;
  int threads = 0;               // torch intra-op threads; <= 0: defaultTorchThreads(). Same seed + threads -> same fit.

  // The settings as text, for a cache key and for reports.
  std::string describe() const;
};

struct ContrastiveInput {
  ResponseRows trainResponses, testResponses;  // items x columns, the same columns in both
  Matrix trainTargets, testTargets;            // items x D: the embedding of the item of each response row
  // The image of each training row (rows of one image are kept together in the validation split and averaged
  // there); empty: every row is its own image.
  std::vector<std::int32_t> trainImages;
  std::vector<std::int32_t> columns;  // the response columns read (empty: all), ascending without repeats
  ContrastiveOptions options;
  std::size_t ways = 300;  // test top-1 among min(ways, test items), `draws` random subsets drawn with `seed`
  int draws = 30;
  std::uint32_t seed = 0;
};

// One layer of the network as plain numbers: y = x W + b, then (hidden layers) LayerNorm(gamma, beta) and GELU.
struct DenseLayer {
  Matrix weights;                     // inputs x outputs
  std::vector<float> bias;            // outputs
  std::vector<float> gamma, beta;     // LayerNorm; empty on the output layer
  bool residual = false;              // the output is added to the input (residual blocks)
};

struct ContrastiveFit {
  std::vector<std::int32_t> columns;        // response columns read, ascending
  std::vector<float> columnMean, columnSd;  // standardisation, per column (training rows)
  std::vector<DenseLayer> layers;           // hidden layers, then the output layer (-> D)
  std::string settings;                     // ContrastiveOptions::describe()
  // Test scores, brain -> image unless named otherwise (cosine similarity of decoded and true embeddings).
  double topOne = 0, topOneImageToBrain = 0, topOneChance = 0, twoWay = 0, meanRank = 0;
  std::size_t testImages = 0, ways = 0;
  // Training: epochs run, the epoch whose weights were kept (1-based), its validation top-1 among
  // min(300, validation images), and the validation images.
  int epochs = 0, bestEpoch = 0;
  double validationTopOne = 0;
  std::size_t validationImages = 0, trainingRows = 0;
  std::vector<double> validationHistory;  // validation top-1 per epoch
  double seconds = 0;
};

// Throws std::invalid_argument for inconsistent shapes (naming them), a column out of range or repeated, fewer than
// two test items, NaN or infinite responses or targets, fewer than 10 validation images or option values out of
// range. Cancellation (JobCancelled) is checked every mini-batch. Progress: by epoch, to 95%; scoring to 100%.
ContrastiveFit fitContrastiveDecoder(const ContrastiveInput& input, const JobContext& context = {});

// The decoded embeddings (rows x D, unit length) of the rows of `responses` (all response columns; the fit reads
// its own). Throws std::invalid_argument when a fitted column is outside `responses`.
Matrix predictContrastive(const ContrastiveFit& fit, const ResponseRows& responses);

}  // namespace vl::core
