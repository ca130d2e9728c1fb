#include "core/demo/GaborEnergy.h"

#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>

namespace vl::core {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kHalfTaps = 6;  // 12 taps at half-integer offsets -5.5 .. 5.5 pixels: +-2.75 sigma

// One level down the Gaussian pyramid: binomial [1 4 6 4 1]/16 blur in x and y, then every second pixel. The image
// has zero mean, so zero padding at the border adds no contrast.
std::vector<float> reduce(const std::vector<float>& image, int size) {
  static constexpr float w[5] = {1 / 16.f, 4 / 16.f, 6 / 16.f, 4 / 16.f, 1 / 16.f};
  const int half = size / 2;
  std::vector<float> rows(static_cast<std::size_t>(size * half), 0.0f);
  for (int r = 0; r < size; ++r)
    for (int c = 0; c < half; ++c) {
      float sum = 0;
      for (int k = -2; k <= 2; ++k) {
        const int x = 2 * c + k;
        if (x >= 0 && x < size) sum += w[k + 2] * image[static_cast<std::size_t>(r * size + x)];
      }
      rows[static_cast<std::size_t>(r * half + c)] = sum;
    }
  std::vector<float> out(static_cast<std::size_t>(half * half), 0.0f);
  for (int r = 0; r < half; ++r)
    for (int c = 0; c < half; ++c) {
      float sum = 0;
      for (int k = -2; k <= 2; ++k) {
        const int y = 2 * r + k;
        if (y >= 0 && y < size) sum += w[k + 2] * rows[static_cast<std::size_t>(y * half + c)];
      }
      out[static_cast<std::size_t>(r * half + c)] = sum;
    }
  return out;
}

// The complex Gabor exp(i k.x) exp(-|x|^2 / 2 sigma^2) is separable for any orientation: a row filter in x times a
// column filter in y. Taps sit at half-integer offsets so that each output lands on the centre of a 2x2 cell.
struct SeparableGabor {
  std::complex<float> row[2 * kHalfTaps];
  std::complex<float> column[2 * kHalfTaps];
};

SeparableGabor makeGabor(double theta) {
  const double k = 2.0 * kPi / kGaborWavelengthPixels;
  const double kx = k * std::cos(theta), kyUp = k * std::sin(theta);
  SeparableGabor g;
  double norm = 0;  // sum of the 2D envelope, so a grating's response does not depend on the level
  for (int i = 0; i < 2 * kHalfTaps; ++i) {
    const double offset = i - kHalfTaps + 0.5;
    const double envelope = std::exp(-offset * offset / (2.0 * kGaborSigmaPixels * kGaborSigmaPixels));
    norm += envelope;
    g.row[i] = std::polar(float(envelope), float(kx * offset));
    // Rows grow downwards while y grows upwards: a row offset of +d is y = -d.
    g.column[i] = std::polar(float(envelope), float(-kyUp * offset));
  }
  const float scale = float(1.0 / norm);  // applied once per pass: total 1 / norm^2 = 1 / sum of 2D envelope
  for (auto& c : g.row) c *= scale;
  for (auto& c : g.column) c *= scale;
  return g;
}

const std::vector<SeparableGabor>& gaborBank() {
  static const std::vector<SeparableGabor> bank = [] {
    std::vector<SeparableGabor> b;
    for (int o = 0; o < kGaborOrientations; ++o) b.push_back(makeGabor(kPi * o / kGaborOrientations));
    return b;
  }();
  return bank;
}

// Amplitude that the pyramid's blurs leave of a sinusoid at level `level`'s own frequency (a quarter cycle per pixel
// of that level): each binomial blur k levels up passes ((1 + cos 2 pi f) / 2)^2 of frequency f in cycles per pixel
// of its own level. Dividing by its square makes a full-contrast grating at any level's frequency give the same
// energy.
double pyramidGain(int level) {
  double gain = 1.0;
  for (int k = 0; k < level; ++k) {
    const double f = 1.0 / (kGaborWavelengthPixels * double(1 << (level - k)));  // cycles per pixel at level k
    const double pass = (1.0 + std::cos(2.0 * kPi * f)) / 2.0;
    gain *= pass * pass;
  }
  return gain;
}

void filterLevel(const std::vector<float>& image, int size, int levelIndex, EnergyLevel& level) {
  const int cells = size / 2;
  const auto count = static_cast<std::size_t>(cells * cells);
  level.mean.assign(count, 0.0f);
  level.cos2.assign(count, 0.0f);
  level.sin2.assign(count, 0.0f);
  std::vector<std::complex<float>> rowPass(static_cast<std::size_t>(size * cells));
  const auto& bank = gaborBank();
  for (int o = 0; o < kGaborOrientations; ++o) {
    const auto& g = bank[static_cast<std::size_t>(o)];
    const double theta = kPi * o / kGaborOrientations;
    const float c2 = float(std::cos(2 * theta)), s2 = float(std::sin(2 * theta));
    for (int r = 0; r < size; ++r) {
      const float* line = &image[static_cast<std::size_t>(r * size)];
      for (int c = 0; c < cells; ++c) {
        std::complex<float> sum = 0;
        const int first = 2 * c + 1 - kHalfTaps;  // pixel under tap 0 (offset -5.5 from the cell centre 2c + 0.5)
        for (int t = 0; t < 2 * kHalfTaps; ++t) {
          const int x = first + t;
          if (x >= 0 && x < size) sum += line[x] * g.row[t];
        }
        rowPass[static_cast<std::size_t>(r * cells + c)] = sum;
      }
    }
    for (int r = 0; r < cells; ++r)
      for (int c = 0; c < cells; ++c) {
        std::complex<float> sum = 0;
        const int first = 2 * r + 1 - kHalfTaps;
        for (int t = 0; t < 2 * kHalfTaps; ++t) {
          const int y = first + t;
          if (y >= 0 && y < size) sum += rowPass[static_cast<std::size_t>(y * cells + c)] * g.column[t];
        }
        const float energy = std::norm(sum);
        const auto i = static_cast<std::size_t>(r * cells + c);
        level.mean[i] += energy;
        level.cos2[i] += energy * c2;
        level.sin2[i] += energy * s2;
      }
  }
  // mean = (1/N) sum E, a = (2/N) sum E cos 2theta, b = (2/N) sum E sin 2theta, with the pyramid's attenuation
  // undone.
  const double gain = pyramidGain(levelIndex);
  const float scale = float(1.0 / (gain * gain));
  for (std::size_t i = 0; i < count; ++i) {
    level.mean[i] *= scale / float(kGaborOrientations);
    level.cos2[i] *= scale * 2.0f / float(kGaborOrientations);
    level.sin2[i] *= scale * 2.0f / float(kGaborOrientations);
  }
}
}  // namespace

std::vector<float> imageLuminance(const StimulusImage& image) {
  const auto pixels = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  if (image.width <= 0 || image.height <= 0 || image.rgb.size() != pixels * 3)
    throw std::invalid_argument("imageLuminance: " + std::to_string(image.rgb.size()) + " bytes for a " +
                                std::to_string(image.width) + " x " + std::to_string(image.height) + " RGB image");
  std::vector<float> luminance(pixels);
  for (std::size_t i = 0; i < pixels; ++i)
    luminance[i] = (0.299f * image.rgb[3 * i] + 0.587f * image.rgb[3 * i + 1] + 0.114f * image.rgb[3 * i + 2]) / 255.0f;
  return luminance;
}

GaborEnergy computeGaborEnergy(const StimulusImage& image, double fieldDeg, int levels) {
  if (image.width != image.height || levels < 1 || levels > 8 || image.width % (1 << (levels + 1)) != 0)
    throw std::invalid_argument("computeGaborEnergy: needs a square image whose side divides by 2^(levels + 1) = " +
                                std::to_string(1 << (levels + 1)) + ", got " + std::to_string(image.width) + " x " +
                                std::to_string(image.height));
  if (!(fieldDeg > 0)) throw std::invalid_argument("computeGaborEnergy: the field of view must be positive");
  auto luminance = imageLuminance(image);
  // Contrast, not luminance: V1 responds to local differences around the mean light level.
  double mean = 0;
  for (float v : luminance) mean += v;
  mean /= double(luminance.size());
  for (auto& v : luminance) v -= float(mean);

  GaborEnergy result;
  result.fieldDeg = fieldDeg;
  int size = image.width;
  for (int l = 0; l < levels; ++l) {
    EnergyLevel level;
    level.cells = size / 2;
    level.cellDeg = fieldDeg / level.cells;
    level.frequencyCpd = (size / fieldDeg) / kGaborWavelengthPixels;
    filterLevel(luminance, size, l, level);
    result.levels.push_back(std::move(level));
    if (l + 1 < levels) {
      luminance = reduce(luminance, size);
      size /= 2;
    }
  }
  return result;
}

}  // namespace vl::core
