#include "core/fitting/StudyIdentification.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/base/FormatError.h"
#include "core/fitting/QuadraticExpansion.h"
#include "core/fitting/Retrieval.h"
#include "core/fitting/StudyModelFits.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/study/FitFolder.h"

namespace vl::core {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void requireFinite(const ResponseSet& set, const char* which) {
  for (std::size_t i = 0; i < set.betas.size(); ++i)
    if (!std::isfinite(set.betas[i]))
      throw std::invalid_argument(std::string("the ") + which + " responses hold NaN or infinite values (row " +
                                  std::to_string(i / std::max<std::size_t>(1, set.columns)) + ", column " +
                                  std::to_string(i % std::max<std::size_t>(1, set.columns)) + ")");
}

void requireDistinctTestImages(const ResponseSet& test) {
  std::vector<std::int32_t> stimuli = test.stimulus;
  std::sort(stimuli.begin(), stimuli.end());
  const auto repeated = std::adjacent_find(stimuli.begin(), stimuli.end());
  if (repeated != stimuli.end())
    throw std::invalid_argument("test image " + std::to_string(*repeated) +
                                " has more than one test row; identification expects one row per test image "
                                "(repeat means)");
}

std::vector<std::int32_t> allColumns(std::size_t count) {
  std::vector<std::int32_t> columns(count);
  std::iota(columns.begin(), columns.end(), 0);
  return columns;
}

}  // namespace

std::vector<double> halfDecadeAlphas(int first, int last) {
  std::vector<double> alphas;
  for (int k = 2 * first; k <= 2 * last; ++k) alphas.push_back(std::pow(10.0, k / 2.0));
  return alphas;
}

IdentificationScores identificationScores(const MatrixD& score, std::size_t ways, int draws, std::uint32_t seed) {
  IdentificationScores s;
  s.items = score.rows;
  s.ways = std::min(ways, score.rows);
  s.chance = s.ways ? 1.0 / double(s.ways) : 0.0;
  s.brainToImage = topOneIdentification(score, s.ways, draws, seed);
  s.imageToBrain = topOneIdentification(transposed(score), s.ways, draws, seed);
  return s;
}

std::optional<PlantedTestTruth> readPlantedTestTruth(const Experiment& experiment) {
  if (experiment.manifest.truth.empty() || !experiment.test) return std::nullopt;
  const std::filesystem::path folder = experiment.manifest.resolve(experiment.manifest.truth);
  const auto signalFile = folder / "test_signal.npy", noiseFile = folder / "column_noise_sd.npy";
  if (!std::filesystem::exists(signalFile) || !std::filesystem::exists(noiseFile)) return std::nullopt;
  const ResponseSet& test = *experiment.test;
  PlantedTestTruth truth{readNpyMatrix(signalFile), readNpy(noiseFile).toDouble()};
  if (truth.signal.rows != test.rows || truth.signal.cols != test.columns || truth.noiseSd.size() != test.columns)
    throw std::invalid_argument(signalFile.string() + " is " + std::to_string(truth.signal.rows) + " x " +
                                std::to_string(truth.signal.cols) + " and " + noiseFile.string() + " has " +
                                std::to_string(truth.noiseSd.size()) + " values; expected " + std::to_string(test.rows) +
                                " x " + std::to_string(test.columns) + " and " + std::to_string(test.columns) +
                                " (one per test row and response column)");
  return truth;
}

std::optional<IdentificationScores> plantedIdentificationCeiling(const Experiment& experiment,
                                                                 const std::vector<std::int32_t>& columns,
                                                                 std::size_t ways, int draws, std::uint32_t seed) {
  const std::optional<PlantedTestTruth> truth = readPlantedTestTruth(experiment);
  if (!truth) return std::nullopt;
  const ResponseSet& test = *experiment.test;
  const Matrix& signal = truth->signal;
  const std::vector<double>& noiseSd = truth->noiseSd;
  const std::vector<std::int32_t> used = columns.empty() ? allColumns(test.columns) : columns;
  std::vector<double> variance;
  for (const auto c : used) {
    const double sd = noiseSd.at(static_cast<std::size_t>(c));
    variance.push_back(sd * sd / double(std::max<std::size_t>(1, test.repeats)));
  }
  const Matrix observed = gatherColumns({test.betas.data(), test.rows, test.columns}, used);
  const Matrix predicted = gatherColumns(ResponseRows::of(signal), used);
  IdentificationScores scores = identificationScores(identificationLogPosterior(observed, predicted, variance), ways,
                                                     draws, seed);
  scores.columns = used.size();
  return scores;
}

StudyIdentification identifyStudy(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                  const StudyIdentificationOptions& options, const JobContext& context) {
  if (!experiment.stimuli) throw std::invalid_argument("the study has no stimulus images to identify");
  if (!experiment.train || !experiment.test)
    throw std::invalid_argument("the study has no training and test responses");
  const ResponseSet& train = *experiment.train;
  const ResponseSet& test = *experiment.test;
  if (test.rows < 2) throw std::invalid_argument("the study has " + std::to_string(test.rows) +
                                                 " test rows; identification needs at least 2");
  requireDistinctTestImages(test);
  requireFinite(train, "training");
  requireFinite(test, "test");
  const std::size_t stimuli = experiment.stimuli->count();
  if (options.withEmbedding && stimulusEmbedding.rows != stimuli)
    throw std::invalid_argument("the stimulus embedding has " + std::to_string(stimulusEmbedding.rows) + " rows for " +
                                std::to_string(stimuli) + " stimuli");

  StudyIdentification result;
  result.testStimuli = test.stimulus;
  result.data = responseRowsDescription(test.repeats);

  // Features of every presented stimulus, one row per stimulus index (rows of unused stimuli stay zero).
  auto started = std::chrono::steady_clock::now();
  std::vector<std::int32_t> used(train.stimulus.begin(), train.stimulus.end());
  used.insert(used.end(), test.stimulus.begin(), test.stimulus.end());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  for (const auto s : used)
    if (s < 0 || static_cast<std::size_t>(s) >= stimuli)
      throw std::invalid_argument("a response row shows stimulus " + std::to_string(s) + " of " +
                                  std::to_string(stimuli));
  const Matrix gabor = gaborEnergyFeatures(*experiment.stimuli, used, options.gabor, context.slice(0.0, 0.4));
  const std::size_t embeddingColumns = options.withEmbedding ? stimulusEmbedding.cols : 0;
  // The embedding's second-order terms, with components fitted on the training images only.
  Matrix products;
  if (embeddingColumns && options.embeddingProductComponents) {
    const std::vector<std::int32_t> trainImages = distinctStimuli(train);
    products = expandQuadratic(
        fitQuadraticExpansion(stimulusEmbedding, trainImages, options.embeddingProductComponents), stimulusEmbedding);
  }
  Matrix perStimulus(stimuli, gabor.cols + embeddingColumns + products.cols);
  for (std::size_t i = 0; i < used.size(); ++i) {
    const auto s = static_cast<std::size_t>(used[i]);
    std::memcpy(&perStimulus(s, 0), &gabor(i, 0), gabor.cols * sizeof(float));
    if (embeddingColumns)
      std::memcpy(&perStimulus(s, gabor.cols), &stimulusEmbedding(s, 0), embeddingColumns * sizeof(float));
    if (products.cols)
      std::memcpy(&perStimulus(s, gabor.cols + embeddingColumns), &products(s, 0), products.cols * sizeof(float));
  }
  result.features = perStimulus.cols;
  result.featureSeconds = secondsSince(started);

  started = std::chrono::steady_clock::now();
  ForwardModelInput input;
  input.trainFeatures = rowsForTrials(perStimulus, train);
  input.trainResponses = {train.betas.data(), train.rows, train.columns};
  input.candidates = options.columns;
  input.maxColumns = options.maxColumns;
  chooseStudyCv(input.ridge, train);
  input.ridge.alphas = options.alphas;
  input.covarianceShrinkage = options.covarianceShrinkage;
  result.model = fitForwardModel(input, context.slice(0.4, 0.95));
  result.fitSeconds = secondsSince(started);

  const Matrix predicted = predictForwardModel(result.model, rowsForTrials(perStimulus, test));
  result.stimulusFeatures = std::move(perStimulus);
  const Matrix observed = gatherColumns({test.betas.data(), test.rows, test.columns}, result.model.columns);

  result.logPosterior = identificationLogPosterior(result.model, observed, predicted);
  result.scores = identificationScores(result.logPosterior, options.ways, options.draws, options.seed);
  result.scores.columns = result.model.columns.size();
  result.ceiling = plantedIdentificationCeiling(experiment, options.columns, options.ways, options.draws, options.seed);
  if (const auto truth = readPlantedTestTruth(experiment)) {
    const Matrix noiselessObserved = gatherColumns(ResponseRows::of(truth->signal), result.model.columns);
    result.noiseless = identificationScores(identificationLogPosterior(result.model, noiselessObserved, predicted),
                                            options.ways, options.draws, options.seed);
    result.noiseless->columns = result.model.columns.size();
  }
  context.report(1.0, "Identification done");
  return result;
}

}  // namespace vl::core
