#pragma once
// The simulated subject's responses: the planted signal of each response column to each image (SubjectTuning.h
// says what drives it), and NSD-like single trials = signal + Gaussian noise of the column's known SD. Because the
// noise SD is planted, the noise ceiling is known exactly: ncsnr = SD of the signal over the presented images / noise
// SD, NC = 100 ncsnr^2 / (ncsnr^2 + 1/n) (Allen et al. 2022; core/analysis/NoiseCeiling.h estimates the same
// quantities from repeats).
//
// signal(image, column) = baseline + prfGain * drive^exponent + categoryResponse(image) + generalGain * z(image)
//   drive   = sum over pyramid levels of  w_sf(level) * sum over cells of  pRF(cell) * (m + s (a cos 2o + b sin 2o))
//             with pRF(cell) the mass of the pRF's 2D Gaussian inside the cell (the part outside the image sees the
//             grey background: no contrast), w_sf a log-Gaussian of the level's frequency around the preferred one
//             (weights summing to 1), m, a, b the Gabor energy and its orientation harmonics (GaborEnergy.h),
//             s the orientation selectivity and o the preferred orientation;
//   z       = the image's total contrast energy, z-scored over the presented images.
// Noise is drawn per (seed, trial, column) from counter-based normals (CounterRandom.h): the same seed gives the
// same study on any machine and thread count.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/base/Matrix.h"
#include "core/demo/NsdLikeDesign.h"
#include "core/model/Stimulus.h"
#include "core/demo/SubjectTuning.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

// Scales fixed from the presented images: each early area's prfGain is multiplied by prfScale so that its 90th-
// percentile column has signal SD prfGain; the general drive is z-scored with generalMean and generalSd.
struct SignalCalibration {
  std::array<float, 3> prfScale{1.0f, 1.0f, 1.0f};  // V1, V2, V3
  float generalMean = 0.0f, generalSd = 1.0f;
};

// The image-computable drives before gains: early(image, column) = drive^exponent (0 for columns without a pRF),
// general(image) = total contrast energy. Rows follow `rows` (indices into images).
struct ImageDrives {
  Matrix early;
  std::vector<float> general;
};

ImageDrives computeImageDrives(std::span<const VertexTuning> columns, std::span<const StimulusImage> images,
                               std::span<const std::int32_t> rows, double fieldDeg, const JobContext& context = {});
SignalCalibration calibrateSignal(std::span<const VertexTuning> columns, const ImageDrives& drives);
// Multiplies each V1-V3 vertex's prfGain by its area's scale (do this once, to every vertex's tuning).
void applyCalibration(std::span<VertexTuning> tuning, const SignalCalibration& calibration);
// Turns drives.early into the signal in place (rows x columns), for tuning that is already calibrated.
void composeSignal(ImageDrives& drives, std::span<const VertexTuning> columns, std::span<const Stimulus> stimuli,
                   std::span<const std::int32_t> rows, const SignalCalibration& calibration);
// computeImageDrives + composeSignal: the signal of already calibrated columns to the images `rows`.
Matrix simulateSignal(std::span<const VertexTuning> columns, std::span<const Stimulus> stimuli,
                      std::span<const StimulusImage> images, std::span<const std::int32_t> rows,
                      const SignalCalibration& calibration, double fieldDeg, const JobContext& context = {});

struct SimulatedResponses {
  Matrix trainBetas;   // design.trainStimulus.size() x columns: single trials
  Matrix testBetas;    // design.testStimulus.size() x columns: the mean of the repeats
  Matrix testTrials;   // (test images * repeats) x columns: row i * repeats + r is repeat r of test image i
  Matrix testSignal;   // test images x columns: the noiseless signal
  SignalCalibration calibration;
  std::vector<float> signalSd;      // per column, over every presented image (train and test)
  std::vector<float> noiseSd;       // per column (from the tuning)
  std::vector<float> ncsnr;         // signalSd / noiseSd
  std::vector<float> noiseCeiling;  // percent, for test betas averaged over design.repeats trials
};

struct SimulationOptions {
  std::uint64_t seed = 1;
  double fieldDeg = 8.0;
};

// Calibrates `columns` in place (applyCalibration) and simulates every trial of the design. Memory: one float
// matrix of (train + test) x columns, reused for the training betas. Throws std::invalid_argument when stimuli and
// images differ in count or the design names a stimulus outside them.
SimulatedResponses simulateResponses(std::span<VertexTuning> columns, std::span<const Stimulus> stimuli,
                                     std::span<const StimulusImage> images, const NsdLikeDesign& design,
                                     const SimulationOptions& options, const JobContext& context = {});

// NC in percent from ncsnr for responses averaged over `trials` trials (NSD's formula).
float noiseCeilingPercent(float ncsnr, int trials);

}  // namespace vl::core
