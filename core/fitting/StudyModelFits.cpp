#include "core/fitting/StudyModelFits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "core/fitting/Retrieval.h"
#include "core/fitting/RidgeCv.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {

void requireResponses(const Experiment& experiment, const Matrix& embedding) {
  if (!experiment.train || !experiment.test)
    throw std::invalid_argument("the study has no training and test responses to fit models on");
  const std::size_t stimuli = experiment.manifest.stimuli ? experiment.manifest.stimuli->count : 0;
  if (embedding.rows != stimuli)
    throw std::invalid_argument("the stimulus embedding has " + std::to_string(embedding.rows) + " rows for " +
                                std::to_string(stimuli) + " stimuli");
}

Matrix asMatrix(const ResponseSet& set) { return Matrix(set.rows, set.columns, set.betas); }

Matrix selectColumns(const ResponseSet& set, const std::vector<std::int32_t>& columns) {
  Matrix out(set.rows, columns.size());
  for (std::size_t r = 0; r < set.rows; ++r) {
    const auto row = set.row(r);
    for (std::size_t k = 0; k < columns.size(); ++k) out(r, k) = row[static_cast<std::size_t>(columns[k])];
  }
  return out;
}

bool trainingImagesRepeat(const ResponseSet& train) {
  std::vector<std::int32_t> stimuli = train.stimulus;
  std::sort(stimuli.begin(), stimuli.end());
  return std::adjacent_find(stimuli.begin(), stimuli.end()) != stimuli.end();
}

// The encoder's ridge settings; the decoder adds standardised features (fitStudyDecoder).
RidgeOptions studyEncoderOptions(const ResponseSet& train) {
  RidgeOptions options;
  chooseStudyCv(options, train);
  return options;
}

}  // namespace

void chooseStudyCv(RidgeOptions& options, const ResponseSet& train) {
  options.groups.clear();
  std::vector<std::int32_t> distinct = train.stimulus;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (!trainingImagesRepeat(train) || distinct.size() < 2) {
    options.selection = RidgeSelection::LeaveOneOut;
    return;
  }
  options.selection = RidgeSelection::GroupKFold;
  options.folds = static_cast<int>(std::min<std::size_t>(5, distinct.size()));
  options.groups.assign(train.stimulus.begin(), train.stimulus.end());
}

std::string studyFitSettings(const ResponseSet& train) {
  const RidgeOptions options = studyEncoderOptions(train);
  std::ostringstream text;
  text << "ridge alphas";
  for (const double alpha : options.alphas) text << " " << alpha;
  text << "; cv " << toString(options.selection);
  if (options.selection != RidgeSelection::LeaveOneOut) text << " " << options.folds << " folds";
  text << "; intercept " << options.fitIntercept << "; encoder standardised " << options.standardizeFeatures
       << ", decoder standardised 1";
  return text.str();
}

Matrix rowsForTrials(const Matrix& perStimulus, const ResponseSet& responses) {
  Matrix out(responses.rows, perStimulus.cols);
  for (std::size_t r = 0; r < responses.rows; ++r) {
    const auto stimulus = static_cast<std::size_t>(responses.stimulus[r]);
    if (stimulus >= perStimulus.rows)
      throw std::invalid_argument("trial " + std::to_string(r) + " shows stimulus " + std::to_string(stimulus) +
                                  ", beyond the " + std::to_string(perStimulus.rows) + " embedded stimuli");
    std::memcpy(&out(r, 0), &perStimulus(stimulus, 0), perStimulus.cols * sizeof(float));
  }
  return out;
}

FitFolder fitStudyEncoder(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                  const JobContext& context) {
  requireResponses(experiment, stimulusEmbedding);
  EncodingFitInput input;
  input.features = rowsForTrials(stimulusEmbedding, *experiment.train);
  input.responses = asMatrix(*experiment.train);
  input.testFeatures = rowsForTrials(stimulusEmbedding, *experiment.test);
  input.testResponses = asMatrix(*experiment.test);
  input.options = studyEncoderOptions(*experiment.train);
  FitFolder fit = toFitFolder(fitEncodingModel(input, context), input);
  fit.cvData = responseRowsDescription(experiment.train->repeats);
  fit.testData = responseRowsDescription(experiment.test->repeats);
  return fit;
}

DecoderFit fitStudyDecoder(const Experiment& experiment, const Matrix& stimulusEmbedding,
                           const std::vector<double>& encoderCvR2, std::size_t maxColumns, const JobContext& context) {
  requireResponses(experiment, stimulusEmbedding);
  if (encoderCvR2.size() != experiment.train->columns)
    throw std::invalid_argument("the encoder scores " + std::to_string(encoderCvR2.size()) + " columns; the study has " +
                                std::to_string(experiment.train->columns));
  const auto started = std::chrono::steady_clock::now();
  DecoderFit decoder;
  std::vector<std::int32_t> order(encoderCvR2.size());
  std::iota(order.begin(), order.end(), 0);
  const std::size_t keep = std::min(maxColumns, order.size());
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), [&](std::int32_t a, std::int32_t b) {
    return encoderCvR2[std::size_t(a)] > encoderCvR2[std::size_t(b)];
  });
  decoder.columns.assign(order.begin(), order.begin() + std::ptrdiff_t(keep));
  std::sort(decoder.columns.begin(), decoder.columns.end());

  context.report(0.05, "Decoder: " + std::to_string(keep) + " columns -> " + std::to_string(stimulusEmbedding.cols) +
                           " dimensions");
  const Matrix trainResponses = selectColumns(*experiment.train, decoder.columns);
  const Matrix trainTargets = rowsForTrials(stimulusEmbedding, *experiment.train);
  RidgeOptions options;
  options.standardizeFeatures = true;  // columns differ in scale; one penalty should treat them alike
  chooseStudyCv(options, *experiment.train);
  decoder.selection = toString(options.selection);
  decoder.fit = fitRidgeCv(trainResponses, trainTargets, options, context.slice(0.05, 0.9));

  const Matrix testResponses = selectColumns(*experiment.test, decoder.columns);
  const Matrix testTargets = rowsForTrials(stimulusEmbedding, *experiment.test);
  const MatrixD similarity = cosineSimilarity(predictRidge(decoder.fit, testResponses), testTargets);
  decoder.testImages = testTargets.rows;
  const std::size_t ways = std::min<std::size_t>(300, testTargets.rows);
  decoder.topOne = topOneIdentification(similarity, ways);
  decoder.topOneChance = 1.0 / double(ways);
  decoder.twoWay = twoWayIdentification(similarity);
  decoder.meanRank = meanRank(similarity);
  decoder.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  context.report(1.0, "Decoder fitted");
  return decoder;
}

void writeDecoderFit(const fs::path& folder, const DecoderFit& decoder) {
  fs::create_directories(folder);
  writeNpyMatrix(folder / "weights.npy", decoder.fit.weights);
  writeNpy(folder / "intercepts.npy", std::vector<float>(decoder.fit.intercepts.begin(), decoder.fit.intercepts.end()),
           {static_cast<std::int64_t>(decoder.fit.intercepts.size())});
  writeNpy(folder / "alphas.npy", decoder.fit.alphas, {static_cast<std::int64_t>(decoder.fit.alphas.size())});
  writeNpy(folder / "columns.npy", decoder.columns, {static_cast<std::int64_t>(decoder.columns.size())});
  const nlohmann::json summary = {{"kind", "decoder"},
                                  {"columns", decoder.columns.size()},
                                  {"dimensions", decoder.fit.weights.cols},
                                  {"test_images", decoder.testImages},
                                  {"top1", decoder.topOne},
                                  {"top1_chance", decoder.topOneChance},
                                  {"two_way", decoder.twoWay},
                                  {"mean_rank", decoder.meanRank},
                                  {"selection", decoder.selection},
                                  {"seconds", decoder.seconds}};
  writeFileAtomically(folder / "summary.json", summary.dump(2) + "\n");
}

std::optional<DecoderFit> readDecoderFit(const fs::path& folder) {
  std::ifstream in(folder / "summary.json");
  if (!in) return std::nullopt;
  try {
    std::stringstream text;
    text << in.rdbuf();
    const auto summary = nlohmann::json::parse(text.str());
    DecoderFit decoder;
    decoder.fit.weights = readNpyMatrix(folder / "weights.npy");
    const auto intercepts = readNpy(folder / "intercepts.npy").toFloat();
    decoder.fit.intercepts.assign(intercepts.begin(), intercepts.end());
    decoder.fit.alphas = readNpy(folder / "alphas.npy").toDouble();
    const NpyArray columns = readNpy(folder / "columns.npy");
    if (columns.dtype != NpyArray::DType::Int32) return std::nullopt;
    decoder.columns = columns.toInt32();
    if (decoder.columns.size() != decoder.fit.weights.rows || intercepts.size() != decoder.fit.weights.cols)
      return std::nullopt;
    decoder.testImages = summary.at("test_images").get<std::size_t>();
    decoder.topOne = summary.at("top1").get<double>();
    decoder.topOneChance = summary.at("top1_chance").get<double>();
    decoder.twoWay = summary.at("two_way").get<double>();
    decoder.meanRank = summary.at("mean_rank").get<double>();
    decoder.seconds = summary.at("seconds").get<double>();
    decoder.selection = summary.value("selection", std::string());
    return decoder;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged cache is refitted, not trusted
  }
}

}  // namespace vl::core
