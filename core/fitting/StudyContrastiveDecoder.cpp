#include "core/fitting/StudyContrastiveDecoder.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/fitting/ContrastiveDecoderFolder.h"
#include "core/fitting/Decoder.h"
#include "core/fitting/StudyModelFits.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/ContentHash.h"

namespace vl::core {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMinimumColumns = 10;

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

StudyContrastive studyContrastiveDecoder(const Experiment& experiment, const StudyModels& models,
                                         const StudyContrastiveOptions& options, const JobContext& context) {
  if (!experiment.train || !experiment.test)
    throw std::invalid_argument("contrastive decoder: the study has no training and test responses");
  const auto& train = *experiment.train;
  const auto& test = *experiment.test;
  const auto columns = bestColumns(models.encoder.cvR2, options.maxColumns, options.columns);
  if (columns.size() < kMinimumColumns)
    throw std::invalid_argument("contrastive decoder: the target has " + std::to_string(columns.size()) +
                                " response columns; at least " + std::to_string(kMinimumColumns) + " are needed");

  // The study models' key covers the embedder, the responses and the ridge settings; the decoder adds its own.
  StudyContrastive out;
  std::string key;
  if (!models.cacheFolder.empty()) {
    const std::string studyKey = readText(models.cacheFolder / "key.txt");
    if (!studyKey.empty()) {
      std::ostringstream text;
      text << studyKey << "contrastive " << options.network.describe() << "\nways " << options.ways << "\ncolumns";
      for (const auto c : columns) text << " " << c;
      text << "\n";
      key = text.str();
      out.folder = models.cacheFolder / "contrastive" / toHex(hashBytes(key));
    }
  }
  if (!out.folder.empty() && readText(out.folder / "key.txt") == key)
    if (auto cached = readContrastiveFit(out.folder)) {
      out.fit = std::move(*cached);
      out.fromCache = true;
      context.report(1.0, "Contrastive decoder read from " + out.folder.string());
      return out;
    }

  ContrastiveInput input;
  input.trainResponses = {train.betas.data(), train.rows, train.columns};
  input.testResponses = {test.betas.data(), test.rows, test.columns};
  input.trainTargets = rowsForTrials(models.stimulusEmbedding, train);
  input.testTargets = rowsForTrials(models.stimulusEmbedding, test);
  input.trainImages = train.stimulus;
  input.columns = columns;
  input.options = options.network;
  input.ways = options.ways;
  out.fit = fitContrastiveDecoder(input, context);

  if (!out.folder.empty()) {
    try {
      // Key last: a cache interrupted half-way has no key and is refitted next time.
      fs::create_directories(out.folder);
      fs::remove(out.folder / "key.txt");
      writeContrastiveFit(out.folder, out.fit);
      writeFileAtomically(out.folder / "key.txt", key);
    } catch (const std::exception& error) {
      context.report(1.0, std::string("Contrastive decoder fitted; not cached: ") + error.what());
    }
  }
  return out;
}

}  // namespace vl::core
