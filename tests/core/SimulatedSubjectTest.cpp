// The simulated subject's building blocks on small fixtures drawn here: counter-based noise, Gabor energy, the
// pRF model (a bright disc moved across the field), category tuning, the NSD-like design and its noise ceiling,
// response columns and their spreading back to vertices.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/analysis/ColumnZScore.h"
#include "core/analysis/NoiseCeiling.h"
#include "core/demo/CounterRandom.h"
#include "core/demo/GaborEnergy.h"
#include "core/demo/NsdLikeDesign.h"
#include "core/demo/SimulatedSubject.h"
#include "core/demo/SubjectTuning.h"
#include "core/demo/VisualColumns.h"
#include "core/geometry/Icosphere.h"
#include "core/geometry/MeshAdjacency.h"
#include "core/geometry/NearestSeed.h"

using namespace vl;
using core::StimulusCategory;

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kSize = 64;
constexpr double kField = 8.0;  // degrees across the image
constexpr double kPixelsPerDeg = kSize / kField;

core::StimulusImage greyImage(int size = kSize) {
  core::StimulusImage image;
  image.width = image.height = size;
  image.rgb.assign(static_cast<std::size_t>(size * size * 3), 128);
  return image;
}

// Full-field sinusoidal grating: bars at `orientationDeg` (0 = vertical), `cpd` cycles per degree.
core::StimulusImage grating(double orientationDeg, double cpd, double contrast = 1.0) {
  auto image = greyImage();
  const double theta = orientationDeg * kPi / 180.0;
  for (int r = 0; r < kSize; ++r)
    for (int c = 0; c < kSize; ++c) {
      const double x = (c + 0.5) / kPixelsPerDeg, y = -(r + 0.5) / kPixelsPerDeg;  // y up
      const double value = 0.5 + 0.5 * contrast * std::sin(2 * kPi * cpd * (x * std::cos(theta) + y * std::sin(theta)));
      for (int k = 0; k < 3; ++k) image.rgb[static_cast<std::size_t>((r * kSize + c) * 3 + k)] = std::uint8_t(value * 255);
    }
  return image;
}

// A white disc of radius `radiusDeg` centred at (xDeg, yDeg) (fixation at 0, y up) on grey.
core::StimulusImage disc(double xDeg, double yDeg, double radiusDeg) {
  auto image = greyImage();
  for (int r = 0; r < kSize; ++r)
    for (int c = 0; c < kSize; ++c) {
      const double x = (c + 0.5) / kPixelsPerDeg - kField / 2, y = kField / 2 - (r + 0.5) / kPixelsPerDeg;
      if (std::hypot(x - xDeg, y - yDeg) <= radiusDeg)
        for (int k = 0; k < 3; ++k) image.rgb[static_cast<std::size_t>((r * kSize + c) * 3 + k)] = 255;
    }
  return image;
}

core::VertexTuning v1Column(float x, float y, float sigma) {
  core::VertexTuning t;
  t.roi = 1;
  t.prfGain = 1;
  t.prfX = x;
  t.prfY = y;
  t.prfSigma = sigma;
  t.orientationSelectivity = 0;
  t.preferredSf = 1;
  t.exponent = 0.5f;
  return t;
}

core::Stimulus stimulusOf(StimulusCategory category, std::uint32_t index, float cx = 0, float cy = 0, float size = 0.5f) {
  core::Stimulus s;
  s.index = index;
  s.category = category;
  s.centreX = cx, s.centreY = cy, s.size = size;
  return s;
}

double levelMean(const core::EnergyLevel& level, const std::vector<float>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / double(level.cells * level.cells);
}
}  // namespace

TEST(CounterRandom, NormalsHaveUnitMomentsAndDependOnlyOnTheCounter) {
  double sum = 0, sum2 = 0, sum4 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = core::counterNormal(7, 1, std::uint64_t(i));
    sum += z, sum2 += z * z, sum4 += z * z * z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.015);
  EXPECT_NEAR(sum4 / n, 3.0, 0.08);  // Gaussian kurtosis, not just any unit-variance distribution
  // Same counter, same value, whatever was drawn before; another stream or seed, another value.
  EXPECT_EQ(core::counterNormal(7, 1, 12345), core::counterNormal(7, 1, 12345));
  EXPECT_NE(core::counterNormal(7, 1, 12345), core::counterNormal(7, 2, 12345));
  EXPECT_NE(core::counterNormal(7, 1, 12345), core::counterNormal(8, 1, 12345));
  // Pairs: index 2k and 2k + 1 are the two halves of pair k.
  const auto pair = core::counterNormalPair(7, 1, 10);
  EXPECT_EQ(pair.first, core::counterNormal(7, 1, 20));
  EXPECT_EQ(pair.second, core::counterNormal(7, 1, 21));
}

TEST(GaborEnergy, GratingsLightTheirOwnOrientationAndFrequency) {
  // 2 cycles/deg is level 0's frequency at 64 px over 8 deg.
  const auto vertical = core::computeGaborEnergy(grating(0, 2.0), kField);
  ASSERT_EQ(vertical.levels.size(), 4u);
  EXPECT_EQ(vertical.levels[0].cells, 32);
  EXPECT_NEAR(vertical.levels[0].frequencyCpd, 2.0, 1e-9);
  EXPECT_NEAR(vertical.levels[3].frequencyCpd, 0.25, 1e-9);
  const auto& l0 = vertical.levels[0];
  // Centre cell: far from the border. E(theta) = m + a cos 2theta: at theta = 0 the energy is at its maximum.
  const std::size_t centre = 16 * 32 + 16;
  EXPECT_GT(l0.mean[centre], 0.0f);
  EXPECT_GT(l0.cos2[centre], 0.5f * l0.mean[centre]);
  EXPECT_LT(std::abs(l0.sin2[centre]), 0.1f * l0.mean[centre]);
  // Most of the energy is at the grating's own frequency.
  for (int l = 1; l < 4; ++l)
    EXPECT_GT(levelMean(l0, l0.mean), 5 * levelMean(vertical.levels[l], vertical.levels[l].mean)) << "level " << l;

  const auto horizontal = core::computeGaborEnergy(grating(90, 2.0), kField);
  EXPECT_LT(horizontal.levels[0].cos2[centre], -0.5f * horizontal.levels[0].mean[centre]);
  const auto oblique = core::computeGaborEnergy(grating(45, 2.0), kField);
  EXPECT_GT(oblique.levels[0].sin2[centre], 0.5f * oblique.levels[0].mean[centre]);
  EXPECT_LT(std::abs(oblique.levels[0].cos2[centre]), 0.2f * oblique.levels[0].mean[centre]);

  // 0.5 cycles/deg lands on level 2.
  const auto coarse = core::computeGaborEnergy(grating(0, 0.5), kField);
  const auto& c2 = coarse.levels[2];
  EXPECT_GT(levelMean(c2, c2.mean), 5 * levelMean(coarse.levels[0], coarse.levels[0].mean));

  // The pyramid's blurring is undone: a full-contrast grating at a level's own frequency gives that level (nearly)
  // the same central energy as level 0 gets from its own.
  for (int l = 1; l < 3; ++l) {
    const auto own = core::computeGaborEnergy(grating(0, 2.0 / (1 << l)), kField);
    const auto& level = own.levels[static_cast<std::size_t>(l)];
    const int mid = level.cells / 2;
    const float energy = level.mean[static_cast<std::size_t>(mid * level.cells + mid)];
    EXPECT_NEAR(energy / l0.mean[centre], 1.0, 0.25) << "level " << l;
  }

  // No contrast, no energy.
  const auto flat = core::computeGaborEnergy(greyImage(), kField);
  for (const auto& level : flat.levels)
    for (float m : level.mean) EXPECT_EQ(m, 0.0f);

  core::StimulusImage odd = greyImage(48);  // 48 does not divide by 2^5
  EXPECT_THROW(core::computeGaborEnergy(odd, kField), std::invalid_argument);
}

TEST(SimulatedSubject, PrfResponseFollowsASmallDiscAcrossTheField) {
  // Two V1 columns with pRFs right of fixation and up-left; a 0.4 deg disc visits a grid of positions.
  const std::vector<core::VertexTuning> columns = {v1Column(2.0f, 0.0f, 0.4f), v1Column(-1.5f, 1.5f, 0.5f)};
  std::vector<core::StimulusImage> images;
  std::vector<core::Stimulus> stimuli;
  std::vector<std::pair<double, double>> positions;
  for (double y = -3; y <= 3.01; y += 0.5)
    for (double x = -3; x <= 3.01; x += 0.5) {
      positions.push_back({x, y});
      images.push_back(disc(x, y, 0.4));
      stimuli.push_back(stimulusOf(StimulusCategory::Pattern, std::uint32_t(stimuli.size())));
    }
  std::vector<std::int32_t> rows(images.size());
  std::iota(rows.begin(), rows.end(), 0);
  const auto signal = core::simulateSignal(columns, stimuli, images, rows, {}, kField);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::size_t best = 0;
    for (std::size_t r = 1; r < rows.size(); ++r)
      if (signal(r, c) > signal(best, c)) best = r;
    EXPECT_NEAR(positions[best].first, columns[c].prfX, 0.26) << "column " << c;
    EXPECT_NEAR(positions[best].second, columns[c].prfY, 0.26) << "column " << c;
    // Far from the pRF the disc does almost nothing.
    std::size_t far = 0;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (std::hypot(positions[r].first - columns[c].prfX, positions[r].second - columns[c].prfY) > 2.5)
        far = r;
    EXPECT_LT(signal(far, c), 0.05 * signal(best, c));
  }
}

TEST(SimulatedSubject, OrientationAndFrequencyTuningShapeTheDrive) {
  auto prefersVertical = v1Column(0.0f, 0.0f, 1.0f);
  prefersVertical.orientation = 0;
  prefersVertical.orientationSelectivity = 0.4f;
  prefersVertical.preferredSf = 2.0f;
  auto prefersHorizontal = prefersVertical;
  prefersHorizontal.orientation = 90;
  auto prefersCoarse = prefersVertical;
  prefersCoarse.orientationSelectivity = 0;
  prefersCoarse.preferredSf = 0.5f;
  const std::vector<core::VertexTuning> columns = {prefersVertical, prefersHorizontal, prefersCoarse};
  const std::vector<core::StimulusImage> images = {grating(0, 2.0), grating(90, 2.0), grating(0, 0.5)};
  const std::vector<core::Stimulus> stimuli(3, stimulusOf(StimulusCategory::Pattern, 0));
  const std::vector<std::int32_t> rows = {0, 1, 2};
  const auto s = core::simulateSignal(columns, stimuli, images, rows, {}, kField);
  EXPECT_GT(s(0, 0), 1.2 * s(1, 0));  // vertical column: vertical grating wins
  EXPECT_GT(s(1, 1), 1.2 * s(0, 1));  // horizontal column: horizontal grating wins
  EXPECT_GT(s(2, 2), 1.5 * s(0, 2));  // coarse column: 0.5 cycles/deg beats 2
  EXPECT_GT(s(0, 0), 1.5 * s(2, 0));  // fine column: the other way round
}

TEST(SubjectTuning, CategoryRoiRespondsMostToItsCategoryWithCalibratedGain) {
  // A tiny surface with one planted FFA whose centre is vertex 0; its profile reaches vertices 0..3.
  const auto surface = core::makeIcosphere(2, 30.0f);
  core::PlantedRois planted;
  for (int h = 0; h < 2; ++h) {
    auto& hemi = planted.hemispheres[static_cast<std::size_t>(h)];
    hemi.hemisphere = h == 0 ? core::Hemisphere::Left : core::Hemisphere::Right;
    hemi.keys.assign(surface.vertexCount(), 0);
    hemi.eccentricity.assign(surface.vertexCount(), NAN);
    hemi.polarAngle.assign(surface.vertexCount(), NAN);
  }
  core::PlacedCategoryRoi ffa;
  ffa.key = core::PlantedRoiKey::FFA;
  ffa.centreVertex = 0;
  ffa.radiusMm = 9.0f;
  ffa.vertices = {0, 1, 2, 3};
  ffa.distances = {0.0f, 5.0f, 9.0f, 14.0f};
  planted.hemispheres[0].keys[0] = static_cast<std::int32_t>(core::PlantedRoiKey::FFA);
  planted.hemispheres[0].categoryRois.push_back(ffa);

  std::vector<core::Stimulus> stimuli;
  for (std::uint32_t i = 0; i < 700; ++i) {
    const auto category = core::allStimulusCategories[i % 7];
    const float angle = float(i) * 2.4f;
    const float r = float(i % 5) / 5.0f;
    stimuli.push_back(stimulusOf(category, i, r * std::cos(angle), r * std::sin(angle), 0.3f + 0.1f * float(i % 6)));
  }
  core::SubjectTuningOptions options;
  const std::array<const core::Surface*, 2> surfaces = {&surface, &surface};
  const auto tuning = core::plantTuning(planted, surfaces, stimuli, options);

  // Mean response per category at the centre: faces first, bodies (0.35) next, places (0.05) last but one.
  std::array<double, 7> mean{};
  double sum = 0, sum2 = 0;
  for (const auto& s : stimuli) {
    const double r = core::categoryResponse(tuning[0][0], s);
    mean[static_cast<std::size_t>(s.category)] += r / 100.0;
    sum += r, sum2 += r * r;
  }
  const auto face = static_cast<std::size_t>(StimulusCategory::Face);
  for (std::size_t c = 0; c < 7; ++c)
    if (c != face) {
      EXPECT_GT(mean[face], 2.5 * mean[c]) << core::stimulusCategoryName(core::allStimulusCategories[c]);
    }
  EXPECT_GT(mean[static_cast<std::size_t>(StimulusCategory::Body)], 3 * mean[static_cast<std::size_t>(StimulusCategory::Place)]);
  // Calibration: the centre's category response has SD options.categoryGain over the calibration stimuli.
  const double n = double(stimuli.size());
  EXPECT_NEAR(std::sqrt((sum2 - sum * sum / n) / (n - 1)), options.categoryGain, 1e-3);
  // Selectivity falls with distance: 25% of the peak at the radius, nothing beyond the profile.
  EXPECT_NEAR(tuning[0][2].categoryGain[face] / tuning[0][0].categoryGain[face], std::exp(-1.0 / (2 * 0.36)), 1e-4);
  EXPECT_EQ(tuning[0][4].categoryGain[face], 0.0f);
  // Faces near fixation beat the same faces at the edge (FFA's foveal bias).
  EXPECT_GT(core::categoryResponse(tuning[0][0], stimulusOf(StimulusCategory::Face, 0, 0, 0)),
            1.3 * core::categoryResponse(tuning[0][0], stimulusOf(StimulusCategory::Face, 0, 0.9f, 0.0f)));
  // The noise SD is positive everywhere and varies across the surface.
  const auto [lo, hi] = std::minmax_element(tuning[0].begin(), tuning[0].end(),
                                            [](const auto& a, const auto& b) { return a.noiseSd < b.noiseSd; });
  EXPECT_GT(lo->noiseSd, 0.0f);
  EXPECT_GT(hi->noiseSd, 1.3f * lo->noiseSd);
}

TEST(NsdLikeDesign, SplitsTheBankIntoDisjointTrainAndRepeatedTest) {
  const auto design = core::makeNsdLikeDesign(10000, 9000, 300, 3, 5);
  EXPECT_EQ(design.trainStimulus.size(), 9000u);
  EXPECT_EQ(design.testStimulus.size(), 300u);
  EXPECT_EQ(design.repeats, 3);
  EXPECT_TRUE(std::is_sorted(design.testStimulus.begin(), design.testStimulus.end()));
  std::set<std::int32_t> all(design.trainStimulus.begin(), design.trainStimulus.end());
  all.insert(design.testStimulus.begin(), design.testStimulus.end());
  EXPECT_EQ(all.size(), 9300u);  // no image in both sets, none twice
  EXPECT_GE(*all.begin(), 0);
  EXPECT_LT(*all.rbegin(), 10000);
  // Fixed by the seed; another seed, another split.
  EXPECT_EQ(core::makeNsdLikeDesign(10000, 9000, 300, 3, 5).trainStimulus, design.trainStimulus);
  EXPECT_NE(core::makeNsdLikeDesign(10000, 9000, 300, 3, 6).testStimulus, design.testStimulus);
  EXPECT_THROW(core::makeNsdLikeDesign(1000, 900, 300, 3, 5), std::invalid_argument);
}

namespace {
// Columns with category tuning of varied strength and noise, on grey images (no early drive).
struct NoiseCeilingFixture {
  std::vector<core::VertexTuning> columns;
  std::vector<core::Stimulus> stimuli;
  std::vector<core::StimulusImage> images;
  core::NsdLikeDesign design;

  NoiseCeilingFixture() {
    for (int c = 0; c < 40; ++c) {
      core::VertexTuning t;
      t.categoryGain[static_cast<std::size_t>(c % 7)] = 0.2f + 0.1f * float(c);
      t.categoryGain[static_cast<std::size_t>((c + 3) % 7)] = 0.5f;
      t.noiseSd = 0.5f + 0.05f * float(c % 9);
      t.baseline = 1.0f;
      columns.push_back(t);
    }
    for (std::uint32_t i = 0; i < 1400; ++i) {
      stimuli.push_back(stimulusOf(core::allStimulusCategories[i % 7], i));
      images.push_back(greyImage(32));
    }
    design = core::makeNsdLikeDesign(stimuli.size(), 1000, 400, 3, 11);
  }
};
}  // namespace

TEST(SimulatedSubject, NoiseCeilingFromTestRepeatsAgreesWithThePlantedOne) {
  NoiseCeilingFixture f;
  auto columns = f.columns;
  const auto responses = core::simulateResponses(columns, f.stimuli, f.images, f.design, {3, kField});
  ASSERT_EQ(responses.testTrials.rows, 1200u);
  ASSERT_EQ(responses.testBetas.rows, 400u);
  ASSERT_EQ(responses.trainBetas.rows, 1000u);
  // NSD's estimate from the single test trials (z-scored per column), as core/analysis computes it.
  auto trials = responses.testTrials;
  core::zscoreColumns(trials);
  std::vector<std::int64_t> ids;
  for (auto s : f.design.testStimulus)
    for (int r = 0; r < 3; ++r) ids.push_back(s);
  const auto estimated = core::noiseCeiling(trials, ids, 3.0);
  // The estimate scatters around the planted value (noise variance from 800 degrees of freedom, signal variance
  // from 400 images): no bias, a few points of error on average, none far off.
  double bias = 0, meanAbs = 0, worst = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const double d = estimated.ncPercent[c] - responses.noiseCeiling[c];
    bias += d / double(columns.size());
    meanAbs += std::abs(d) / double(columns.size());
    worst = std::max(worst, std::abs(d));
    EXPECT_NEAR(responses.ncsnr[c], responses.signalSd[c] / columns[c].noiseSd, 1e-5);
    EXPECT_NEAR(responses.noiseCeiling[c], core::noiseCeilingPercent(responses.ncsnr[c], 3), 1e-4);
  }
  EXPECT_LT(std::abs(bias), 1.5);
  EXPECT_LT(meanAbs, 3.5);
  EXPECT_LT(worst, 12.0);
  // The columns span low to high ceilings, so the agreement is not one number repeated.
  EXPECT_LT(*std::min_element(responses.noiseCeiling.begin(), responses.noiseCeiling.end()), 30.0f);
  EXPECT_GT(*std::max_element(responses.noiseCeiling.begin(), responses.noiseCeiling.end()), 90.0f);
  // Test betas are the mean of the three repeats; repeats differ by noise of the planted SD.
  for (std::size_t c = 0; c < columns.size(); c += 7) {
    double diff2 = 0;
    for (std::size_t i = 0; i < 400; ++i) {
      const double mean = (responses.testTrials(3 * i, c) + responses.testTrials(3 * i + 1, c) +
                           responses.testTrials(3 * i + 2, c)) / 3.0;
      EXPECT_NEAR(responses.testBetas(i, c), mean, 1e-4);
      const double d = responses.testTrials(3 * i, c) - responses.testSignal(i, c);
      diff2 += d * d;
    }
    EXPECT_NEAR(std::sqrt(diff2 / 400), columns[c].noiseSd, 0.1 * columns[c].noiseSd);
  }
}

TEST(SimulatedSubject, SameSeedSameTrialsOtherSeedOtherNoise) {
  NoiseCeilingFixture f;
  auto a = f.columns, b = f.columns, c = f.columns;
  const auto first = core::simulateResponses(a, f.stimuli, f.images, f.design, {3, kField});
  const auto again = core::simulateResponses(b, f.stimuli, f.images, f.design, {3, kField});
  const auto other = core::simulateResponses(c, f.stimuli, f.images, f.design, {4, kField});
  EXPECT_EQ(first.trainBetas.data, again.trainBetas.data);
  EXPECT_EQ(first.testTrials.data, again.testTrials.data);
  EXPECT_NE(first.trainBetas.data, other.trainBetas.data);
  EXPECT_EQ(first.testSignal.data, other.testSignal.data);  // the seed moves the noise, not the signal
}

TEST(VisualColumns, SamplesAreSpacedAndCoverTheMask) {
  const auto surface = core::makeIcosphere(5, 40.0f);  // ~1.2 mm edges
  std::vector<std::uint8_t> mask(surface.vertexCount(), 0);
  for (std::size_t v = 0; v < mask.size(); ++v) mask[v] = surface.vertices[v][2] > 10.0f;  // a cap
  const float spacing = 3.0f;
  const auto columns = core::sampleColumns(surface, mask, spacing);
  ASSERT_GT(columns.size(), 100u);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    ASSERT_TRUE(mask[static_cast<std::size_t>(columns[i])]);
    for (std::size_t j = i + 1; j < columns.size(); ++j) {
      const auto& p = surface.vertices[static_cast<std::size_t>(columns[i])];
      const auto& q = surface.vertices[static_cast<std::size_t>(columns[j])];
      ASSERT_GE(std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]), spacing);
    }
  }
  // Every mask vertex lies within the spacing of a column (the greedy rule's guarantee).
  for (std::size_t v = 0; v < mask.size(); ++v) {
    if (!mask[v]) continue;
    const auto& p = surface.vertices[v];
    double nearest = 1e9;
    for (auto c : columns) {
      const auto& q = surface.vertices[static_cast<std::size_t>(c)];
      nearest = std::min(nearest, double(std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])));
    }
    ASSERT_LE(nearest, spacing) << v;
  }
  EXPECT_THROW(core::sampleColumns(surface, std::vector<std::uint8_t>(3, 1), spacing), std::invalid_argument);
}

TEST(NearestSeed, PartitionsALineOfVerticesBetweenTwoSeeds) {
  // A strip of triangles along x: vertices 0..9 at y = 0 and 10..19 at y = 1.
  core::Surface strip;
  for (int row = 0; row < 2; ++row)
    for (int i = 0; i < 10; ++i) strip.vertices.push_back({float(i), float(row), 0.0f});
  for (int i = 0; i < 9; ++i) {
    strip.triangles.push_back({i, i + 1, i + 10});
    strip.triangles.push_back({i + 1, i + 11, i + 10});
  }
  const auto adjacency = core::MeshAdjacency::build(strip.vertexCount(), strip.triangles);
  const std::int32_t seeds[2] = {0, 9};
  const auto nearest = core::nearestSeeds(strip, adjacency, seeds);
  EXPECT_EQ(nearest.seed[2], 0);
  EXPECT_EQ(nearest.seed[7], 1);
  EXPECT_FLOAT_EQ(nearest.distance[3], 3.0f);
  EXPECT_FLOAT_EQ(nearest.distance[6], 3.0f);
  // Limited reach and a mask that walls off the right half.
  const auto limited = core::nearestSeeds(strip, adjacency, seeds, {}, 2.0f);
  EXPECT_EQ(limited.seed[4], -1);
  EXPECT_TRUE(std::isinf(limited.distance[4]));
  std::vector<std::uint8_t> allowed(20, 1);
  allowed[5] = allowed[15] = 0;
  const std::int32_t left[1] = {0};
  const auto walled = core::nearestSeeds(strip, adjacency, left, allowed);
  EXPECT_EQ(walled.seed[4], 0);
  EXPECT_EQ(walled.seed[6], -1);
  const std::int32_t bad[1] = {20};
  EXPECT_THROW(core::nearestSeeds(strip, adjacency, bad), std::invalid_argument);
}
