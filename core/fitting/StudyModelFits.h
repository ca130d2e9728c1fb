#pragma once
// The two models a study gets from its responses and a stimulus embedding (one row per stimulus, e.g. the demo
// image encoder's 128-d output): the per-column encoding model (embedding -> response, ridge per column, scored on
// the repeat-averaged test images) and the decoder (responses of the most predictable columns -> embedding, scored
// by identification among the test images). The GUI runs them as background jobs on first use of a study and
// caches them in the study's models/ folder (StudyModelPipeline.h); `voxellens fit-study` runs the same pipeline.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/fitting/Decoder.h"
#include "core/fitting/DecoderFolder.h"
#include "core/fitting/EncodingModel.h"
#include "core/study/FitFolder.h"
#include "core/jobs/JobContext.h"
#include "core/study/Experiment.h"

namespace vl::core {

// Rows of `perStimulus` (stimuli x D) in the order of a response set's stimulus indices.
Matrix rowsForTrials(const Matrix& perStimulus, const ResponseSet& responses);
// The stimulus indices a response set shows, ascending, each once (the images behind its rows).
std::vector<std::int32_t> distinctStimuli(const ResponseSet& responses);

// How a study's fits choose their ridge penalty: leave-one-out when every training row shows another image; grouped
// k-fold (up to 5 folds, groups = stimulus index) when training images repeat (NSD), because leave-one-out would
// keep the repeats of a held-out image in training (CV R^2 inflated, alphas biased low). Sets selection, folds and
// groups of `options`; the rest is left as it was.
void chooseStudyCv(RidgeOptions& options, const ResponseSet& train);
// What a cache of a study's fits depends on besides the data: the ridge settings both fits use on these training
// rows (alphas, CV, intercept, scaling), as text for a cache key.
std::string studyFitSettings(const ResponseSet& train);

// The fit as `voxellens fit` writes it (weights, alphas, CV and held-out scores per column). Throws
// std::invalid_argument when the study has no training or test responses, or the embedding has not one row per
// stimulus.
FitFolder fitStudyEncoder(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                  const JobContext& context = {});

// The decoder reads the `maxColumns` columns with the highest cross-validated training R^2 of the encoder (so the
// choice never sees the test images), through fitDecoder (Decoder.h), the function `voxellens decode` calls, with
// the ridge penalty chosen as chooseStudyCv says. Top-1 identification is among min(300, test images) images.
DecoderFit fitStudyDecoder(const Experiment& experiment, const Matrix& stimulusEmbedding,
                           const std::vector<double>& encoderCvR2, std::size_t maxColumns = 2000,
                           const JobContext& context = {});

}  // namespace vl::core
