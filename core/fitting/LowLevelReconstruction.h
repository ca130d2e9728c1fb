#pragma once
// The low-level stage of Brain-Diffuser (Ozcelik & VanRullen 2023): a ridge from the responses to a small blurry
// image (side x side RGB, block means of the seen image), which recovers layout, brightness and colour where a
// decoder into a semantic embedding does not. The reconstruction is scaled back up bilinearly for display and
// scoring.
#include <cstdint>
#include <vector>

#include "core/analysis/RidgeTypes.h"
#include "core/base/Matrix.h"
#include "core/fitting/Decoder.h"
#include "core/jobs/JobContext.h"
#include "core/model/Stimulus.h"

namespace vl::core {

inline constexpr int kLowLevelSide = 16;

// side * side * 3 values in [0, 1] (row-major RGB): the means of equal blocks of the image. Throws
// std::invalid_argument unless the image is square with a side divisible by `side`.
std::vector<float> blockMeanRgb(const StimulusImage& image, int side = kLowLevelSide);

struct LowLevelDecoder {
  RidgeFit<float> fit;                 // columns (standardised) -> side * side * 3 pixel values
  std::vector<std::int32_t> columns;
  int side = kLowLevelSide;
};

// targets: one row per training response row, blockMeanRgb of the image it shows. Throws std::invalid_argument for
// inconsistent shapes or a column out of range.
LowLevelDecoder fitLowLevelDecoder(const ResponseRows& train, const Matrix& targets,
                                   const std::vector<std::int32_t>& columns, RidgeOptions options,
                                   const JobContext& context = {});

// One image of outputSide x outputSide pixels per response row, pixel values clamped to [0, 1].
std::vector<StimulusImage> reconstructLowLevel(const LowLevelDecoder& decoder, const ResponseRows& responses,
                                               int outputSide);

}  // namespace vl::core
