#include "core/analysis/GaborEnergyFeatures.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "core/base/ParallelFor.h"

namespace vl::core {

namespace {

// Samples o = 0..samples-1 at centres (o + 0.5) side / samples of exp(i k d) g(d), d = x + 0.5 - centre, normalised
// by the envelope's area so that a grating's response does not grow with the wavelength.
GaborEnergyBank::Kernel1D makeKernel(int side, int samples, double k, double sigma) {
  GaborEnergyBank::Kernel1D kernel;
  kernel.first.resize(static_cast<std::size_t>(samples));
  kernel.taps.resize(static_cast<std::size_t>(samples));
  kernel.re.assign(static_cast<std::size_t>(samples) * static_cast<std::size_t>(side), 0.0);
  kernel.im.assign(kernel.re.size(), 0.0);
  const double norm = 1.0 / (std::sqrt(2.0 * std::numbers::pi) * sigma);
  for (int o = 0; o < samples; ++o) {
    const double centre = (o + 0.5) * side / samples;
    const int first = std::max(0, static_cast<int>(std::floor(centre - 3.0 * sigma)));
    const int last = std::min(side, static_cast<int>(std::ceil(centre + 3.0 * sigma)));
    kernel.first[static_cast<std::size_t>(o)] = first;
    kernel.taps[static_cast<std::size_t>(o)] = last - first;
    for (int x = first; x < last; ++x) {
      const double d = x + 0.5 - centre;
      const double g = norm * std::exp(-d * d / (2.0 * sigma * sigma));
      const std::size_t at = static_cast<std::size_t>(o) * static_cast<std::size_t>(side) + static_cast<std::size_t>(x);
      kernel.re[at] = g * std::cos(k * d);
      kernel.im[at] = g * std::sin(k * d);
    }
  }
  return kernel;
}

}  // namespace

GaborEnergyBank::GaborEnergyBank(int imageSide, const GaborEnergyOptions& options)
    : side_(imageSide), luma_(options.lumaWeights) {
  if (imageSide < 8) throw std::invalid_argument("Gabor energy: images of " + std::to_string(imageSide) +
                                                 " pixels per side; expected at least 8");
  if (options.cyclesPerImage.empty()) throw std::invalid_argument("Gabor energy: no spatial frequencies");
  if (options.orientations < 1 || !(options.sigmaWavelengths > 0) || options.gridCells < 1)
    throw std::invalid_argument("Gabor energy: expected at least one orientation, a positive envelope and grid");
  const auto& w = options.lumaWeights;
  if (!(w[0] >= 0 && w[1] >= 0 && w[2] >= 0 && w[0] + w[1] + w[2] > 0) || !std::isfinite(w[0] + w[1] + w[2]))
    throw std::invalid_argument("Gabor energy: luma weights " + std::to_string(w[0]) + ", " + std::to_string(w[1]) +
                                ", " + std::to_string(w[2]) + "; expected finite, non-negative and not all zero");
  for (double f : options.cyclesPerImage) {
    if (!(f > 0) || f > imageSide / 4.0)
      throw std::invalid_argument("Gabor energy: " + std::to_string(f) + " cycles per image on " +
                                  std::to_string(imageSide) + " pixels; expected (0, " +
                                  std::to_string(imageSide / 4) + "] (a wavelength of at least 4 pixels)");
    Scale scale;
    const double wavelength = imageSide / f;
    // Energy varies on the scale of the envelope, so half a wavelength between samples loses nothing.
    scale.samples = std::max(1, static_cast<int>(std::lround(2.0 * f)));
    scale.cells = std::min(options.gridCells, scale.samples);
    const double sigma = options.sigmaWavelengths * wavelength, k = 2.0 * std::numbers::pi / wavelength;
    for (int o = 0; o < options.orientations; ++o) {
      const double theta = std::numbers::pi * o / options.orientations;
      // Rows run downwards, so "counter-clockwise with y up" flips the sign of the vertical wave number.
      scale.orientations.push_back(
          {makeKernel(imageSide, scale.samples, k * std::cos(theta), sigma),
           makeKernel(imageSide, scale.samples, -k * std::sin(theta), sigma)});
    }
    std::size_t perOrientation = static_cast<std::size_t>(scale.cells) * static_cast<std::size_t>(scale.cells);
    for (int g : options.pyramidCells) {
      if (g < 1) throw std::invalid_argument("Gabor energy: a pyramid grid of " + std::to_string(g) +
                                             " cells per side; expected at least 1");
      if (g < scale.cells && scale.cells % g == 0) {
        scale.coarser.push_back(g);
        perOrientation += static_cast<std::size_t>(g) * static_cast<std::size_t>(g);
      }
    }
    featureCount_ += static_cast<std::size_t>(options.orientations) * perOrientation;
    scales_.push_back(std::move(scale));
  }
}

void GaborEnergyBank::compute(const StimulusImage& image, std::span<float> features) const {
  const auto side = static_cast<std::size_t>(side_);
  if (image.width != side_ || image.height != side_ || image.rgb.size() != side * side * 3)
    throw std::invalid_argument("Gabor energy: an image of " + std::to_string(image.width) + " x " +
                                std::to_string(image.height) + " pixels (" + std::to_string(image.rgb.size()) +
                                " values); expected " + std::to_string(side_) + " x " + std::to_string(side_) + " RGB");
  if (features.size() != featureCount_)
    throw std::invalid_argument("Gabor energy: " + std::to_string(features.size()) + " feature slots; expected " +
                                std::to_string(featureCount_));
  // Grey by the luma weights, minus the display's grey so that a uniform background has no energy.
  std::vector<double> grey(side * side);
  for (std::size_t i = 0; i < grey.size(); ++i)
    grey[i] = (luma_[0] * image.rgb[3 * i] + luma_[1] * image.rgb[3 * i + 1] + luma_[2] * image.rgb[3 * i + 2]) / 255.0 -
              0.5;

  std::size_t out = 0;
  std::vector<double> hRe, hIm, pooled;
  for (const Scale& scale : scales_) {
    const auto n = static_cast<std::size_t>(scale.samples), cells = static_cast<std::size_t>(scale.cells);
    hRe.assign(side * n, 0.0);
    hIm.assign(side * n, 0.0);
    for (const Wavelet& wavelet : scale.orientations) {
      // Horizontal pass: every row, at the sampled columns.
      for (std::size_t y = 0; y < side; ++y) {
        const double* row = grey.data() + y * side;
        for (std::size_t o = 0; o < n; ++o) {
          const auto first = static_cast<std::size_t>(wavelet.x.first[o]);
          const auto taps = static_cast<std::size_t>(wavelet.x.taps[o]);
          const double* kr = wavelet.x.re.data() + o * side;
          const double* ki = wavelet.x.im.data() + o * side;
          double re = 0, im = 0;
          for (std::size_t x = first; x < first + taps; ++x) {
            re += kr[x] * row[x];
            im += ki[x] * row[x];
          }
          hRe[y * n + o] = re;
          hIm[y * n + o] = im;
        }
      }
      // Vertical pass at the sampled rows, energy, and the mean over each grid cell.
      pooled.assign(cells * cells, 0.0);
      for (std::size_t r = 0; r < n; ++r) {
        const auto first = static_cast<std::size_t>(wavelet.y.first[r]);
        const auto taps = static_cast<std::size_t>(wavelet.y.taps[r]);
        const double* kr = wavelet.y.re.data() + r * side;
        const double* ki = wavelet.y.im.data() + r * side;
        const std::size_t cellRow = r * cells / n;
        for (std::size_t o = 0; o < n; ++o) {
          double re = 0, im = 0;
          for (std::size_t y = first; y < first + taps; ++y) {
            const double a = hRe[y * n + o], b = hIm[y * n + o];
            re += kr[y] * a - ki[y] * b;
            im += kr[y] * b + ki[y] * a;
          }
          pooled[cellRow * cells + o * cells / n] += re * re + im * im;
        }
      }
      const double perCell = double(n / cells) * double(n / cells);
      for (std::size_t c = 0; c < cells * cells; ++c)
        features[out++] = static_cast<float>(std::sqrt(pooled[c] / perCell));
      for (const int coarse : scale.coarser) {
        const auto g = static_cast<std::size_t>(coarse), block = cells / g;
        for (std::size_t gr = 0; gr < g; ++gr)
          for (std::size_t gc = 0; gc < g; ++gc) {
            double sum = 0;
            for (std::size_t r = gr * block; r < (gr + 1) * block; ++r)
              for (std::size_t c = gc * block; c < (gc + 1) * block; ++c) sum += pooled[r * cells + c];
            features[out++] = static_cast<float>(std::sqrt(sum / (perCell * double(block * block))));
          }
      }
    }
  }
}

std::vector<float> GaborEnergyBank::compute(const StimulusImage& image) const {
  std::vector<float> features(featureCount_);
  compute(image, features);
  return features;
}

Matrix gaborEnergyFeatures(const StimulusSource& source, std::span<const std::int32_t> indices,
                           const GaborEnergyOptions& options, const JobContext& context) {
  std::vector<std::int32_t> all;
  if (indices.empty()) {
    all.resize(source.count());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int32_t>(i);
    indices = all;
  }
  if (indices.empty()) return {};
  const StimulusImage firstImage = source.image(static_cast<std::size_t>(indices[0]));
  if (firstImage.width != firstImage.height)
    throw std::invalid_argument("Gabor energy: stimulus images of " + std::to_string(firstImage.width) + " x " +
                                std::to_string(firstImage.height) + " pixels; expected square images");
  const GaborEnergyBank bank(firstImage.width, options);
  Matrix features(indices.size(), bank.featureCount());
  parallelFor(
      indices.size(),
      [&](std::size_t i) {
        if (indices[i] < 0) throw std::out_of_range("Gabor energy: stimulus index " + std::to_string(indices[i]));
        bank.compute(source.image(static_cast<std::size_t>(indices[i])),
                     std::span<float>(features.data.data() + i * features.cols, features.cols));
      },
      context, "Gabor energy features");
  context.throwIfStopped();
  return features;
}

}  // namespace vl::core
