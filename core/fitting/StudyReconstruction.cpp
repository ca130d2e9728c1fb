#include "core/fitting/StudyReconstruction.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>

#include "core/analysis/ImageResize.h"
#include "core/fitting/BundleDecoding.h"
#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/Decoder.h"
#include "core/fitting/ForwardIdentification.h"
#include "core/fitting/HighLevelReconstruction.h"
#include "core/fitting/LowLevelReconstruction.h"
#include "core/fitting/RidgeCv.h"
#include "core/fitting/StudyModelFits.h"
#include "core/study/FitFolder.h"

namespace vl::core {
namespace {

constexpr std::size_t kMinimumColumns = 10;
constexpr std::size_t kIdentified = 5;

std::size_t lowLevelValues() { return std::size_t(kLowLevelSide) * std::size_t(kLowLevelSide) * 3; }

Matrix selectRows(const Matrix& m, const std::vector<std::size_t>& rows) {
  Matrix out(rows.size(), m.cols);
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::copy_n(m.data.begin() + std::ptrdiff_t(rows[i] * m.cols), m.cols,
                out.data.begin() + std::ptrdiff_t(i * m.cols));
  return out;
}

Matrix columnsRange(const Matrix& m, std::size_t first, std::size_t count) {
  Matrix out(m.rows, count);
  for (std::size_t r = 0; r < m.rows; ++r)
    std::copy_n(m.data.begin() + std::ptrdiff_t(r * m.cols + first), count,
                out.data.begin() + std::ptrdiff_t(r * count));
  return out;
}

// Low-level values (side x side x 3) -> an outputSide image, bilinear as LowLevelReconstruction does.
StimulusImage lowLevelImage(const Matrix& values, std::size_t row, int outputSide) {
  FloatImage small;
  small.width = small.height = std::size_t(kLowLevelSide);
  small.channels = 3;
  small.pixels.assign(values.data.begin() + std::ptrdiff_t(row * values.cols),
                      values.data.begin() + std::ptrdiff_t((row + 1) * values.cols));
  const FloatImage large = resizedBilinear(small, std::size_t(outputSide), std::size_t(outputSide));
  StimulusImage image{outputSide, outputSide, std::vector<std::uint8_t>(large.pixels.size())};
  for (std::size_t i = 0; i < large.pixels.size(); ++i)
    image.rgb[i] = static_cast<std::uint8_t>(std::lround(255.0f * std::clamp(large.pixels[i], 0.0f, 1.0f)));
  return image;
}

// Validation: every k-th distinct training image, so the set spreads over the bank.
std::set<std::int32_t> validationStimuli(const ResponseSet& train, std::size_t count) {
  const std::vector<std::int32_t> distinct = distinctStimuli(train);
  std::set<std::int32_t> chosen;
  count = std::min(count, distinct.size() / 2);
  for (std::size_t k = 0; k < count; ++k) chosen.insert(distinct[k * distinct.size() / count]);
  return chosen;
}

MatrixD cosineScores(const Matrix& decoded, const Matrix& truth) {
  MatrixD out(decoded.rows, truth.rows);
  auto norm = [](const Matrix& m, std::size_t r) {
    double s = 0;
    for (std::size_t c = 0; c < m.cols; ++c) s += double(m(r, c)) * m(r, c);
    return std::sqrt(std::max(s, 1e-30));
  };
  for (std::size_t i = 0; i < decoded.rows; ++i)
    for (std::size_t j = 0; j < truth.rows; ++j) {
      double dot = 0;
      for (std::size_t c = 0; c < decoded.cols; ++c) dot += double(decoded(i, c)) * truth(j, c);
      out(i, j) = dot / (norm(decoded, i) * norm(truth, j));
    }
  return out;
}

// The posterior-weighted embedding of the 5 most likely candidates of each validation image (`images`, ascending)
// from a forward model fitted on the training rows `fitRows` only; the validation rows are averaged per image and
// identified among the validation images.
Matrix validationCandidates(const Experiment& experiment, const std::vector<std::size_t>& fitRows,
                            const std::vector<std::int32_t>& images, const Matrix& stimulusEmbedding,
                            const StudyReconstructionOptions& options, const JobContext& context) {
  const ResponseSet& train = *experiment.train;
  Experiment held;
  held.manifest = experiment.manifest;
  held.manifest.truth.clear();  // the truth belongs to the study's test rows
  held.columns = experiment.columns;
  held.stimuli = experiment.stimuli;
  ResponseSet fit, validation;
  fit.columns = validation.columns = train.columns;
  fit.repeats = train.repeats;
  fit.rows = fitRows.size();
  fit.betas.reserve(fitRows.size() * train.columns);
  for (auto r : fitRows) {
    const auto row = train.row(r);
    fit.betas.insert(fit.betas.end(), row.begin(), row.end());
    fit.stimulus.push_back(train.stimulus[r]);
  }
  validation.rows = images.size();
  validation.stimulus = images;
  validation.betas.assign(images.size() * train.columns, 0.0f);
  std::vector<int> counts(images.size(), 0);
  for (std::size_t r = 0; r < train.rows; ++r) {
    const auto at = std::lower_bound(images.begin(), images.end(), train.stimulus[r]);
    if (at == images.end() || *at != train.stimulus[r]) continue;
    const auto k = std::size_t(at - images.begin());
    ++counts[k];
    const auto row = train.row(r);
    for (std::size_t c = 0; c < train.columns; ++c) validation.betas[k * train.columns + c] += row[c];
  }
  for (std::size_t k = 0; k < images.size(); ++k)
    for (std::size_t c = 0; c < train.columns; ++c) validation.betas[k * train.columns + c] /= float(std::max(1, counts[k]));
  validation.repeats = counts.empty() ? 1 : std::size_t(std::max(1, counts.front()));
  held.train = std::move(fit);
  held.test = std::move(validation);
  StudyIdentificationOptions forward;
  forward.columns = options.columns;
  forward.maxColumns = options.forwardColumns;
  forward.ways = options.ways;
  const auto identified = identifyStudy(held, stimulusEmbedding, forward, context);
  return posteriorWeightedEmbedding(identified.logPosterior, rowsForTrials(stimulusEmbedding, *held.test), kIdentified);
}

}  // namespace

std::string toString(IdentificationMethod method) {
  switch (method) {
    case IdentificationMethod::Forward: return "forward";
    case IdentificationMethod::Ridge: return "ridge";
    case IdentificationMethod::Contrastive: return "contrastive";
    case IdentificationMethod::DecoderBundle: return "decoder bundle";
  }
  return "unknown";
}

StudyReconstruction reconstructStudy(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                     const std::vector<double>& encoderCvR2, const ImageEmbedder& embedder,
                                     std::shared_ptr<const ModelBundle> generatorBundle,
                                     const StudyReconstructionOptions& options, const JobContext& context) {
  if (!experiment.stimuli || !experiment.train || !experiment.test)
    throw std::invalid_argument("reconstruction: the study has no stimuli, training and test responses");
  const ResponseSet& train = *experiment.train;
  const ResponseSet& test = *experiment.test;
  const StimulusSource& stimuli = *experiment.stimuli;
  if (test.rows < 2) throw std::invalid_argument("reconstruction: the study has fewer than 2 test rows");
  if (!generatorBundle) throw std::invalid_argument("reconstruction: no generator");
  const Generator generator(generatorBundle);
  if (generator.inputDimension() != stimulusEmbedding.cols)
    throw std::invalid_argument("the generator " + generatorBundle->name() + " takes " +
                                std::to_string(generator.inputDimension()) + " values; the embedding has " +
                                std::to_string(stimulusEmbedding.cols));
  std::vector<std::size_t> rows = options.trials;
  if (rows.empty()) {
    rows.resize(test.rows);
    std::iota(rows.begin(), rows.end(), std::size_t(0));
  }
  for (auto r : rows)
    if (r >= test.rows)
      throw std::invalid_argument("reconstruction: test trial " + std::to_string(r) + " does not exist (the study has " +
                                  std::to_string(test.rows) + " test rows)");
  if (rows.size() < 2) throw std::invalid_argument("reconstruction: choose at least 2 test trials to score them");
  if (options.method == IdentificationMethod::DecoderBundle && !options.columns.empty())
    throw std::invalid_argument("reconstruction: a brain_decoder bundle reads every response column; it cannot be "
                                "restricted to a target's " + std::to_string(options.columns.size()) + " columns");
  const std::size_t available = options.columns.empty() ? test.columns : options.columns.size();
  if (available < kMinimumColumns)
    throw std::invalid_argument("reconstruction: the target has " + std::to_string(available) +
                                " response columns; at least " + std::to_string(kMinimumColumns) + " are needed");

  StudyReconstruction result;
  result.data = responseRowsDescription(test.repeats);
  const Matrix testTargets = rowsForTrials(stimulusEmbedding, test);
  const ResponseRows testRows{test.betas.data(), test.rows, test.columns};

  // Identification of every test row among the test images.
  MatrixD identification;  // test rows x test images, higher is more likely
  std::optional<Matrix> candidateStart;
  const auto decoderColumns = bestColumns(encoderCvR2, options.decoderColumns, options.columns);
  result.decoderColumns = decoderColumns.size();
  if (options.method == IdentificationMethod::Forward && options.identified) {
    result.identification = options.identified->scores;
    identification = options.identified->logPosterior;
  } else if (options.method == IdentificationMethod::Forward) {
    StudyIdentificationOptions forward;
    forward.columns = options.columns;
    forward.maxColumns = options.forwardColumns;
    forward.ways = options.ways;
    auto identified = identifyStudy(experiment, stimulusEmbedding, forward, context.slice(0, 0.45));
    result.identification = identified.scores;
    identification = std::move(identified.logPosterior);
  }
  if (options.method == IdentificationMethod::Forward && options.startFromCandidates)
    candidateStart = posteriorWeightedEmbedding(identification, testTargets, kIdentified);
  context.throwIfStopped();

  // One ridge to the embedding and the low-level image, on the training rows less the validation images.
  const auto validation = validationStimuli(train, options.validationImages);
  std::vector<std::size_t> fitRows;
  for (std::size_t r = 0; r < train.rows; ++r)
    if (!validation.count(train.stimulus[r])) fitRows.push_back(r);
  const ResponseRows trainRows{train.betas.data(), train.rows, train.columns};
  const Matrix trainColumns = gatherColumns(trainRows, decoderColumns);
  ResponseSet fitSet;
  fitSet.rows = fitRows.size();
  fitSet.columns = decoderColumns.size();
  for (auto r : fitRows) fitSet.stimulus.push_back(train.stimulus[r]);
  const Matrix fitX = selectRows(trainColumns, fitRows);
  const std::size_t d = stimulusEmbedding.cols, lowCount = lowLevelValues();
  Matrix fitY(fitRows.size(), d + lowCount);
  for (std::size_t i = 0; i < fitRows.size(); ++i) {
    const auto s = std::size_t(train.stimulus[fitRows[i]]);
    std::copy_n(stimulusEmbedding.data.begin() + std::ptrdiff_t(s * d), d, fitY.data.begin() + std::ptrdiff_t(i * fitY.cols));
    const auto pixels = blockMeanRgb(stimuli.image(s));
    std::copy(pixels.begin(), pixels.end(), fitY.data.begin() + std::ptrdiff_t(i * fitY.cols + d));
  }
  RidgeOptions ridge;
  ridge.standardizeFeatures = true;
  ridge.alphas = halfDecadeAlphas(0, 7);
  chooseStudyCv(ridge, fitSet);
  const auto fit = fitRidgeCv(fitX, fitY, ridge, context.slice(0.45, 0.7));
  const Matrix trainEmbedding = columnsRange(fitY, 0, d);
  const Matrix trainLow = columnsRange(fitY, d, lowCount);

  const Matrix testPredicted = predictRidge(fit, gatherColumns(testRows, decoderColumns));
  const Matrix testDecoded = matchTrainingDistribution(columnsRange(testPredicted, 0, d), trainEmbedding);
  const Matrix testLow = columnsRange(testPredicted, d, lowCount);
  if (options.method == IdentificationMethod::Ridge) {
    identification = cosineScores(testDecoded, testTargets);
    result.identification = identificationScores(identification, options.ways, 30, 0);
    result.identification.columns = decoderColumns.size();
  }
  // The contrastive decoder's or the bundle's embedding, rescaled like ridge's for the generator (the contrastive
  // rows are unit vectors; a bundle's scale is its own).
  std::optional<Matrix> contrastiveDecoded;
  if (options.method == IdentificationMethod::DecoderBundle) {
    auto decoded = decodeStudyWithBundle(experiment, stimulusEmbedding, options.decoderBundle, options.ways,
                                         context.slice(0.0, 0.45));
    identification = std::move(decoded.similarity);
    result.identification = decoded.scores;
    contrastiveDecoded = matchTrainingDistribution(decoded.decoded, trainEmbedding);
  }
  if (options.method == IdentificationMethod::Contrastive) {
    ContrastiveFit fitted;
    const ContrastiveFit* contrastive = options.contrastive;
    if (!contrastive) {
      ContrastiveInput input;
      input.trainResponses = trainRows;
      input.testResponses = testRows;
      input.trainTargets = rowsForTrials(stimulusEmbedding, train);
      input.testTargets = testTargets;
      input.trainImages = train.stimulus;
      input.columns = decoderColumns;
      input.options = options.contrastiveNetwork;
      input.ways = options.ways;
      fitted = fitContrastiveDecoder(input, context.slice(0.0, 0.45));
      contrastive = &fitted;
    }
    const Matrix decoded = predictContrastive(*contrastive, testRows);
    identification = cosineScores(decoded, testTargets);
    result.identification = identificationScores(identification, options.ways, 30, 0);
    result.identification.columns = contrastive->columns.size();
    contrastiveDecoded = matchTrainingDistribution(decoded, trainEmbedding);
  }
  result.ceiling = plantedIdentificationCeiling(experiment, options.columns, options.ways, 30, 0);

  // The combined weights on the validation images: their rows averaged per image, as the test rows are.
  std::vector<std::int32_t> validationImages(validation.begin(), validation.end());
  result.validationImages = validationImages.size();
  CombinedReconstructionProblem problem;
  problem.embeddingSd = columnSd(trainEmbedding);
  problem.lowLevelVariance = valueVariance(trainLow);
  {
    Matrix means(validationImages.size(), decoderColumns.size());
    std::vector<int> counts(validationImages.size(), 0);
    for (std::size_t r = 0; r < train.rows; ++r) {
      const auto at = std::lower_bound(validationImages.begin(), validationImages.end(), train.stimulus[r]);
      if (at == validationImages.end() || *at != train.stimulus[r]) continue;
      const auto k = std::size_t(at - validationImages.begin());
      ++counts[k];
      for (std::size_t c = 0; c < decoderColumns.size(); ++c) means(k, c) += trainColumns(r, c);
    }
    for (std::size_t k = 0; k < means.rows; ++k)
      for (std::size_t c = 0; c < means.cols; ++c) means(k, c) /= float(std::max(1, counts[k]));
    const Matrix predicted = predictRidge(fit, means);
    CombinedReconstructionProblem held = problem;
    held.decoded = matchTrainingDistribution(columnsRange(predicted, 0, d), trainEmbedding);
    held.start = held.decoded;
    if (candidateStart) {
      // The forward model's candidates for the validation images, from a forward model fitted without them (the
      // study's own was fitted on them): their averaged rows identified among themselves.
      held.start = held.decoded =
          validationCandidates(experiment, fitRows, validationImages, stimulusEmbedding, options,
                               context.slice(0.7, 0.78));
    }
    held.lowLevel = columnsRange(predicted, d, lowCount);
    std::vector<StimulusImage> seen;
    for (auto s : validationImages) seen.push_back(stimuli.image(std::size_t(s)));
    if (seen.size() >= 2)
      result.weights = chooseCombinedWeights(*generatorBundle, held, seen, options.embeddingWeights, options.combined,
                                             context.slice(0.78, 0.85));
  }

  // The chosen trials.
  // With the forward model, its candidates are the decoded embedding: the posterior-weighted embedding of the 5 most
  // likely test images carries what identification knows, which the ridge's embedding does not (0.32 against 0.12
  // PixCorr through the generator on the demo study).
  const Matrix highLevelEmbedding = selectRows(contrastiveDecoded ? *contrastiveDecoded : testDecoded, rows);
  problem.decoded = candidateStart ? selectRows(*candidateStart, rows) : highLevelEmbedding;
  problem.lowLevel = selectRows(testLow, rows);
  problem.start = problem.decoded;
  if (candidateStart)
    result.start = "the posterior-weighted embedding of the forward model's 5 most likely test images";
  else if (options.method == IdentificationMethod::DecoderBundle)
    result.start = "the embedding of the decoder bundle " + options.decoderBundle->name();
  else
    result.start = contrastiveDecoded ? "the contrastive decoder's embedding" : "the ridge-decoded embedding";
  CombinedReconstructionOptions combinedOptions = options.combined;
  combinedOptions.weights = result.weights.best;
  const Matrix latents = optimiseCombinedLatents(*generatorBundle, problem, combinedOptions, context.slice(0.85, 0.93));
  const auto combined = generator.generate(latents);
  const auto highLevel = generator.generate(highLevelEmbedding);
  const auto fromTruth = generator.generate(selectRows(testTargets, rows));
  const int side = stimuli.image(std::size_t(test.stimulus[rows.front()])).width;  // as the seen images
  std::vector<StimulusImage> seen, lowLevel;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ReconstructedTrial trial;
    trial.testRow = rows[i];
    trial.stimulus = test.stimulus[rows[i]];
    trial.seen = stimuli.image(std::size_t(trial.stimulus));
    std::vector<std::size_t> order(identification.cols);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return identification(rows[i], a) > identification(rows[i], b);
    });
    for (std::size_t k = 0; k < std::min(kIdentified, order.size()); ++k)
      trial.identified.push_back(test.stimulus[order[k]]);
    trial.trueRank = std::size_t(std::find(order.begin(), order.end(), rows[i]) - order.begin()) + 1;
    trial.lowLevel = lowLevelImage(problem.lowLevel, i, side);
    trial.highLevel = highLevel[i];
    trial.combined = combined[i];
    trial.fromTruth = fromTruth[i];
    seen.push_back(trial.seen);
    lowLevel.push_back(trial.lowLevel);
    result.trials.push_back(std::move(trial));
  }
  result.lowLevel = scoreReconstructions(seen, lowLevel, embedder, context.slice(0.93, 0.95));
  result.highLevel = scoreReconstructions(seen, highLevel, embedder, context.slice(0.95, 0.97));
  result.combined = scoreReconstructions(seen, combined, embedder, context.slice(0.97, 0.99));
  result.fromTruth = scoreReconstructions(seen, fromTruth, embedder, context.slice(0.99, 1.0));
  context.report(1.0, "Reconstruction done");
  return result;
}

}  // namespace vl::core
