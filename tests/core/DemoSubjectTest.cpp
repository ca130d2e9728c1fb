// The simulated subject on the real demo brain (Colin27 surfaces; core::loadDemoBrain extracts or loads them):
// planted ROIs where the literature puts them, a retinotopic
// V1, category ROIs that prefer their category, the noise ceiling recovered from the test repeats, the study folder
// written whole, and an encoding model that finds the planted ROIs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>

#include "core/fitting/EncodingModel.h"
#include "core/analysis/ColumnZScore.h"
#include "core/analysis/NoiseCeiling.h"
#include "core/demo/DemoAnatomy.h"
#include "core/demo/DemoStudyWriter.h"
#include "core/demo/DemoSubject.h"
#include "core/demo/GaborEnergy.h"
#include "core/demo/PlantedRois.h"
#include "core/demo/StimulusBank.h"
#include "core/io/NpyReader.h"
#include "core/study/StudyManifest.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "tests/support/TempDir.h"

using namespace vl;
using core::PlantedRoiKey;

namespace {
const core::DemoAnatomy& anatomy() {
  static const auto value = core::demoAnatomyFromMeshes(core::loadDemoBrain({}).meshes);
  return value;
}
const core::PlantedRois& planted() {
  static const auto value = core::plantRois(anatomy().surfaces(), anatomy().harvardOxford, anatomy().brodmann);
  return value;
}
// The full demo: the 10,000-image bank, 9,000 training trials, 300 test images x 3.
const core::StimulusBank& fullBank() {
  static const auto value = core::generateStimulusBank({});
  return value;
}
const core::DemoSubject& fullSubject() {
  static const auto value = core::buildDemoSubject(anatomy(), fullBank(), {});
  return value;
}
// A small bank for the tests that build or write several subjects.
const core::StimulusBank& smallBank() {
  static const auto value = core::generateStimulusBank({.seed = 5, .count = 700});
  return value;
}
core::DemoSubjectOptions smallOptions(std::uint64_t seed) {
  core::DemoSubjectOptions options;
  options.seed = seed;
  options.trainCount = 400;
  options.testCount = 60;  // test images come from the 70 the demo bundles held out (index % 10 == 9)
  return options;
}

std::int32_t key(PlantedRoiKey k) { return static_cast<std::int32_t>(k); }

std::size_t countKey(const std::vector<std::int32_t>& keys, std::int32_t k) {
  return static_cast<std::size_t>(std::count(keys.begin(), keys.end(), k));
}

const core::PlacedCategoryRoi* placed(int h, PlantedRoiKey k) {
  for (const auto& roi : planted().hemispheres[static_cast<std::size_t>(h)].categoryRois)
    if (roi.key == k) return &roi;
  return nullptr;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = double(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    sab += (a[i] - ma) * (b[i] - mb), saa += (a[i] - ma) * (a[i] - ma), sbb += (b[i] - mb) * (b[i] - mb);
  return sab / std::sqrt(saa * sbb);
}

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

// Planted key of every response column.
std::vector<std::int32_t> columnKeys(const core::DemoSubject& subject) {
  std::vector<std::int32_t> keys;
  for (std::size_t c = 0; c < subject.columnCount(); ++c) {
    const auto [h, v] = subject.columnVertex(c);
    keys.push_back(subject.planted.hemispheres[static_cast<std::size_t>(h)].keys[static_cast<std::size_t>(v)]);
  }
  return keys;
}

bool isCategoryRoi(std::int32_t k) { return k >= key(PlantedRoiKey::OFA); }
bool isEarlyVisual(std::int32_t k) { return k >= 1 && k <= 3; }
}  // namespace

TEST(DemoSubjectAnatomy, CategoryRoisSitAtTheirLiteratureCoordinates) {
  for (int h = 0; h < 2; ++h) {
    const auto& hemi = planted().hemispheres[static_cast<std::size_t>(h)];
    for (const auto& definition : core::categoryRoiDefinitions()) {
      const auto* roi = placed(h, definition.key);
      if (definition.leftOnly && h == 1) {
        EXPECT_EQ(roi, nullptr);
        EXPECT_EQ(countKey(hemi.keys, key(definition.key)), 0u) << definition.name << " on rh";
        continue;
      }
      ASSERT_NE(roi, nullptr) << definition.name;
      const double distance = std::hypot(roi->centre[0] - roi->target[0], roi->centre[1] - roi->target[1],
                                         roi->centre[2] - roi->target[2]);
      EXPECT_LT(distance, 6.0) << definition.name << " hemisphere " << h;
      EXPECT_EQ(roi->centre[0] < 0, h == 0) << definition.name << " on the wrong side of the midline";
      EXPECT_NE(std::find(definition.anatomy.begin(), definition.anatomy.end(), roi->anatomyAtCentre),
                definition.anatomy.end())
          << definition.name << " centre in " << roi->anatomyAtCentre;
      EXPECT_GT(countKey(hemi.keys, key(definition.key)), 100u) << definition.name << " hemisphere " << h;
    }
    // FFA on the ventral temporal surface, in the temporo-occipital fusiform cortex.
    const auto* ffa = placed(h, PlantedRoiKey::FFA);
    EXPECT_LT(ffa->centre[1], -40.0f);
    EXPECT_LT(ffa->centre[2], 0.0f);
    EXPECT_EQ(ffa->anatomyAtCentre, "Temporal Occipital Fusiform Cortex");
    // Every FFA vertex lies below the calcarine level and in the back half of the temporal lobe.
    const auto& white = anatomy().white[static_cast<std::size_t>(h)];
    for (std::size_t v = 0; v < hemi.keys.size(); ++v)
      if (hemi.keys[v] == key(PlantedRoiKey::FFA)) {
        EXPECT_LT(white.vertices[v][2], 5.0f);
        EXPECT_LT(white.vertices[v][1], -35.0f);
      }
  }
  // VWFA only on the left.
  EXPECT_GT(countKey(planted().hemispheres[0].keys, key(PlantedRoiKey::VWFA)), 100u);
  EXPECT_EQ(countKey(planted().hemispheres[1].keys, key(PlantedRoiKey::VWFA)), 0u);
}

TEST(DemoSubjectAnatomy, V1IsBrodmann17WithARetinotopicMap) {
  const auto ba17 = core::labelKeysNamed(anatomy().brodmann, {"BA 17"});
  ASSERT_EQ(ba17.size(), 1u);
  for (int h = 0; h < 2; ++h) {
    const auto hs = static_cast<std::size_t>(h);
    const auto& hemi = planted().hemispheres[hs];
    const auto& brodmann = anatomy().brodmann.keys[hs];
    const auto& white = anatomy().white[hs];
    std::size_t v1 = 0, v1InBa17 = 0, v1Unlabelled = 0, ba17Count = 0;
    std::vector<double> logEccentricity, y, sinAngle, z, cosAngle;
    for (std::size_t v = 0; v < hemi.keys.size(); ++v) {
      ba17Count += brodmann[v] == ba17[0];
      if (hemi.keys[v] != key(PlantedRoiKey::V1)) continue;
      ++v1;
      v1InBa17 += brodmann[v] == ba17[0];
      v1Unlabelled += brodmann[v] == 0;
      logEccentricity.push_back(std::log(hemi.eccentricity[v] + 0.1));
      y.push_back(white.vertices[v][1]);
      z.push_back(white.vertices[v][2]);
      const double angle = hemi.polarAngle[v] * 3.14159265358979 / 180.0;
      sinAngle.push_back(std::sin(angle));
      cosAngle.push_back(std::cos(angle));
    }
    // V1 is BA 17, closed over the seams and pin-holes of the projection (vertices the atlas left unlabelled, a
    // ragged edge with BA 18): it holds nearly all of BA 17 and little else.
    EXPECT_GT(double(v1InBa17) / double(ba17Count), 0.97) << "hemisphere " << h;
    EXPECT_GT(double(v1InBa17) / double(v1), 0.8) << "hemisphere " << h;
    EXPECT_GT(double(v1InBa17 + v1Unlabelled) / double(v1), 0.9) << "hemisphere " << h;
    EXPECT_GT(v1, 2000u);
    // Eccentricity grows from the occipital pole forwards; the upper bank maps the lower field.
    EXPECT_GT(correlation(logEccentricity, y), 0.6) << "hemisphere " << h;
    EXPECT_LT(correlation(sinAngle, z), -0.4) << "hemisphere " << h;
    // Each hemisphere maps the contralateral hemifield.
    for (double c : cosAngle) ASSERT_TRUE(h == 0 ? c >= -1e-4 : c <= 1e-4);
    // The fovea is at the back, the far periphery 90 degrees out.
    EXPECT_LT(*std::min_element(logEccentricity.begin(), logEccentricity.end()), std::log(0.2));
    EXPECT_NEAR(std::exp(*std::max_element(logEccentricity.begin(), logEccentricity.end())) - 0.1, 90.0, 1.0);
    // V2 and V3 exist around V1 with eccentricities of their own.
    EXPECT_GT(countKey(hemi.keys, key(PlantedRoiKey::V2)), 1000u);
    EXPECT_GT(countKey(hemi.keys, key(PlantedRoiKey::V3)), 800u);
    for (std::size_t v = 0; v < hemi.keys.size(); ++v)
      if (isEarlyVisual(hemi.keys[v])) {
        ASSERT_TRUE(std::isfinite(hemi.eccentricity[v]) && std::isfinite(hemi.polarAngle[v]));
      } else {
        ASSERT_TRUE(std::isnan(hemi.eccentricity[v]));
      }
  }
}

TEST(DemoSubject, CategoryRoisRespondMostToTheirCategory) {
  const auto& subject = fullSubject();
  const auto keys = columnKeys(subject);
  const auto& signal = subject.responses.testSignal;
  std::map<std::int32_t, std::array<double, 7>> sums;
  std::map<std::int32_t, std::array<double, 7>> counts;
  for (std::size_t i = 0; i < subject.design.testStimulus.size(); ++i) {
    const auto category = static_cast<std::size_t>(
        fullBank().stimuli[static_cast<std::size_t>(subject.design.testStimulus[i])].category);
    for (std::size_t c = 0; c < keys.size(); ++c) {
      if (!isCategoryRoi(keys[c])) continue;
      sums[keys[c]][category] += signal(i, c);
      counts[keys[c]][category] += 1;
    }
  }
  for (const auto& definition : core::categoryRoiDefinitions()) {
    ASSERT_TRUE(sums.count(key(definition.key))) << definition.name << " has no response columns";
    const auto& s = sums[key(definition.key)];
    const auto& n = counts[key(definition.key)];
    const auto preferred = static_cast<std::size_t>(definition.preferred);
    for (std::size_t c = 0; c < 7; ++c) {
      if (c == preferred) continue;
      EXPECT_GT(s[preferred] / n[preferred], s[c] / n[c] + 0.3)
          << definition.name << " prefers " << core::stimulusCategoryName(core::allStimulusCategories[c]);
    }
  }
}

TEST(DemoSubject, NoiseCeilingFromTestRepeatsMatchesThePlantedOne) {
  const auto& subject = fullSubject();
  auto trials = subject.responses.testTrials;
  core::zscoreColumns(trials);
  std::vector<std::int64_t> ids;
  for (auto s : subject.design.testStimulus)
    for (int r = 0; r < subject.design.repeats; ++r) ids.push_back(s);
  const auto estimated = core::noiseCeiling(trials, ids, double(subject.design.repeats));
  std::vector<double> planted, measured, differences;
  for (std::size_t c = 0; c < subject.columnCount(); ++c) {
    planted.push_back(subject.responses.noiseCeiling[c]);
    measured.push_back(estimated.ncPercent[c]);
    if (planted.back() > 20) differences.push_back(std::abs(measured.back() - planted.back()));
  }
  EXPECT_GT(correlation(planted, measured), 0.9);
  ASSERT_GT(differences.size(), 200u);
  EXPECT_LT(median(differences), 5.0);
  // Early visual cortex inside the image is reliable; beyond the image it is not (only the weak general drive).
  const auto keys = columnKeys(subject);
  std::vector<double> central, peripheral, between;
  for (std::size_t c = 0; c < keys.size(); ++c) {
    if (keys[c] != key(PlantedRoiKey::V1)) continue;
    const auto [h, v] = subject.columnVertex(c);
    const float e = subject.planted.hemispheres[static_cast<std::size_t>(h)].eccentricity[static_cast<std::size_t>(v)];
    (e < 3.0f ? central : e > 20.0f ? peripheral : between).push_back(planted[c]);
  }
  EXPECT_GT(median(central), 40.0);
  EXPECT_LT(median(peripheral), 10.0);
}

TEST(DemoSubject, ColumnsSampleTheVisualMaskAndSpreadBackOverIt) {
  const auto& subject = fullSubject();
  EXPECT_GT(subject.columnCount(), 4000u);
  EXPECT_LT(subject.columnCount(), 8000u);
  std::vector<float> ids(subject.columnCount());
  std::iota(ids.begin(), ids.end(), 0.0f);
  for (int h = 0; h < 2; ++h) {
    const auto hs = static_cast<std::size_t>(h);
    const auto& white = anatomy().white[hs];
    const auto& mask = subject.mask[hs];
    for (auto v : subject.columnVertices[hs]) ASSERT_TRUE(mask[static_cast<std::size_t>(v)]);
    // The mask covers the planted ROIs and stays behind the temporal pole and out of the frontal lobe.
    for (std::size_t v = 0; v < mask.size(); ++v) {
      if (subject.planted.hemispheres[hs].keys[v] != 0) {
        ASSERT_TRUE(mask[v]);
      }
      if (mask[v]) {
        ASSERT_LT(white.vertices[v][1], -15.0f);
      }
    }
    const auto spread = subject.spreadToMask(ids, h, white);
    const auto base = h == 0 ? 0.0f : float(subject.columnVertices[0].size());
    std::size_t inside = 0, reached = 0, within3mm = 0;
    const auto near = subject.columnMap().spreadToVertices(ids, white);  // the viewer's default reach, 3 mm
    for (std::size_t v = 0; v < mask.size(); ++v) {
      if (!mask[v]) {
        ASSERT_TRUE(std::isnan(spread[v]));
        continue;
      }
      ++inside;
      within3mm += std::isfinite(near[v]);
      if (!std::isfinite(spread[v])) continue;
      ++reached;
      // The column a vertex shows is one of its own hemisphere's.
      ASSERT_GE(spread[v], base);
      ASSERT_LT(spread[v], base + float(subject.columnVertices[hs].size()));
    }
    EXPECT_GT(double(reached) / double(inside), 0.999) << "hemisphere " << h;
    std::printf("hemisphere %d: %zu mask vertices, %zu columns; %.1f%% of the mask within 3 mm (edges) of a column\n",
                h, inside, subject.columnVertices[hs].size(), 100.0 * double(within3mm) / double(inside));
  }
}

// The full demo's 300 test images are all among the 1,000 the demo bundles held out (tests/core/DemoDesignTest.cpp
// derives that set from plugins/demo).
TEST(DemoSubject, TestImagesAreHeldOutFromTheDemoBundles) {
  const auto& design = fullSubject().design;
  ASSERT_EQ(design.testStimulus.size(), 300u);
  for (const auto s : design.testStimulus) EXPECT_EQ(s % 10, 9) << s;
}

TEST(DemoSubject, SameSeedSameStudyOtherSeedOtherNoise) {
  const auto a = core::buildDemoSubject(anatomy(), smallBank(), smallOptions(3));
  const auto b = core::buildDemoSubject(anatomy(), smallBank(), smallOptions(3));
  const auto c = core::buildDemoSubject(anatomy(), smallBank(), smallOptions(4));
  EXPECT_EQ(a.responses.trainBetas.data, b.responses.trainBetas.data);
  EXPECT_EQ(a.responses.testBetas.data, b.responses.testBetas.data);
  EXPECT_EQ(a.columnVertices, c.columnVertices);  // the anatomy does not depend on the seed
  EXPECT_NE(a.responses.trainBetas.data, c.responses.trainBetas.data);
  EXPECT_NE(a.design.testStimulus, c.design.testStimulus);
}

TEST(DemoStudyWriter, WritesACompleteStudyAtomically) {
  fixtures::TempDir temp;
  const auto subject = core::buildDemoSubject(anatomy(), smallBank(), smallOptions(3));
  const auto folder = temp.path / "demo";
  const auto result = core::writeDemoStudy(folder, anatomy(), smallBank(), subject);
  EXPECT_GT(result.bytes, 10'000'000u);
  const auto manifest = core::readStudyManifest(folder);  // checks that every file it names exists
  ASSERT_EQ(manifest.columns.hemispheres.size(), 2u);
  EXPECT_EQ(manifest.columns.count(), subject.columnCount());
  EXPECT_EQ(manifest.columns.hemispheres[0].vertices, anatomy().white[0].vertexCount());
  const auto lhColumns = core::readNpy(folder / "columns/lh.vertices.npy");
  EXPECT_EQ(lhColumns.shape, (std::vector<std::int64_t>{std::int64_t(subject.columnVertices[0].size())}));
  const auto train = core::readNpy(folder / manifest.train->betas);
  EXPECT_EQ(train.shape, (std::vector<std::int64_t>{400, std::int64_t(subject.columnCount())}));
  EXPECT_EQ(train.toFloat(), subject.responses.trainBetas.data);
  const auto test = core::readNpy(folder / manifest.test->betas);
  EXPECT_EQ(test.shape, (std::vector<std::int64_t>{60, std::int64_t(subject.columnCount())}));
  EXPECT_EQ(manifest.test->repeats, 3u);
  EXPECT_EQ(manifest.responsesHash, core::hashResponseFiles(folder, manifest));  // written once, for model caches
  for (const auto s : subject.design.testStimulus) EXPECT_TRUE(core::heldOutFromDemoBundles(s)) << s;
  EXPECT_EQ(manifest.stimuli->count, 700u);
  EXPECT_EQ(manifest.roiSets.size(), 6u);
  EXPECT_EQ(manifest.layers.size(), 10u);
  for (const char* file : {"truth/truth.json", "truth/lh.tuning.func.gii", "truth/rh.planted_rois.npy",
                           "truth/test_signal.npy", "truth/test_trials.npy", "truth/column_noise_ceiling.npy"})
    EXPECT_TRUE(std::filesystem::exists(folder / file)) << file;
  // No temporary folder is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(temp.path))
    EXPECT_EQ(entry.path().filename(), "demo");

  // An existing study is kept unless replacing is asked for; a folder that is not a study is never replaced.
  EXPECT_THROW(core::writeDemoStudy(folder, anatomy(), smallBank(), subject), std::invalid_argument);
  core::DemoStudyWriteOptions replace;
  replace.replace = true;
  EXPECT_NO_THROW(core::writeDemoStudy(folder, anatomy(), smallBank(), subject, replace));
  EXPECT_TRUE(core::isStudyFolder(folder));
  const auto other = temp.path / "notes";
  std::filesystem::create_directories(other);
  std::ofstream(other / "keep.txt") << "mine";
  EXPECT_THROW(core::writeDemoStudy(other, anatomy(), smallBank(), subject, replace), std::invalid_argument);
  EXPECT_TRUE(std::filesystem::exists(other / "keep.txt"));
}

namespace {
// Image features computed from the pixels alone (no labels, no captions): the square root of Gabor energy at four
// orientations on each pyramid level, pooled on a 4 x 4 grid, and the mean colour on a 4 x 4 grid. 304 features.
core::Matrix pixelFeatures(const core::StimulusBank& bank, const std::vector<std::int32_t>& indices) {
  constexpr int kGrid = 4;
  const std::size_t features = core::kGaborLevels * 4 * kGrid * kGrid + 3 * kGrid * kGrid;
  core::Matrix out(indices.size(), features);
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const auto& image = bank.images[static_cast<std::size_t>(indices[i])];
    const auto energy = core::computeGaborEnergy(image, 8.0);
    std::size_t f = 0;
    for (const auto& level : energy.levels) {
      const int per = level.cells / kGrid;
      for (int gy = 0; gy < kGrid; ++gy)
        for (int gx = 0; gx < kGrid; ++gx) {
          double m = 0, a = 0, b = 0;
          for (int y = gy * per; y < (gy + 1) * per; ++y)
            for (int x = gx * per; x < (gx + 1) * per; ++x) {
              const auto k = static_cast<std::size_t>(y * level.cells + x);
              m += level.mean[k], a += level.cos2[k], b += level.sin2[k];
            }
          // E(theta) at 0, 45, 90 and 135 degrees from the harmonics.
          for (double e : {m + a, m + b, m - a, m - b}) out(i, f++) = float(std::sqrt(std::max(0.0, e / (per * per))));
        }
    }
    const int per = image.width / kGrid;
    for (int gy = 0; gy < kGrid; ++gy)
      for (int gx = 0; gx < kGrid; ++gx)
        for (int channel = 0; channel < 3; ++channel) {
          double sum = 0;
          for (int y = gy * per; y < (gy + 1) * per; ++y)
            for (int x = gx * per; x < (gx + 1) * per; ++x)
              sum += image.rgb[static_cast<std::size_t>((y * image.width + x) * 3 + channel)];
          out(i, f++) = float(sum / (255.0 * per * per));
        }
  }
  return out;
}

core::Matrix selectColumns(const core::Matrix& m, const std::vector<std::size_t>& columns) {
  core::Matrix out(m.rows, columns.size());
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::size_t j = 0; j < columns.size(); ++j) out(r, j) = m(r, columns[j]);
  return out;
}

struct EncoderMedians {
  double category = 0, early = 0, outside = 0;
};

// Fits a voxelwise ridge encoder (exact LOO alpha per column) from the features of the training images to the
// training trials and scores it on the test betas: median test R^2 in the category ROIs, V1-V3 and the rest.
EncoderMedians encoderMedians(const core::Matrix& trainFeatures, const core::Matrix& testFeatures, const char* what) {
  const auto& subject = fullSubject();
  const auto keys = columnKeys(subject);
  // Every ROI column and every third column elsewhere (the fit's cost grows with the column count).
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < keys.size(); ++c)
    if (keys[c] != 0 || c % 3 == 0) columns.push_back(c);
  core::EncodingFitInput input;
  input.features = trainFeatures;
  input.responses = selectColumns(subject.responses.trainBetas, columns);
  input.testFeatures = testFeatures;
  input.testResponses = selectColumns(subject.responses.testBetas, columns);
  input.options.standardizeFeatures = true;
  const auto fit = core::fitEncodingModel(input);
  std::vector<double> category, early, outside;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const auto k = keys[columns[j]];
    (isCategoryRoi(k) ? category : isEarlyVisual(k) ? early : outside).push_back(fit.testR2[j]);
  }
  EncoderMedians m{median(category), median(early), median(outside)};
  std::printf("%s: median test R^2 category ROIs %.3f (%zu columns), V1-V3 %.3f (%zu), outside planted ROIs %.3f "
              "(%zu)\n", what, m.category, category.size(), m.early, early.size(), m.outside, outside.size());
  return m;
}
}  // namespace

// Issue 7's check that the demo is learnable: a voxelwise ridge encoder from the demo image-encoder bundle's
// embeddings (plugins/demo/image-encoder, a mini CLIP trained on the bank) to the simulated responses predicts
// held-out responses best inside the planted ROIs.
TEST(DemoSubject, DemoImageEncoderRecoversPlantedRois) {
  const auto folder = core::builtInPluginDir() / "demo" / "image-encoder";
  ASSERT_TRUE(std::filesystem::exists(folder / "model.json")) << folder;
  const core::ImageEmbedder embedder(core::ModelBundle::load(folder));
  auto embed = [&](const std::vector<std::int32_t>& indices) {
    std::vector<core::StimulusImage> images;
    for (auto i : indices) images.push_back(fullBank().images[static_cast<std::size_t>(i)]);
    return embedder.embed(images);
  };
  const auto& design = fullSubject().design;
  const auto m = encoderMedians(embed(design.trainStimulus), embed(design.testStimulus), "demo image encoder");
  RecordProperty("median_r2_category_rois", std::to_string(m.category));
  RecordProperty("median_r2_v1_v3", std::to_string(m.early));
  RecordProperty("median_r2_outside", std::to_string(m.outside));
  EXPECT_GT(m.category, m.outside + 0.1);
  EXPECT_GT(m.category, 3 * std::max(m.outside, 0.01));
  EXPECT_GT(m.early, m.outside);
}

// The same with features computed from the pixels in C++ (Gabor energy and colour, no learning): V1-V3, whose
// planted model reads Gabor energy, are predicted best; the category ROIs still beat the rest.
TEST(DemoSubject, PixelFeatureEncoderRecoversPlantedRois) {
  const auto& design = fullSubject().design;
  const auto m = encoderMedians(pixelFeatures(fullBank(), design.trainStimulus),
                                pixelFeatures(fullBank(), design.testStimulus), "pixel features");
  EXPECT_GT(m.category, m.outside + 0.1);
  EXPECT_GT(m.early, m.category);
  EXPECT_GT(m.early, m.outside + 0.2);
}
