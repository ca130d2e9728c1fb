#pragma once
// A generic low-level feature space for encoding models of early visual cortex, in the spirit of the Gabor wavelet
// pyramid of Kay et al. (2008): the grey image is filtered by complex Gabor wavelets at octave-spaced spatial
// frequencies and several orientations, the energy (squared modulus: a complex cell) is sampled every half
// wavelength, averaged over the cells of a coarse grid, and compressed by a square root. The parameters are the
// ones usually chosen for natural images, fixed before looking at any study; nothing here knows how a study's
// responses were made.
//
// The wavelets have an isotropic Gaussian envelope, so each one is separable: exp(i k.d) g(|d|) =
// [exp(i kx dx) g(dx)] [exp(i ky dy) g(dy)], and filtering is a horizontal then a vertical pass of one-dimensional
// complex kernels truncated at 3 sigma, evaluated only at the sampled positions. Outside the image is the display's
// grey (luminance 0.5), which carries no contrast.
//
// Feature order: frequency (ascending), orientation (0 = the luminance varies along x, i.e. vertical bars; then
// counter-clockwise in steps of 180 / orientations degrees), grid row (top first), grid column; then, in the same
// frequency and orientation, the cells of each coarser pyramid grid in the order of pyramidCells.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/model/Stimulus.h"
#include "core/model/StimulusSource.h"

namespace vl::core {

struct GaborEnergyOptions {
  std::vector<double> cyclesPerImage{2, 4, 8, 16};  // octave spacing up to a 4-pixel wavelength on 64-pixel images
  int orientations = 4;                             // every 45 degrees: mean energy and its 2nd orientation harmonic
  double sigmaWavelengths = 0.5;                    // envelope SD in wavelengths: about one octave of bandwidth
  int gridCells = 8;                                // cells per side; coarser where a frequency has fewer samples
  // Coarser pooling regions besides the grid (a spatial pyramid): for each entry g that divides a frequency's
  // grid and is smaller than it, the energy of g x g blocks of cells, compressed after the pooling. A response
  // that pools energy over a region larger than a cell and compresses the sum is not a sum of compressed cells;
  // these features let a linear model express it. Empty: the grid alone.
  std::vector<int> pyramidCells{};
  // Weights of R, G and B in the luminance the wavelets filter: BT.709 (sRGB primaries) by default; BT.601's
  // (0.299, 0.587, 0.114) suit a display with the older primaries. The display's own luminance is the right one.
  std::array<double, 3> lumaWeights{0.2126, 0.7152, 0.0722};
};

// One set of wavelets for images of one side length, made once and used for many images.
class GaborEnergyBank {
public:
  // Throws std::invalid_argument for a side below 8, no frequencies, a frequency outside (0, side / 4] (a wavelength
  // under 4 pixels aliases), fewer than 1 orientation, a non-positive envelope or grid.
  GaborEnergyBank(int imageSide, const GaborEnergyOptions& options = {});

  int imageSide() const { return side_; }
  std::size_t featureCount() const { return featureCount_; }
  // Throws std::invalid_argument when the image is not imageSide() x imageSide() RGB.
  void compute(const StimulusImage& image, std::span<float> features) const;
  std::vector<float> compute(const StimulusImage& image) const;

  struct Kernel1D {                  // one pass: output sample o reads inputs [first[o], first[o] + taps[o])
    std::vector<int> first, taps;
    std::vector<double> re, im;      // samples x side, zero outside the taps
  };
  struct Wavelet {
    Kernel1D x, y;
  };
  struct Scale {
    int samples = 0, cells = 0;      // per side
    std::vector<int> coarser;        // pyramid grids (cells per side) that divide `cells` and are smaller
    std::vector<Wavelet> orientations;
  };

private:
  int side_ = 0;
  std::array<double, 3> luma_{};
  std::size_t featureCount_ = 0;
  std::vector<Scale> scales_;
};

// Rows of features for source images `indices` (all of them when empty), in parallel. Throws
// std::invalid_argument when the images are not square or differ in size, std::out_of_range for a bad index.
Matrix gaborEnergyFeatures(const StimulusSource& source, std::span<const std::int32_t> indices,
                           const GaborEnergyOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
