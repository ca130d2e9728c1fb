#pragma once
// What each vertex of the simulated subject responds to (docs/demo-subject.md has the sources for every number):
//  - V1-V3: a population receptive field (Dumoulin & Wandell 2008) at the planted retinotopic position, its size
//    growing with eccentricity and from V1 to V3, reading Gabor contrast energy (GaborEnergy.h) with a preferred
//    orientation (radial bias plus scatter), a preferred spatial frequency falling with eccentricity (Broderick et
//    al. 2022) and a compressive exponent (Kay et al. 2013);
//  - category ROIs: a gain per stimulus category (the preferred one 1, related ones less), modulated by where the
//    item is (faces and words prefer the centre, places the periphery: Levy et al. 2001) and how large it is;
//    selectivity falls off with geodesic distance from the ROI centre and reaches a little beyond the ROI label;
//  - all posterior cortex (V1-V3 too, where it is what the cortex beyond the image still does): a weak response to
//    the image's overall contrast energy, fading towards y = -20;
//  - everywhere: Gaussian noise with a known, spatially smooth standard deviation.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/demo/PlantedRois.h"
#include "core/model/Stimulus.h"
#include "core/model/Surface.h"

namespace vl::core {

inline constexpr std::size_t kCategoryCount = allStimulusCategories.size();

struct VertexTuning {
  std::int32_t roi = 0;           // PlantedRoiKey at this vertex (0 = none)
  float baseline = 0;             // added to every response (visual cortex responds to any image)
  // Early visual pRF (prfGain = 0 outside V1-V3).
  float prfGain = 0;              // after calibration: signal SD scale of the pRF drive
  float prfX = 0, prfY = 0;       // pRF centre in degrees (x right, y up, fixation at 0)
  float prfSigma = 1;             // degrees
  float orientation = 0;          // preferred bar orientation, degrees [0, 180), 0 = vertical bars
  float orientationSelectivity = 0;  // 0 untuned .. 0.5 (weight of the 2nd orientation harmonic)
  float preferredSf = 1;          // cycles per degree
  float sfBandwidth = 1.2f;       // Gaussian SD of the tuning in octaves
  float exponent = 1;             // compressive exponent on the pooled energy
  // Category selectivity (0 outside the category ROIs' reach).
  std::array<float, kCategoryCount> categoryGain{};  // in category order (Stimulus.h)
  float eccentricityBias = 0;     // > 0 prefers items near fixation, < 0 items in the periphery
  float sizeBias = 0;             // > 0 prefers large items
  // Weak general visual drive: response to the image's total contrast energy (z-scored over the stimuli).
  float generalGain = 0;
  float noiseSd = 1;              // standard deviation of single-trial noise
};

// Selectivity of each category ROI (rows in categoryRoiDefinitions() order, columns in category order), relative
// to its preferred category; and its eccentricity and size biases.
struct CategoryRoiTuning {
  PlantedRoiKey key;
  std::array<float, kCategoryCount> selectivity;
  float eccentricityBias, sizeBias;
};
const std::vector<CategoryRoiTuning>& categoryRoiTunings();

struct SubjectTuningOptions {
  std::uint64_t seed = 1;
  std::array<float, 3> prfGain = {1.6f, 1.4f, 1.2f};  // V1, V2, V3: signal SD of the best-driven columns
  float categoryGain = 1.5f;                     // signal SD at a category ROI centre
  float generalGain = 0.3f;                      // signal SD of the general drive at the occipital pole
  float noiseSd = 2.0f;                          // median single-trial noise SD
  float noiseVariation = 0.35f;                  // SD of log noise SD across the cortex
  int noiseBlobs = 60;                           // the smooth field is a sum of this many random Gaussian blobs
  float noiseBlobMm = 12.0f;                     // of this SD in mm
};

// Receptive-field size (sigma, deg) of an area (1, 2, 3) at an eccentricity, and the preferred spatial frequency.
float prfSigmaAt(int area, float eccentricityDeg);
float preferredSfAt(int area, float eccentricityDeg);
float compressiveExponent(int area);

// Tuning of every vertex of both hemispheres (left, right). Category gains are calibrated so that the response of a
// ROI centre has SD options.categoryGain over `calibrationStimuli` (the stimuli shown); pRF gains are calibrated
// later from the images (SimulatedSubject.h). Deterministic for a seed.
std::array<std::vector<VertexTuning>, 2> plantTuning(const PlantedRois& planted,
                                                     const std::array<const Surface*, 2>& surfaces,
                                                     std::span<const Stimulus> calibrationStimuli,
                                                     const SubjectTuningOptions& options);

// The category part of a vertex's response to a stimulus: its gain for the stimulus' category, times the position
// modulation 1 + eccentricityBias (0.5 - e) (e = item distance from fixation as a fraction of the half field, at
// most 1) and the size modulation 1 + sizeBias (size - 0.5), each at least 0.
float categoryResponse(const VertexTuning& tuning, const Stimulus& stimulus);

}  // namespace vl::core
