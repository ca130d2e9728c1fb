#pragma once
// First use of a study with stimuli and responses: embed every stimulus with an image embedder, fit the per-column
// encoder and the decoder on that embedding (StudyModelFits.h), and keep all three in a cache folder so that the
// next start reads them instead of fitting again. A cache is used only when it was made by the same embedder (name
// and TorchScript checksum) for the same responses (shapes and the content hash of study.json, or of the files when
// an older study.json has none) with the same fit settings; anything else is refitted.
#include <filesystem>
#include <string>

#include "core/fitting/StudyModelFits.h"
#include "core/study/FitFolder.h"
#include "core/jobs/JobContext.h"
#include "core/ml/BundleRunners.h"
#include "core/study/Experiment.h"

namespace vl::core {

struct StudyModels {
  std::string embedderName;
  Matrix stimulusEmbedding;  // stimuli x D
  FitFolder encoder;         // per column: weights, alphas, cvR2, testR, testR2
  DecoderFit decoder;
  bool fromCache = false;    // all three were read from the cache
  std::filesystem::path cacheFolder;
};

// What a cache must have been made from to be reused (the text of its key.txt). embedderIdentity names the
// embedder and its TorchScript checksum. Throws std::invalid_argument without training and test responses,
// std::runtime_error when an older study's response files cannot be read to fingerprint them.
std::string studyModelCacheKey(const Experiment& experiment, const std::string& embedderIdentity);

// <study>/models/<embedder> when the study folder is writable, else the user's cache folder
// (~/.cache/voxellens/study-models/<hash of the study path>/<embedder>).
std::filesystem::path studyModelCacheFolder(const Experiment& experiment, const std::string& embedderName);

// Throws std::invalid_argument when the study has no stimuli images or no train/test responses. Progress:
// embedding 0-50%, encoder 50-80%, decoder 80-100%. A cache that cannot be written is reported, not fatal.
StudyModels prepareStudyModels(const Experiment& experiment, const ImageEmbedder& embedder,
                               const JobContext& context = {});

}  // namespace vl::core
