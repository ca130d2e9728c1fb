#pragma once
// What did the subject see? Everything the Reconstruction panel shows for chosen test trials, one function for the
// window and `voxellens decode --study`:
// - identification of every test row among the test images, by the forward model (StudyIdentification.h) or by
//   the ridge or the contrastive decoder's embedding, or a user's brain_decoder bundle's (cosine), with MindEye's 300-way top-1 both ways and the planted ceiling;
// - one ridge from the chosen response columns to the embedding and to the 16 x 16 low-level image at once, fitted
//   on the training rows less a validation set of training images;
// - reconstructions of the chosen trials: low level, high level (the generator on the decoded embedding, ridge's or,
//   with the contrastive or bundle method, that decoder's, rescaled as Brain-Diffuser does) and combined (CombinedReconstruction.h, its weights chosen on the validation images;
//   with the forward model, their candidates come from a second forward model fitted without them),
//   with the generator fed the true embeddings as the reference, all scored with MindEye's metrics.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fitting/CombinedReconstruction.h"
#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/ReconstructionScores.h"
#include "core/fitting/StudyIdentification.h"
#include "core/jobs/JobContext.h"
#include "core/ml/BundleRunners.h"
#include "core/study/Experiment.h"

namespace vl::core {

// DecoderBundle: a user's own brain_decoder bundle (BundleDecoding.h) in place of the fitted decoders.
enum class IdentificationMethod { Forward, Ridge, Contrastive, DecoderBundle };
std::string toString(IdentificationMethod method);  // "forward", "ridge", "contrastive" or "decoder bundle"

struct StudyReconstructionOptions {
  std::vector<std::int32_t> columns;     // the target's response columns (empty: the whole cortex), ascending
  IdentificationMethod method = IdentificationMethod::Forward;
  std::vector<std::size_t> trials;       // test rows to reconstruct (empty: all of them)
  std::size_t decoderColumns = 2000;     // the ridge reads the best columns by the encoder's CV R^2 among `columns`
  std::size_t forwardColumns = 1000;     // StudyIdentificationOptions::maxColumns
  std::size_t validationImages = 40;     // training images held out to choose the combined weights
  std::vector<double> embeddingWeights = {0.3, 1.0, 3.0, 10.0, 30.0, 100.0};
  CombinedReconstructionOptions combined;
  // Forward method: start from (and hold near) the posterior-weighted embedding of the 5 best candidates.
  bool startFromCandidates = true;
  std::size_t ways = 300;
  // The forward identification of these columns when the caller has it already (the command line runs it for its
  // own scores): reused instead of fitted again. Not owned.
  const StudyIdentification* identified = nullptr;
  // Contrastive method: the study's contrastive decoder (StudyContrastiveDecoder.h, cached with the study models);
  // null: one is fitted here with `contrastiveNetwork` on the decoder's columns. Not owned.
  const ContrastiveFit* contrastive = nullptr;
  ContrastiveOptions contrastiveNetwork;
  // DecoderBundle method: the bundle (it reads every response column, so `columns` must be empty).
  std::shared_ptr<const ModelBundle> decoderBundle;
};

struct ReconstructedTrial {
  std::size_t testRow = 0;
  std::int32_t stimulus = 0;                 // the image seen
  std::vector<std::int32_t> identified;      // the 5 most likely test images, best first (stimulus indices)
  std::size_t trueRank = 0;                  // 1-based rank of the seen image among all test images
  StimulusImage seen, lowLevel, highLevel, combined, fromTruth;
};

struct StudyReconstruction {
  IdentificationScores identification;
  std::optional<IdentificationScores> ceiling;
  std::string data;                          // responseRowsDescription: e.g. "repeat means (3 trials each)"
  std::string start;                         // where the combined optimisation started
  ReconstructionScores lowLevel, highLevel, combined, fromTruth;  // on the reconstructed trials
  CombinedWeightChoice weights;              // chosen on the validation images
  std::size_t decoderColumns = 0, validationImages = 0;
  std::vector<ReconstructedTrial> trials;
};

// Throws std::invalid_argument for a study without stimuli, training or test rows, a trial out of range, fewer than
// 2 trials to reconstruct, fewer than 10 columns, a generator whose input is not the embedding's size, NaN
// responses (StudyIdentification.h), or a decoder bundle that does not fit the study or is given a target's columns. `stimulusEmbedding` and `encoderCvR2` come from the study's models
// (StudyModelPipeline.h). Honours cancellation. Progress: identification 0-45%, ridge 45-70%, validation candidates
// 70-78%, weights 78-85%,
// reconstructions and scores to 100%.
StudyReconstruction reconstructStudy(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                     const std::vector<double>& encoderCvR2, const ImageEmbedder& embedder,
                                     std::shared_ptr<const ModelBundle> generator,
                                     const StudyReconstructionOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
