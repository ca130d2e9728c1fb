// Gabor energy features: the energy of a grating lands at its frequency and orientation, a patch of it lands in its
// grid cell, grey has none, and bad inputs are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/analysis/GaborEnergyFeatures.h"

namespace vl::core {
namespace {

// A sinusoidal luminance grating of `cycles` per image whose wave vector points at `degrees` counter-clockwise from
// +x with y up (0 = vertical bars), amplitude 0.4 around grey, inside the given pixel window only.
StimulusImage grating(int side, double cycles, double degrees, int x0 = 0, int y0 = 0, int x1 = -1, int y1 = -1) {
  if (x1 < 0) x1 = side;
  if (y1 < 0) y1 = side;
  StimulusImage image{side, side, std::vector<std::uint8_t>(std::size_t(side * side * 3), 128)};
  const double k = 2 * std::numbers::pi * cycles / side, t = degrees * std::numbers::pi / 180;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const double u = (x + 0.5) * std::cos(t) - (y + 0.5) * std::sin(t);  // y runs down
      const auto v = static_cast<std::uint8_t>(std::lround(255 * (0.5 + 0.4 * std::cos(k * u))));
      for (int c = 0; c < 3; ++c) image.rgb[std::size_t((y * side + x) * 3 + c)] = v;
    }
  return image;
}

// Features are ordered frequency, orientation, cell row, cell column (here 4 frequencies x 8 orientations x cells^2,
// cells 4, 8, 8, 8 per side).
double blockSum(const std::vector<float>& f, int frequency, int orientation) {
  const int cells[] = {4, 8, 8, 8};
  std::size_t at = 0;
  for (int q = 0; q < frequency; ++q) at += std::size_t(8 * cells[q] * cells[q]);
  at += std::size_t(orientation * cells[frequency] * cells[frequency]);
  double sum = 0;
  for (int i = 0; i < cells[frequency] * cells[frequency]; ++i) sum += f[at + std::size_t(i)];
  return sum;
}

TEST(GaborEnergyFeatures, CountsFeaturesPerFrequencyOrientationAndCell) {
  const GaborEnergyBank bank(64);
  EXPECT_EQ(bank.featureCount(), std::size_t(4 * (16 + 64 + 64 + 64)));
  GaborEnergyOptions coarse;
  coarse.orientations = 4;
  coarse.gridCells = 6;
  EXPECT_EQ(GaborEnergyBank(64, coarse).featureCount(), std::size_t(4 * (16 + 36 + 36 + 36)));
}

TEST(GaborEnergyFeatures, GreyHasNoEnergy) {
  const auto f = GaborEnergyBank(64).compute(StimulusImage{64, 64, std::vector<std::uint8_t>(64 * 64 * 3, 128)});
  EXPECT_LT(*std::max_element(f.begin(), f.end()), 2e-3f);
}

TEST(GaborEnergyFeatures, GratingEnergyLandsAtItsFrequencyAndOrientation) {
  GaborEnergyOptions eight;
  eight.orientations = 8;
  const GaborEnergyBank bank(64, eight);
  for (const auto& [frequency, cycles] : {std::pair{1, 4.0}, std::pair{2, 8.0}, std::pair{3, 16.0}})
    for (int orientation : {0, 2, 4, 6}) {
      const auto f = bank.compute(grating(64, cycles, 22.5 * orientation));
      double best = -1;
      int bestFrequency = -1, bestOrientation = -1;
      for (int q = 0; q < 4; ++q)
        for (int o = 0; o < 8; ++o) {
          // Per cell, so that frequencies with fewer cells compete fairly.
          const double mean = blockSum(f, q, o) / (q == 0 ? 16 : 64);
          if (mean > best) best = mean, bestFrequency = q, bestOrientation = o;
        }
      EXPECT_EQ(bestFrequency, frequency) << cycles << " cycles at " << 22.5 * orientation << " degrees";
      EXPECT_EQ(bestOrientation, orientation) << cycles << " cycles at " << 22.5 * orientation << " degrees";
    }
}

TEST(GaborEnergyFeatures, APatchLightsItsOwnCell) {
  // A grating only in the top-left 16 x 16 pixels: the 8 x 8 grid's cells (0,0), (0,1), (1,0), (1,1).
  const auto f = GaborEnergyBank(64).compute(grating(64, 16, 0, 0, 0, 16, 16));
  const std::size_t start = std::size_t(4 * 16 + 4 * 64 + 4 * 64);  // frequency 16, orientation 0
  // The patch's edges spill into the adjacent cells; cells two or more cells away see nothing.
  double inside = 1e30, far = 0;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c) {
      const double v = f[start + std::size_t(r * 8 + c)];
      if (r < 2 && c < 2) inside = std::min(inside, v);
      if (r >= 3 || c >= 3) far = std::max(far, v);
    }
  EXPECT_GT(inside, 20 * far);
}

TEST(GaborEnergyFeatures, PyramidCellsCompressTheEnergyOfBlocksAfterPooling) {
  GaborEnergyOptions options;
  options.cyclesPerImage = {4, 16};   // grids of 8 x 8 cells at both
  options.orientations = 2;
  options.pyramidCells = {4, 3, 1};   // 3 does not divide 8: skipped
  const GaborEnergyBank bank(64, options);
  // Per frequency and orientation: 64 grid cells, 16 of the 4 x 4 pyramid, 1 of the whole image.
  ASSERT_EQ(bank.featureCount(), std::size_t(2 * 2 * (64 + 16 + 1)));
  const GaborEnergyBank plain(64, [] {
    GaborEnergyOptions o;
    o.cyclesPerImage = {4, 16};
    o.orientations = 2;
    return o;
  }());
  // A vertical grating at 16 cycles in the top-left 16 x 16 pixels only.
  const auto image = grating(64, 16, 0, 0, 0, 16, 16);
  const auto f = bank.compute(image);
  const auto g = plain.compute(image);
  // The grid features are the plain ones, in place: frequency 16, orientation 0 starts after frequency 4's block.
  const std::size_t per = 64 + 16 + 1, at = 2 * per, plainAt = 2 * 64;
  for (std::size_t c = 0; c < 64; ++c) EXPECT_FLOAT_EQ(f[at + c], g[plainAt + c]) << "cell " << c;
  // Pyramid cell (0, 0) covers grid cells (0..1, 0..1): the square root of their mean energy (the grid features
  // are square roots of each cell's mean energy), not the mean of their square roots.
  double energy = 0;
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < 2; ++c) energy += double(g[plainAt + r * 8 + c]) * g[plainAt + r * 8 + c];
  EXPECT_NEAR(f[at + 64], std::sqrt(energy / 4), 1e-5 * std::sqrt(energy / 4));
  EXPECT_LT(f[at + 64 + 15], 0.05 * f[at + 64]);  // the bottom-right block sees no grating
  // The whole-image cell: the square root of the mean energy of all 64 cells.
  double all = 0;
  for (std::size_t c = 0; c < 64; ++c) all += double(g[plainAt + c]) * g[plainAt + c];
  EXPECT_NEAR(f[at + 80], std::sqrt(all / 64), 1e-5 * std::sqrt(all / 64));
  options.pyramidCells = {0};
  EXPECT_THROW(GaborEnergyBank(64, options), std::invalid_argument);
}

TEST(GaborEnergyFeatures, LumaWeightsScaleTheContrastOfEachChannel) {
  // A grating in the red channel only (green and blue stay grey): its luminance contrast is the red weight times
  // the red contrast, and the features (square roots of energy) scale with the contrast.
  StimulusImage red = grating(64, 8, 0);
  for (std::size_t i = 0; i < red.rgb.size(); i += 3) red.rgb[i + 1] = red.rgb[i + 2] = 128;
  GaborEnergyOptions bt601;
  bt601.lumaWeights = {0.299, 0.587, 0.114};
  const auto f709 = GaborEnergyBank(64).compute(red);
  const auto f601 = GaborEnergyBank(64, bt601).compute(red);
  // Frequency 8's first orientation (vertical bars), a central cell: well above the background's rounding.
  const std::size_t at = 4 * 16 + 4 * 64 + 3 * 8 + 3;
  ASSERT_GT(f709[at], 0.01f);
  EXPECT_NEAR(f601[at] / f709[at], 0.299 / 0.2126, 0.01);
  GaborEnergyOptions bad;
  bad.lumaWeights = {0, 0, 0};
  EXPECT_THROW(GaborEnergyBank(64, bad), std::invalid_argument);
  bad.lumaWeights = {-0.1, 1, 0.1};
  EXPECT_THROW(GaborEnergyBank(64, bad), std::invalid_argument);
}

TEST(GaborEnergyFeatures, RefusesBadImagesAndOptions) {
  EXPECT_THROW(GaborEnergyBank(4), std::invalid_argument);
  GaborEnergyOptions aliasing;
  aliasing.cyclesPerImage = {32};
  EXPECT_THROW(GaborEnergyBank(64, aliasing), std::invalid_argument);
  const GaborEnergyBank bank(64);
  EXPECT_THROW(bank.compute(StimulusImage{32, 32, std::vector<std::uint8_t>(32 * 32 * 3, 128)}), std::invalid_argument);
  EXPECT_THROW(bank.compute(StimulusImage{64, 64, std::vector<std::uint8_t>(10, 0)}), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
