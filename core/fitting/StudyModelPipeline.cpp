#include "core/fitting/StudyModelPipeline.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/io/AtomicFileWriter.h"
#include "core/io/CachePaths.h"
#include "core/io/ContentHash.h"
#include "core/io/NpyMatrix.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kEmbeddingBatch = 256;

std::string embedderIdentity(const ImageEmbedder& embedder) {
  const ModelManifest& manifest = embedder.bundle().manifest();
  return manifest.name + " " + manifest.sha256.value_or("unhashed") + " " + toHex(hashFile(manifest.torchscript));
}

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool folderWritable(const fs::path& folder) {
  std::error_code error;
  return fs::is_directory(folder, error) && ::access(folder.c_str(), W_OK) == 0;
}

Matrix embedStimuli(const StimulusSource& stimuli, const ImageEmbedder& embedder, const JobContext& context) {
  const std::size_t count = stimuli.count();
  Matrix out(count, embedder.dimension());
  for (std::size_t first = 0; first < count; first += kEmbeddingBatch) {
    const std::size_t last = std::min(count, first + kEmbeddingBatch);
    context.report(double(first) / double(count),
                   "Embedding stimuli " + std::to_string(first) + "-" + std::to_string(last) + " of " +
                       std::to_string(count) + " with " + embedder.bundle().name());
    std::vector<StimulusImage> batch;
    batch.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) batch.push_back(stimuli.image(i));
    const Matrix embedded = embedder.embed(batch);
    std::memcpy(&out(first, 0), embedded.data.data(), embedded.data.size() * sizeof(float));
    context.throwIfStopped();
  }
  return out;
}

std::optional<StudyModels> readCache(const fs::path& folder, const std::string& key) {
  if (readText(folder / "key.txt") != key) return std::nullopt;
  try {
    StudyModels models;
    models.stimulusEmbedding = readNpyMatrix(folder / "embedding.npy");
    models.encoder = readFitFolder(folder / "encoder");
    auto decoder = readDecoderFit(folder / "decoder");
    if (!decoder) return std::nullopt;
    models.decoder = std::move(*decoder);
    models.fromCache = true;
    return models;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged cache is refitted, never trusted
  }
}

}  // namespace

// What the cached models score, part of the key so that a cache without a newer score is refitted once: 2 adds the
// decoder's image -> brain top-1.
constexpr int kStudyModelScoresVersion = 2;

std::string studyModelCacheKey(const Experiment& experiment, const std::string& embedderIdentity) {
  if (!experiment.train || !experiment.test)
    throw std::invalid_argument("the study has no training and test responses to fit models on");
  // A study.json from before the responses' hash was stored: fingerprint the files now (one read of them per
  // preparation) rather than trust the shapes alone.
  const std::string responses = experiment.manifest.responsesHash.empty()
                                    ? hashResponseFiles(experiment.manifest.folder, experiment.manifest)
                                    : experiment.manifest.responsesHash;
  std::ostringstream key;
  key << "embedder " << embedderIdentity << "\n"
      << "stimuli " << (experiment.stimuli ? experiment.stimuli->count() : 0) << "\n"
      << "train " << experiment.train->rows << " x " << experiment.train->columns << "\n"
      << "test " << experiment.test->rows << " x " << experiment.test->columns << "\n"
      << "responses " << responses << "\n"
      << "fit " << studyFitSettings(*experiment.train) << "\n"
      << "scores " << kStudyModelScoresVersion << "\n"
      << "study " << fs::weakly_canonical(experiment.manifest.folder).string() << "\n";
  return key.str();
}

fs::path studyModelCacheFolder(const Experiment& experiment, const std::string& embedderName) {
  const fs::path study = experiment.manifest.folder;
  if (folderWritable(study)) return study / "models" / embedderName;
  const std::string where = fs::weakly_canonical(study).string();
  return cacheDirectory() / "study-models" / toHex(hashBytes(where)) / embedderName;
}

StudyModels prepareStudyModels(const Experiment& experiment, const ImageEmbedder& embedder,
                               const JobContext& context) {
  if (!experiment.stimuli) throw std::invalid_argument("the study has no stimulus images to embed");
  if (!experiment.train || !experiment.test)
    throw std::invalid_argument("the study has no training and test responses to fit models on");
  const std::string name = embedder.bundle().name();
  const fs::path folder = studyModelCacheFolder(experiment, name);
  const std::string key = studyModelCacheKey(experiment, embedderIdentity(embedder));
  if (auto cached = readCache(folder, key)) {
    cached->embedderName = name;
    cached->cacheFolder = folder;
    context.report(1.0, "Models read from " + folder.string());
    return std::move(*cached);
  }

  StudyModels models;
  models.embedderName = name;
  models.cacheFolder = folder;
  models.stimulusEmbedding = embedStimuli(*experiment.stimuli, embedder, context.slice(0.0, 0.5));
  context.report(0.5, "Fitting the encoder: " + std::to_string(experiment.train->columns) + " columns");
  models.encoder = fitStudyEncoder(experiment, models.stimulusEmbedding, context.slice(0.5, 0.8));
  context.report(0.8, "Fitting the decoder");
  models.decoder =
      fitStudyDecoder(experiment, models.stimulusEmbedding, models.encoder.cvR2, 2000, context.slice(0.8, 1.0));

  try {
    // Key last: a cache interrupted half-way has no key and is refitted next time.
    fs::create_directories(folder);
    fs::remove(folder / "key.txt");
    writeNpyMatrix(folder / "embedding.npy", models.stimulusEmbedding);
    writeFitFolder(folder / "encoder", models.encoder);
    writeDecoderFit(folder / "decoder", models.decoder);
    writeFileAtomically(folder / "key.txt", key);
  } catch (const std::exception& error) {
    context.report(1.0, std::string("Models fitted; not cached: ") + error.what());
  }
  return models;
}

}  // namespace vl::core
