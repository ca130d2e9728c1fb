// Volume-to-surface sampling: hand-computed values on a tiny NIfTI (inside, at the edges, outside) for every
// method, then agreement with Connectome Workbench's wb_command -volume-to-surface-mapping on committed fixtures
// (tests/data/vol2surf, made by make_fixtures.sh) and, when wb_command is installed, live on the Colin27 brain.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/geometry/Icosphere.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/io/GiftiReader.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "core/io/TemplateFolder.h"
#include "tests/support/TempDir.h"
#include "tests/support/Peers.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
using vl::fixtures::TempDir;
using core::VolumeSampling;

const fs::path kData = fs::path(VOXELLENS_TEST_DATA) / "vol2surf";
constexpr float kTolerance = 1e-4f;

// 4x3x2 voxels holding 1 + i + 10 j + 100 k (a linear function, so trilinear reproduces it exactly and
// extrapolates it exactly); sform: 2 mm voxels, x flipped, origin (10, 20, 30). Written and read back as NIfTI
// so that the transform goes through the same reader as real files.
core::Volume tinyVolume(const fs::path& folder, int frames = 1) {
  core::Volume volume;
  volume.dims = {4, 3, 2, frames};
  volume.spacing = {2, 2, 2};
  volume.voxelToWorld.m = {-2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1};
  for (int t = 0; t < frames; ++t)
    for (int k = 0; k < 2; ++k)
      for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 4; ++i) volume.voxels.push_back(float(1 + i + 10 * j + 100 * k + 1000 * t));
  core::writeNifti(folder / "tiny.nii", volume);
  return core::readNifti(folder / "tiny.nii");
}
// World position of a (fractional) voxel index of tinyVolume.
core::Vec3f at(double i, double j, double k) { return {float(10 - 2 * i), float(20 + 2 * j), float(30 + 2 * k)}; }
double linear(double i, double j, double k) { return 1 + i + 10 * j + 100 * k; }

std::vector<float> sample(const core::Volume& v, const std::vector<core::Vec3f>& p, VolumeSampling m,
                          core::OutsideValue outside = core::OutsideValue::Nan) {
  return core::sampleVolumeAtVertices(v, p, core::VolumeSamplingOptions{m, 0, outside});
}

}  // namespace

TEST(VolumeToSurface, TrilinearInsideAtTheEdgesAndOutside) {
  TempDir dir;
  const auto volume = tinyVolume(dir.path);
  const std::vector<core::Vec3f> points = {
      at(1.25, 0.5, 0.75),    // 0 inside
      at(3, 2, 1),            // 1 the last voxel centre: still defined
      at(0, 0, 0),            // 2 the first
      at(-0.005, 1, 0.5),     // 3 0.005 voxel before the first centre: Workbench's 0.01 band, extrapolated
      at(3.005, 1.5, 0.5),    // 4 the same beyond the last centre
      at(2.5, 1.995, 1.004),  // 5 the band on two axes at once
      at(-0.02, 1, 0.5),      // 6 past the band: no value
      at(3.25, 1, 0.5),       // 7 between the last centre and the volume's face: no value for trilinear
      at(1, 1, -0.4),         // 8 the same below the first slice
      at(50, 50, 50),         // 9 far away
  };
  const auto values = sample(volume, points, VolumeSampling::Trilinear);
  EXPECT_NEAR(values[0], linear(1.25, 0.5, 0.75), kTolerance);
  EXPECT_NEAR(values[1], 124.0, kTolerance);
  EXPECT_NEAR(values[2], 1.0, kTolerance);
  EXPECT_NEAR(values[3], linear(-0.005, 1, 0.5), kTolerance);  // 60.995: below the first voxel's value
  EXPECT_NEAR(values[4], linear(3.005, 1.5, 0.5), kTolerance);
  EXPECT_NEAR(values[5], linear(2.5, 1.995, 1.004), kTolerance);
  for (int outside : {6, 7, 8, 9}) EXPECT_TRUE(std::isnan(values[outside])) << outside;
  // Workbench's outside value is 0; the values inside do not change.
  const auto zero = sample(volume, points, VolumeSampling::Trilinear, core::OutsideValue::Zero);
  for (int outside : {6, 7, 8, 9}) EXPECT_EQ(zero[outside], 0.0f) << outside;
  for (int inside = 0; inside < 6; ++inside) EXPECT_EQ(zero[inside], values[inside]) << inside;
  EXPECT_EQ(core::workbenchVolumeToSurface(volume, points, VolumeSampling::Trilinear), zero);
}

TEST(VolumeToSurface, EnclosingAndNearestInsideAtTheEdgesAndOutside) {
  TempDir dir;
  const auto volume = tinyVolume(dir.path);
  const std::vector<core::Vec3f> points = {
      at(1.3, 0.7, 0.2),    // 0 voxel (1, 1, 0)
      at(3.25, 1, 0.5),     // 1 between the last centre and the face: voxel (3, 1, 1) (0.5 rounds up)
      at(-0.5, 1, 0),       // 2 exactly on the volume's first face: voxel 0 for Enclosing, outside for Nearest
      at(3.5, 1, 0),        // 3 exactly on the last face: outside for both
      at(1.5, 0.5, 0.49),   // 4 on voxel boundaries: both go up to (2, 1, 0)
      at(-0.6, 1, 0),       // 5 outside
      at(2, 2.6, 0),        // 6 outside
      at(-40, 3, 3),        // 7 far away
  };
  const auto enclosing = sample(volume, points, VolumeSampling::Enclosing);
  EXPECT_EQ(enclosing[0], linear(1, 1, 0));
  EXPECT_EQ(enclosing[1], linear(3, 1, 1));
  EXPECT_EQ(enclosing[2], linear(0, 1, 0));
  EXPECT_TRUE(std::isnan(enclosing[3]));
  EXPECT_EQ(enclosing[4], linear(2, 1, 0));
  for (int outside : {5, 6, 7}) EXPECT_TRUE(std::isnan(enclosing[outside])) << outside;
  const auto nearest = sample(volume, points, VolumeSampling::Nearest);
  for (int same : {0, 1, 4}) EXPECT_EQ(nearest[same], enclosing[same]) << same;
  for (int outside : {2, 3, 5, 6, 7}) EXPECT_TRUE(std::isnan(nearest[outside])) << outside;
  const auto zero = sample(volume, points, VolumeSampling::Enclosing, core::OutsideValue::Zero);
  for (int outside : {3, 5, 6, 7}) EXPECT_EQ(zero[outside], 0.0f) << outside;
  EXPECT_EQ(zero[2], linear(0, 1, 0));
}

TEST(VolumeToSurface, OneSliceVolumesUseTheEnclosingVoxelAsWorkbenchDoes) {
  core::Volume slab;
  slab.dims = {3, 2, 1, 1};
  slab.voxels = {0, 1, 2, 3, 4, 5};  // i + 3 j
  const std::vector<core::Vec3f> points = {{0.4f, 0.6f, 0.3f}, {1.6f, 0.2f, -0.3f}, {1.0f, 0.0f, 0.6f}};
  const auto values = sample(slab, points, VolumeSampling::Trilinear);
  EXPECT_EQ(values[0], 3.0f);  // voxel (0, 1): not 0.4 + 1.8
  EXPECT_EQ(values[1], 2.0f);
  EXPECT_TRUE(std::isnan(values[2]));  // half a voxel past the only slice
}

TEST(VolumeToSurface, SamplesTheRequestedFrameAndRefusesOthers) {
  TempDir dir;
  const auto volume = tinyVolume(dir.path, 2);
  const std::vector<core::Vec3f> points = {at(1.5, 1, 0.25)};
  EXPECT_NEAR(core::sampleVolumeAtVertices(volume, points, VolumeSampling::Trilinear, 1)[0],
              1000 + linear(1.5, 1, 0.25), kTolerance);
  EXPECT_EQ(core::sampleVolumeAtVertices(volume, points, VolumeSampling::Enclosing, 1)[0], 1000 + linear(2, 1, 0));
  EXPECT_THROW(core::sampleVolumeAtVertices(volume, points, VolumeSampling::Trilinear, 2), std::out_of_range);
  auto singular = volume;
  singular.voxelToWorld.m[0] = 0;
  EXPECT_THROW(core::sampleVolumeAtVertices(singular, points), std::domain_error);
}

namespace {

// Our values against a metric written by wb_command, vertex by vertex; returns how many vertices had no value.
int expectMatchesWorkbench(const core::Volume& volume, const core::Surface& surface, const fs::path& metricFile,
                           VolumeSampling method) {
  const auto metric = core::giftiScalarMaps(core::readGifti(metricFile), metricFile);
  EXPECT_EQ(metric.maps.size(), 1u);
  const auto& expected = metric.maps.at(0);
  EXPECT_EQ(expected.size(), surface.vertexCount());
  const auto ours = core::workbenchVolumeToSurface(volume, surface.vertices, method);
  const auto withNan = core::sampleVolumeAtVertices(volume, surface.vertices, method);
  int outside = 0;
  double worst = 0;
  for (std::size_t v = 0; v < expected.size() && v < ours.size(); ++v) {
    EXPECT_NEAR(ours[v], expected[v], kTolerance) << metricFile.filename() << " vertex " << v;
    worst = std::max(worst, std::abs(double(ours[v]) - expected[v]));
    // The GUI's NaN stands exactly where Workbench writes its 0 (no voxel here is exactly 0).
    EXPECT_EQ(std::isnan(withNan[v]), expected[v] == 0.0f) << metricFile.filename() << " vertex " << v;
    outside += expected[v] == 0.0f;
  }
  ::testing::Test::RecordProperty(metricFile.filename().string() + " max |difference|", std::to_string(worst));
  return outside;
}

}  // namespace

TEST(VolumeToSurfaceWorkbench, MatchesCommittedWbCommandOutputOnAnObliqueFlippedVolume) {
  const auto volume = core::readNifti(kData / "oblique.nii");
  ASSERT_EQ(volume.dims[0], 12);
  ASSERT_LT(volume.voxelToWorld.m[0] * volume.voxelToWorld.m[5], 0.0);  // x flipped (and rotated)
  const auto surface = core::giftiSurface(core::readGifti(kData / "oblique.surf.gii"), kData / "oblique.surf.gii");
  ASSERT_EQ(surface.vertexCount(), 301u);
  const int trilinearOutside =
      expectMatchesWorkbench(volume, surface, kData / "oblique.trilinear.func.gii", VolumeSampling::Trilinear);
  const int enclosingOutside =
      expectMatchesWorkbench(volume, surface, kData / "oblique.enclosing.func.gii", VolumeSampling::Enclosing);
  // The fixture reaches beyond the volume, and past the outer centres more often than past the faces.
  EXPECT_EQ(trilinearOutside, 149);
  EXPECT_EQ(enclosingOutside, 87);
}

TEST(VolumeToSurfaceWorkbench, MatchesCommittedWbCommandOutputOnAOneSliceVolume) {
  const auto volume = core::readNifti(kData / "slab.nii");
  ASSERT_EQ(volume.dims[2], 1);
  const auto surface = core::giftiSurface(core::readGifti(kData / "slab.surf.gii"), kData / "slab.surf.gii");
  EXPECT_EQ(expectMatchesWorkbench(volume, surface, kData / "slab.trilinear.func.gii", VolumeSampling::Trilinear), 37);
  EXPECT_EQ(expectMatchesWorkbench(volume, surface, kData / "slab.enclosing.func.gii", VolumeSampling::Enclosing), 37);
}

TEST(VolumeToSurfaceWorkbench, MatchesLiveWbCommandOnColin27) {
  const fs::path colin = core::templateFolder() / "ch2better.nii.gz";
  if (std::system("command -v wb_command >/dev/null 2>&1") != 0)
    VL_PEER_MISSING("wb_command is not installed (Debian: apt-get install connectome-workbench); "
                    "the committed fixtures above still compare against its output");
  if (!fs::exists(colin)) VL_PEER_MISSING(colin << " is missing (Debian package mricron-data)");
  TempDir dir;
  // An icosphere through the brain and out of the 151 x 184.5 x 157.5 mm box on every side but the front.
  const auto sphere = core::makeIcosphere(6, 88.0f, {3.3f, -22.7f, 14.1f});
  core::writeGiftiSurface(dir.path / "sphere.surf.gii", sphere);
  const auto volume = core::readNifti(colin);
  for (const auto& [method, flag] : {std::pair{VolumeSampling::Trilinear, "-trilinear"},
                                     std::pair{VolumeSampling::Enclosing, "-enclosing"}}) {
    const fs::path out = dir.path / (std::string(flag + 1) + ".func.gii");
    const std::string command = "wb_command -volume-to-surface-mapping '" + colin.string() + "' '" +
                                (dir.path / "sphere.surf.gii").string() + "' '" + out.string() + "' " + flag;
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const auto expected = core::giftiScalarMaps(core::readGifti(out), out).maps.at(0);
    ASSERT_EQ(expected.size(), sphere.vertexCount());
    const auto ours = core::workbenchVolumeToSurface(volume, sphere.vertices, method);
    int mismatches = 0, outsideVolume = 0;
    for (std::size_t v = 0; v < expected.size(); ++v) {
      mismatches += !(std::abs(ours[v] - expected[v]) <= kTolerance);
      const auto& p = sphere.vertices[v];
      outsideVolume += p[0] < -75 || p[0] > 75 || p[1] < -107 || p[1] > 77.5 || p[2] < -69.5 || p[2] > 88;
    }
    EXPECT_EQ(mismatches, 0) << flag << " over " << expected.size() << " vertices";
    EXPECT_GT(outsideVolume, 1000) << "the sphere should reach beyond the volume";
    EXPECT_LT(outsideVolume, 30000);
  }
}
