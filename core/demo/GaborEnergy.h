#pragma once
// Local contrast energy of an image, by orientation and spatial frequency: what the simulated early visual cortex
// (V1-V3) responds to. A Gaussian pyramid of the luminance (Burt & Adelson 1983) is filtered at each level by
// quadrature Gabor pairs at 8 orientations with a wavelength of 4 pixels of that level, so the levels are one
// octave apart in spatial frequency; energy = squared amplitude of the complex response, sampled every 2 pixels.
// The 8 orientation energies at a position are summarised by their mean and their second circular harmonic
// (E(theta) ~ mean + a cos 2theta + b sin 2theta), which is all a broadly tuned voxel with a preferred orientation
// can read from them (SimulatedSubject.h).
//
// Conventions: the image covers fieldDeg x fieldDeg of visual angle centred on fixation; orientation theta is the
// orientation of the bars, 0 = vertical bars, counted counter-clockwise with y up (theta = direction of the
// luminance modulation's wave vector); cells are stored row-major with row 0 at the top of the image.
#include <vector>

#include "core/model/Stimulus.h"

namespace vl::core {

inline constexpr int kGaborOrientations = 8;
inline constexpr double kGaborWavelengthPixels = 4.0;  // at every pyramid level
inline constexpr double kGaborSigmaPixels = 2.0;       // envelope: ~1.2 octave bandwidth
inline constexpr int kGaborLevels = 4;

struct EnergyLevel {
  int cells = 0;               // cells per side (the level's width / 2)
  double cellDeg = 0;          // width of a cell in degrees
  double frequencyCpd = 0;     // the Gabors' spatial frequency in cycles per degree
  std::vector<float> mean, cos2, sin2;  // cells * cells each: mean energy and its 2nd-harmonic components
};

struct GaborEnergy {
  double fieldDeg = 0;
  std::vector<EnergyLevel> levels;  // level 0 = finest (highest frequency)
};

// Throws std::invalid_argument unless the image is square, its side divisible by 2^(levels+1) and its pixel count
// matches its size.
GaborEnergy computeGaborEnergy(const StimulusImage& image, double fieldDeg, int levels = kGaborLevels);

// Luminance in [0, 1] (Rec. 601 weights), row-major, row 0 at the top.
std::vector<float> imageLuminance(const StimulusImage& image);

}  // namespace vl::core
