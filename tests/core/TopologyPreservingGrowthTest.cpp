// Topology-preserving growth and the voxel boundary mesh on small hand-made masks: a cube, a solid torus (whose
// handle the growth must cut) and a hollow ball (whose cavity it must leave open to the outside).
#include <gtest/gtest.h>

#include <cmath>

#include "core/anatomy/TopologyPreservingGrowth.h"
#include "core/anatomy/VoxelBoundaryMesh.h"
#include "core/geometry/MeshOrientation.h"
#include "core/geometry/MeshTopology.h"

using namespace vl::core;

namespace {
template <class Inside>
std::vector<std::uint8_t> maskOf(const GridSize& size, Inside inside) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(size.count()), 0);
  for (std::int64_t k = 0; k < size.nz; ++k)
    for (std::int64_t j = 0; j < size.ny; ++j)
      for (std::int64_t i = 0; i < size.nx; ++i)
        if (size.isInterior(i, j, k) && inside(double(i), double(j), double(k)))
          mask[static_cast<std::size_t>(size.index(i, j, k))] = 1;
  return mask;
}
std::size_t countOf(const std::vector<std::uint8_t>& mask) {
  std::size_t n = 0;
  for (auto v : mask) n += v != 0;
  return n;
}
}  // namespace

TEST(VoxelBoundaryMesh, OneVoxelIsAClosedOutwardCube) {
  const GridSize size{3, 3, 3};
  std::vector<std::uint8_t> mask(27, 0);
  mask[13] = 1;
  const auto cube = voxelBoundaryMesh(size, mask);
  EXPECT_EQ(cube.vertexCount(), 8u);
  EXPECT_EQ(cube.triangleCount(), 12u);
  const auto report = analyseTopology(cube);
  EXPECT_TRUE(report.isClosedManifold()) << report.summary();
  EXPECT_EQ(report.eulerCharacteristic, 2);
  EXPECT_NEAR(signedVolume(cube), 1.0, 1e-6);  // unit voxel, wound to face outwards
  for (const auto& v : cube.vertices)
    for (float c : v) EXPECT_TRUE(c == 0.5f || c == 1.5f);
}

TEST(VoxelBoundaryMesh, RejectsForegroundOnTheBorder) {
  std::vector<std::uint8_t> mask(27, 0);
  mask[0] = 1;
  EXPECT_THROW(voxelBoundaryMesh({3, 3, 3}, mask), std::invalid_argument);
}

TEST(TopologyPreservingGrowth, FillsABallCompletely) {
  const GridSize size{20, 20, 20};
  const auto ball = maskOf(size, [](double i, double j, double k) {
    return std::hypot(i - 9.5, j - 9.5, k - 9.5) < 7.0;
  });
  const std::vector<float> likelihood(static_cast<std::size_t>(size.count()), 1.0f);
  const auto grown = growWithoutHandles(size, likelihood, ball, {{9, 9, 9}, 2.0});
  EXPECT_EQ(grown.voxels, countOf(ball));
  EXPECT_EQ(grown.allowedVoxels, countOf(ball));
  const auto report = analyseTopology(voxelBoundaryMesh(size, grown.grown));
  EXPECT_TRUE(report.isClosedManifold()) << report.summary();
  EXPECT_EQ(report.eulerCharacteristic, 2);
}

TEST(TopologyPreservingGrowth, CutsTheHandleOfATorusWhereLikelihoodIsLowest) {
  const GridSize size{32, 32, 14};
  const auto torus = maskOf(size, [](double i, double j, double k) {
    const double ring = std::hypot(i - 15.5, j - 15.5) - 10.0;
    return std::hypot(ring, k - 6.5) < 3.5;
  });
  // The boundary of the torus mask itself has Euler characteristic 0 (one handle).
  EXPECT_EQ(analyseTopology(voxelBoundaryMesh(size, torus)).eulerCharacteristic, 0);
  // Likelihood falls with distance from the +x side, so the cut lands on the -x side.
  std::vector<float> likelihood(static_cast<std::size_t>(size.count()));
  for (std::int64_t k = 0; k < size.nz; ++k)
    for (std::int64_t j = 0; j < size.ny; ++j)
      for (std::int64_t i = 0; i < size.nx; ++i) likelihood[static_cast<std::size_t>(size.index(i, j, k))] = float(i);
  const auto grown = growWithoutHandles(size, likelihood, torus, {{25, 15, 6}, 2.0});
  const auto surface = voxelBoundaryMesh(size, grown.grown);
  const auto report = analyseTopology(surface);
  EXPECT_TRUE(report.isClosedManifold()) << report.summary();
  EXPECT_EQ(report.components, 1u);
  EXPECT_EQ(report.eulerCharacteristic, 2) << report.summary();
  // Only a thin cut is missing, all of it on the low-likelihood side.
  const auto missing = grown.allowedVoxels - grown.voxels;
  EXPECT_GT(missing, 0u);
  EXPECT_LT(missing, grown.allowedVoxels / 10);
  for (std::int64_t k = 0; k < size.nz; ++k)
    for (std::int64_t j = 0; j < size.ny; ++j)
      for (std::int64_t i = 0; i < size.nx; ++i) {
        const auto v = static_cast<std::size_t>(size.index(i, j, k));
        if (torus[v] && !grown.grown[v]) {
          EXPECT_LT(i, 10) << "cut at " << i << "," << j << "," << k;
        }
      }
}

TEST(TopologyPreservingGrowth, NeverClosesACavity) {
  const GridSize size{20, 20, 20};
  const auto shell = maskOf(size, [](double i, double j, double k) {
    const double r = std::hypot(i - 9.5, j - 9.5, k - 9.5);
    return r < 8.0 && r > 4.0;
  });
  const std::vector<float> likelihood(static_cast<std::size_t>(size.count()), 1.0f);
  const auto grown = growWithoutHandles(size, likelihood, shell, {{9, 9, 16}, 1.0});
  const auto report = analyseTopology(voxelBoundaryMesh(size, grown.grown));
  EXPECT_EQ(report.components, 1u) << "the inner wall would be a second surface";
  EXPECT_EQ(report.eulerCharacteristic, 2);
  EXPECT_LT(grown.voxels, grown.allowedVoxels);
}

TEST(TopologyPreservingGrowth, RejectsASeedOutsideTheMask) {
  const GridSize size{5, 5, 5};
  const std::vector<std::uint8_t> mask(125, 0);
  const std::vector<float> likelihood(125, 0.0f);
  EXPECT_THROW(growWithoutHandles(size, likelihood, mask, {{2, 2, 2}, 1.0}), std::invalid_argument);
}
