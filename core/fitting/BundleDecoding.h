#pragma once
// A user's own brain_decoder bundle in place of the study's fitted decoders (issue: "a user's own brain_decoder
// bundle is accepted in its place"): every test row's responses, all response columns in the study's order, through
// the bundle into the image embedding; each row identified among the test images by cosine similarity, with
// MindEye's top-1 both ways, exactly as the ridge and contrastive decoders are scored (Decoder.h). One function for
// `voxellens decode --study --decoder` and the Reconstruction dock (through StudyReconstruction.h).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/base/Matrix.h"
#include "core/fitting/StudyIdentification.h"
#include "core/jobs/JobContext.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/ModelManifest.h"
#include "core/study/Experiment.h"

namespace vl::core {

struct BundleDecoding {
  std::string bundle;          // its name
  Matrix decoded;              // test rows x D, as the bundle gives it
  MatrixD similarity;          // test rows x test rows: cosine of decoded row and true embedding of each test image
  IdentificationScores scores;  // columns = every response column
};

// Whether the bundle of this manifest fits the study: a brain_decoder that reads `columns` values per row and gives
// `dimension` values. nullopt when it does, else the reason (naming the bundle and both counts), for the window to
// explain why it is not offered. Reads the manifest only (listing bundles loads no weights).
std::optional<std::string> bundleDecoderMismatch(const ModelManifest& bundle, std::size_t columns,
                                                 std::size_t dimension);

// Throws std::invalid_argument for a study without test rows (at least 2), a bundle that is not a brain_decoder or
// does not fit the study (bundleDecoderMismatch), NaN in the test responses, and std::runtime_error when the bundle
// gives NaN or infinite values. `stimulusEmbedding`: one row per stimulus (StudyModelPipeline.h). Honours
// cancellation.
BundleDecoding decodeStudyWithBundle(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                     std::shared_ptr<const ModelBundle> bundle, std::size_t ways = 300,
                                     const JobContext& context = {});

}  // namespace vl::core
