#include "core/fitting/StudyModelFits.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace vl::core {
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

ResponseRows rowsOf(const ResponseSet& set) { return {set.betas.data(), set.rows, set.columns}; }

// The encoder's ridge settings; the decoder adds standardised features (fitStudyDecoder).
RidgeOptions studyEncoderOptions(const ResponseSet& train) {
  RidgeOptions options;
  chooseStudyCv(options, train);
  return options;
}

}  // namespace

std::vector<std::int32_t> distinctStimuli(const ResponseSet& responses) {
  std::vector<std::int32_t> distinct = responses.stimulus;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

void chooseStudyCv(RidgeOptions& options, const ResponseSet& train) {
  options.groups.clear();
  const std::vector<std::int32_t> distinct = distinctStimuli(train);
  const bool imagesRepeat = distinct.size() < train.stimulus.size();
  if (!imagesRepeat || distinct.size() < 2) {
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
  DecoderInput input;
  input.columns = bestColumns(encoderCvR2, maxColumns);
  input.trainResponses = rowsOf(*experiment.train);
  input.trainTargets = rowsForTrials(stimulusEmbedding, *experiment.train);
  input.testResponses = rowsOf(*experiment.test);
  input.testTargets = rowsForTrials(stimulusEmbedding, *experiment.test);
  chooseStudyCv(input.ridge, *experiment.train);
  return fitDecoder(input, context);
}

}  // namespace vl::core
