#pragma once
// The contrastive decoder of a study (ContrastiveDecoder.h) on the columns the ridge decoder would read (the best by
// the encoder's cross-validated training R^2, among a target's columns), kept in the study's model cache beside the
// encoder and the ridge decoder: <models>/contrastive/<hash>/, reused only when the study models' key (embedder,
// responses, fit settings) and the decoder's own settings and columns are the same. The window and `voxellens
// decode --study --method contrastive` both get it here.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/jobs/JobContext.h"
#include "core/study/Experiment.h"

namespace vl::core {

struct StudyContrastiveOptions {
  std::vector<std::int32_t> columns;  // the target's response columns (empty: the whole cortex), ascending
  std::size_t maxColumns = 2000;      // as the ridge decoder
  ContrastiveOptions network;
  std::size_t ways = 300;
};

struct StudyContrastive {
  ContrastiveFit fit;
  bool fromCache = false;
  std::filesystem::path folder;  // where it is cached (empty when the study models have no cache)
};

// Throws std::invalid_argument as fitContrastiveDecoder does, and for fewer than 10 columns. A cache that cannot be
// written is reported through the progress, not fatal. Honours cancellation.
StudyContrastive studyContrastiveDecoder(const Experiment& experiment, const StudyModels& models,
                                         const StudyContrastiveOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
