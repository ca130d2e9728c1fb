#pragma once
// Forward-model identification on a study (ForwardIdentification.h): features of every presented stimulus (Gabor
// energy, GaborEnergyFeatures.h, beside the study's image embedding), encoders fitted on the training rows, and the
// test rows identified among the test images in both directions with MindEye's N-way top-1 (Retrieval.h). When
// the study holds its planted truth (the demo subject's truth/ folder: noiseless test responses and the noise SD of
// each column), the same identification with the true predictions and the true noise variance gives the ceiling
// that any model of these responses can reach, reported beside the score.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/GaborEnergyFeatures.h"
#include "core/fitting/ForwardIdentification.h"
#include "core/jobs/JobContext.h"
#include "core/study/Experiment.h"

namespace vl::core {

// 10^first, 10^(first + 0.5), ..., 10^last.
std::vector<double> halfDecadeAlphas(int first, int last);

struct StudyIdentificationOptions {
  GaborEnergyOptions gabor;
  bool withEmbedding = true;             // the embedding's columns beside the Gabor energies
  // With the embedding: the pairwise products of its leading principal components (QuadraticExpansion.h), so
  // that a column may prefer a combination of what an image shows. 0 (none) by default: 16 components (136
  // products) did not identify better on two demo subjects (docs/decoding.md).
  std::size_t embeddingProductComponents = 0;
  std::vector<std::int32_t> columns;     // the target's response columns (empty: all), ascending
  std::size_t maxColumns = 1000;         // kept by cross-validated R^2 on the training rows
  double covarianceShrinkage = 0.1;      // ForwardModelInput
  // Half-decades from 1 to 10^7: on standardised features and thousands of training rows the best penalty of a
  // weakly predictable column lies above the engine's default grid (which ends at 10^5).
  std::vector<double> alphas = halfDecadeAlphas(0, 7);
  std::size_t ways = 300;
  int draws = 30;
  std::uint32_t seed = 0;
};

struct IdentificationScores {
  double brainToImage = 0, imageToBrain = 0;  // N-way top-1
  double chance = 0;                          // 1 / ways
  std::size_t ways = 0, items = 0;
  std::size_t columns = 0;                    // response columns the scores read
};

struct StudyIdentification {
  ForwardModel model;
  IdentificationScores scores;
  std::optional<IdentificationScores> ceiling;  // the planted ceiling, when the study has its truth
  // The fitted model identifying the truth's noiseless test signal instead of the measured test rows: what the
  // model would reach without noise. Below the ceiling, it says the model's predictions limit the score; near the
  // score, the noise does.
  std::optional<IdentificationScores> noiseless;
  MatrixD logPosterior;                         // test rows x test images (the images of the test rows, in order)
  std::vector<std::int32_t> testStimuli;        // the stimulus of each test row
  std::string data;                             // what the test rows are (responseRowsDescription)
  std::size_t features = 0;
  Matrix stimulusFeatures;                      // stimuli x features (rows of stimuli never shown stay zero)
  double featureSeconds = 0, fitSeconds = 0;
};

// The N-way top-1 scores of a trials x items score matrix whose row i belongs to item i.
IdentificationScores identificationScores(const MatrixD& score, std::size_t ways, int draws, std::uint32_t seed);

// The planted ceiling from <study>/truth (test_signal.npy, column_noise_sd.npy) on `columns` (empty: all) of the
// test rows; nullopt when the study has no truth folder. Throws FormatError or std::invalid_argument when the truth
// files do not match the responses.
std::optional<IdentificationScores> plantedIdentificationCeiling(const Experiment& experiment,
                                                                 const std::vector<std::int32_t>& columns,
                                                                 std::size_t ways, int draws, std::uint32_t seed);

// The planted truth of the test rows: the noiseless signal (test rows x columns) and each column's single-trial
// noise SD. nullopt when the study has no truth folder; throws FormatError or std::invalid_argument when the truth
// files do not match the responses.
struct PlantedTestTruth {
  Matrix signal;
  std::vector<double> noiseSd;
};
std::optional<PlantedTestTruth> readPlantedTestTruth(const Experiment& experiment);

// Throws std::invalid_argument when the study has no stimuli, no training or test responses, test rows that repeat
// an image (identification needs one row per test image), fewer than 2 test rows, NaN responses, or an embedding
// without one row per stimulus. Progress: features 0-40%, fit 40-95%, identification to 100%.
StudyIdentification identifyStudy(const Experiment& experiment, const Matrix& stimulusEmbedding,
                                  const StudyIdentificationOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
