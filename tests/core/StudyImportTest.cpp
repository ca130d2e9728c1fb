// Volumes are sampled at the study's reference surface (white by default), never at the shown one; what a file adds
// is computed from a snapshot and added all or nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/geometry/Icosphere.h"
#include "core/model/Study.h"
#include "core/study/StudyImport.h"

using namespace vl;

namespace {
constexpr float kWhiteRadius = 50.0f, kInflatedRadius = 70.0f;

// Per hemisphere a white sphere and an inflated one with the same vertex order (left at x = -60, right at +60).
std::shared_ptr<core::Study> whiteAndInflatedStudy() {
  auto study = std::make_shared<core::Study>();
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const core::Vec3f centre{side == core::Hemisphere::Left ? -60.0f : 60.0f, 0, 0};
    auto white = std::make_shared<core::Surface>(core::makeIcosphere(2, kWhiteRadius, centre, side));
    white->kind = core::SurfaceKind::White;
    auto inflated = std::make_shared<core::Surface>(core::makeIcosphere(2, kInflatedRadius, centre, side));
    inflated->kind = core::SurfaceKind::Inflated;
    study->setSurfaces(side, {white, inflated});
  }
  return study;
}

float gradient(const core::Vec3f& p) { return p[0] + 2.0f * p[1] + 3.0f * p[2] + 500.0f; }

// A 10 mm grid from -150 to +150 mm on each axis: a linear float gradient (trilinear sampling is exact on it), or
// an atlas of 80 mm slabs along x (region 1 up to x = -75 mm, 2 up to +5 mm, then 3 and 4).
core::Volume gridVolume(bool atlas) {
  core::Volume volume;
  volume.dims = {31, 31, 31, 1};
  volume.voxelToWorld.m[0] = volume.voxelToWorld.m[5] = volume.voxelToWorld.m[10] = 10.0;
  volume.voxelToWorld.m[3] = volume.voxelToWorld.m[7] = volume.voxelToWorld.m[11] = -150.0;
  volume.voxels.resize(31 * 31 * 31);
  for (std::int64_t k = 0; k < 31; ++k)
    for (std::int64_t j = 0; j < 31; ++j)
      for (std::int64_t i = 0; i < 31; ++i) {
        const core::Vec3f p{float(i * 10 - 150), float(j * 10 - 150), float(k * 10 - 150)};
        volume.voxels[std::size_t((k * 31 + j) * 31 + i)] = atlas ? float(1 + i / 8) : gradient(p);
      }
  return volume;
}

std::vector<float> openVolume(core::Study& study, core::Hemisphere side) {
  const core::DataFile file{"gradient.nii.gz", core::FileFormat::Nifti1, gridVolume(false), "FLOAT32", {}};
  core::addToStudy(study, file);
  return study.layers().back().data->valuesFor(side);
}
}  // namespace

TEST(StudyImport, AVolumeOpenedWhileTheInflatedSurfaceIsShownIsSampledAtTheWhiteOne) {
  auto shownWhite = whiteAndInflatedStudy();
  auto shownInflated = whiteAndInflatedStudy();
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) shownInflated->setShownSurface(side, 1);
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto withWhite = openVolume(*shownWhite, side);
    const auto withInflated = openVolume(*shownInflated, side);
    EXPECT_EQ(withInflated, withWhite);
    const auto& white = shownWhite->hemisphere(side).surfaces[0]->vertices;
    const auto& inflated = shownWhite->hemisphere(side).surfaces[1]->vertices;
    ASSERT_EQ(withWhite.size(), white.size());
    std::size_t differFromInflated = 0;
    for (std::size_t v = 0; v < white.size(); ++v) {
      EXPECT_NEAR(withWhite[v], gradient(white[v]), 1e-2f) << "vertex " << v;
      differFromInflated += std::abs(withWhite[v] - gradient(inflated[v])) > 1.0f;
    }
    EXPECT_GT(differFromInflated, white.size() * 9 / 10);
  }
}

TEST(StudyImport, TheChosenReferenceSurfaceIsTheOneSampled) {
  auto study = whiteAndInflatedStudy();
  study->setReferenceSurface(core::Hemisphere::Left, 1);  // sample the left hemisphere at its inflated surface
  const auto left = openVolume(*study, core::Hemisphere::Left);
  const auto right = openVolume(*study, core::Hemisphere::Right);
  const auto& inflated = study->hemisphere(core::Hemisphere::Left).surfaces[1]->vertices;
  const auto& white = study->hemisphere(core::Hemisphere::Right).surfaces[0]->vertices;
  for (std::size_t v = 0; v < inflated.size(); ++v) {
    EXPECT_NEAR(left[v], gradient(inflated[v]), 1e-2f);
    EXPECT_NEAR(right[v], gradient(white[v]), 1e-2f);
  }
}

TEST(StudyImport, AnAtlasVolumeIsSampledAtTheReferenceSurfaceWhateverIsShown) {
  auto shownWhite = whiteAndInflatedStudy();
  auto shownInflated = whiteAndInflatedStudy();
  shownInflated->setShownSurface(core::Hemisphere::Left, 1);
  const core::DataFile file{"atlas.nii.gz", core::FileFormat::Nifti1, gridVolume(true), "UINT8", {}};
  EXPECT_NE(core::addToStudy(*shownWhite, file).find("ROI set"), std::string::npos);
  core::addToStudy(*shownInflated, file);
  const auto& keys = shownWhite->roiSets().back().data->keys[0];
  EXPECT_EQ(shownInflated->roiSets().back().data->keys[0], keys);
  // The white sphere spans x = -110..-10 mm: regions 1 and 2; the inflated one reaches x = +10 mm, region 3.
  EXPECT_EQ(*std::min_element(keys.begin(), keys.end()), 1);
  EXPECT_EQ(*std::max_element(keys.begin(), keys.end()), 2);
  shownInflated->setReferenceSurface(core::Hemisphere::Left, 1);
  core::addToStudy(*shownInflated, file);
  const auto& inflatedKeys = shownInflated->roiSets().back().data->keys[0];
  EXPECT_EQ(*std::max_element(inflatedKeys.begin(), inflatedKeys.end()), 3);
}

TEST(StudyImport, AdditionsPreparedFromASnapshotAreRefusedWholeWhenTheSurfacesNoLongerFit) {
  auto study = whiteAndInflatedStudy();
  const core::DataFile file{"gradient.nii.gz", core::FileFormat::Nifti1, gridVolume(false), "FLOAT32", {}};
  const auto additions = core::prepareAdditions(study->snapshot(), file);
  ASSERT_EQ(additions.layers.size(), 1u);
  EXPECT_TRUE(study->layers().empty());  // preparing changes nothing
  study->setSurfaces(core::Hemisphere::Right,
                     {std::make_shared<core::Surface>(core::makeIcosphere(1, 10.0f, {}, core::Hemisphere::Right))});
  try {
    core::applyAdditions(*study, additions);
    FAIL() << "applied to surfaces with another vertex count";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("gradient.nii.gz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("42"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(study->layers().empty());
}

// An atlas sampled at several depths along the normal: each vertex takes the region most depths find, so one depth
// that falls in a gap of the atlas no longer leaves the vertex unlabelled; a tie goes to the depth listed first.
TEST(StudyImport, AnAtlasSampledAtSeveralDepthsTakesTheRegionMostDepthsFind) {
  // A 10 x 10 mm square in the plane x = 0 whose normal points to +x.
  auto square = std::make_shared<core::Surface>();
  square->hemisphere = core::Hemisphere::Left;
  square->kind = core::SurfaceKind::White;
  square->vertices = {{0, -5, -5}, {0, 5, -5}, {0, 5, 5}, {0, -5, 5}};
  square->triangles = {{0, 1, 2}, {0, 2, 3}};
  core::Study study;
  study.setSurfaces(core::Hemisphere::Left, {square});
  // 1 mm voxels from -10 mm: region 7 up to x = 0, a gap at x = 1, region 5 at x = 2 and 3, nothing beyond.
  core::Volume atlas;
  atlas.dims = {30, 30, 30, 1};
  atlas.voxelToWorld.m[0] = atlas.voxelToWorld.m[5] = atlas.voxelToWorld.m[10] = 1.0;
  atlas.voxelToWorld.m[3] = atlas.voxelToWorld.m[7] = atlas.voxelToWorld.m[11] = -10.0;
  atlas.voxels.resize(30 * 30 * 30);
  for (std::size_t index = 0; index < atlas.voxels.size(); ++index) {
    const int x = int(index % 30) - 10;
    atlas.voxels[index] = x <= 0 ? 7.0f : (x == 2 || x == 3) ? 5.0f : 0.0f;
  }
  auto keysAt = [&](std::vector<float> depths) {
    return core::sampleAtlasVolume(study.snapshot(), atlas, "slabs", {}, depths)->keys[0];
  };
  EXPECT_EQ(keysAt({1.0f}), std::vector<std::int32_t>(4, 0));             // the gap alone: unlabelled
  EXPECT_EQ(keysAt({1.0f, 2.0f, 3.0f, 0.25f}), std::vector<std::int32_t>(4, 5));  // 5 twice, 7 once
  EXPECT_EQ(keysAt({0.25f, 2.0f}), std::vector<std::int32_t>(4, 7));      // a tie: the first depth's region
  EXPECT_EQ(keysAt({2.0f, 0.25f}), std::vector<std::int32_t>(4, 5));
  EXPECT_EQ(core::sampleAtlasVolume(study.snapshot(), atlas, "slabs", {}, 1.0f)->keys[0], keysAt({1.0f}));
  EXPECT_THROW(keysAt({}), std::invalid_argument);
}
