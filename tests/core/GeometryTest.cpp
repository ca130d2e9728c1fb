// Geometry on meshes with known answers: spheres (curvature -1/r in FreeSurfer's sign, volume 4/3 pi r^3) and
// deliberately broken meshes for the topology checks.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/geometry/LaplacianSmoothing.h"
#include "core/geometry/MeanCurvature.h"
#include "core/geometry/MeshAdjacency.h"
#include "core/geometry/MeshOrientation.h"
#include "core/geometry/MeshTopology.h"
#include "core/geometry/SulcalDepth.h"
#include "core/geometry/VertexNormals.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;

TEST(MeanCurvature, SphereHasMinusOneOverRadiusEverywhere) {
  const float radius = 40.0f;
  const auto sphere = core::makeIcosphere(4, radius);
  const auto curvature = core::computeMeanCurvature(sphere);
  ASSERT_EQ(curvature.size(), sphere.vertexCount());
  for (float c : curvature) EXPECT_NEAR(c, -1.0f / radius, 0.03f / radius);
}

TEST(MeanCurvature, ScalesInverselyWithRadius) {
  const auto small = core::computeMeanCurvature(core::makeIcosphere(3, 10.0f));
  const auto large = core::computeMeanCurvature(core::makeIcosphere(3, 30.0f));
  EXPECT_NEAR(small[17] / large[17], 3.0f, 1e-3f);
}

TEST(MeanCurvature, OrientOutwardUndoesFlippedWinding) {
  auto sphere = core::makeIcosphere(3, 20.0f);
  for (auto& t : sphere.triangles) std::swap(t[1], t[2]);
  EXPECT_LT(core::signedVolume(sphere), 0);
  EXPECT_TRUE(core::orientOutward(sphere));
  EXPECT_NEAR(core::computeMeanCurvature(sphere)[0], -1.0f / 20.0f, 0.03f / 20.0f);
}

TEST(MeshOrientation, SignedVolumeOfSphere) {
  const auto sphere = core::makeIcosphere(5, 10.0f);
  EXPECT_NEAR(core::signedVolume(sphere), 4.0 / 3.0 * std::numbers::pi * 1000.0, 0.01 * 4188.8);
}

namespace {
core::Surface twoSpheres(bool flipSecond) {
  auto surface = core::makeIcosphere(3, 10.0f);
  const auto second = core::makeIcosphere(2, 5.0f, {40, 0, 0});
  const auto base = static_cast<std::int32_t>(surface.vertexCount());
  surface.vertices.insert(surface.vertices.end(), second.vertices.begin(), second.vertices.end());
  for (auto t : second.triangles) {
    if (flipSecond) std::swap(t[1], t[2]);
    surface.triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
  }
  return surface;
}
}  // namespace

// The renderer culls hidden faces only on what this calls closed: every case that is not must say Undetermined.
TEST(MeshOrientation, FacingOfClosedAndOpenSurfaces) {
  using core::SurfaceFacing;
  auto sphere = core::makeIcosphere(4, 10.0f, {3, -2, 5});
  EXPECT_EQ(core::closedSurfaceFacing(sphere), SurfaceFacing::Outward);
  auto inward = sphere;
  for (auto& t : inward.triangles) std::swap(t[1], t[2]);
  EXPECT_EQ(core::closedSurfaceFacing(inward), SurfaceFacing::Inward);
  auto holed = sphere;
  holed.triangles.pop_back();  // one hole: the inside shows through it
  EXPECT_EQ(core::closedSurfaceFacing(holed), SurfaceFacing::Undetermined);
  auto oneFlipped = sphere;
  std::swap(oneFlipped.triangles[100][1], oneFlipped.triangles[100][2]);
  EXPECT_EQ(core::closedSurfaceFacing(oneFlipped), SurfaceFacing::Undetermined);
  auto doubled = sphere;
  doubled.triangles.push_back(doubled.triangles.front());  // a triangle twice: three uses of its edges
  EXPECT_EQ(core::closedSurfaceFacing(doubled), SurfaceFacing::Undetermined);
  auto degenerate = sphere;
  degenerate.triangles[7][1] = degenerate.triangles[7][0];
  EXPECT_EQ(core::closedSurfaceFacing(degenerate), SurfaceFacing::Undetermined);
  EXPECT_EQ(core::closedSurfaceFacing(twoSpheres(false)), SurfaceFacing::Outward);
  EXPECT_EQ(core::closedSurfaceFacing(twoSpheres(true)), SurfaceFacing::Undetermined);  // one piece each way
  EXPECT_EQ(core::closedSurfaceFacing(core::Surface{}), SurfaceFacing::Undetermined);
}

TEST(VertexNormals, PointOutwardOnSphere) {
  const auto sphere = core::makeIcosphere(3, 5.0f, {1, 2, 3});
  const auto normals = core::computeVertexNormals(sphere.vertices, sphere.triangles);
  for (std::size_t v = 0; v < sphere.vertexCount(); ++v) {
    const float dx = (sphere.vertices[v][0] - 1) / 5, dy = (sphere.vertices[v][1] - 2) / 5, dz = (sphere.vertices[v][2] - 3) / 5;
    EXPECT_GT(normals[v][0] * dx + normals[v][1] * dy + normals[v][2] * dz, 0.99f);
  }
}

TEST(MeshTopology, IcosphereIsAClosedManifoldOfGenusZero) {
  const auto report = core::analyseTopology(core::makeIcosphere(3, 1.0f));
  EXPECT_TRUE(report.isClosedManifold()) << report.summary();
  EXPECT_EQ(report.eulerCharacteristic, 2);
  EXPECT_EQ(report.components, 1u);
  EXPECT_EQ(report.vertices, 642u);
}

TEST(MeshTopology, DetectsHolesNonManifoldEdgesAndBadOrientation) {
  auto holed = core::makeIcosphere(1, 1.0f);
  holed.triangles.pop_back();
  auto report = core::analyseTopology(holed);
  EXPECT_FALSE(report.isClosedManifold());
  EXPECT_EQ(report.boundaryEdges, 3u);

  auto fin = core::makeIcosphere(1, 1.0f);
  fin.vertices.push_back({5, 5, 5});
  fin.triangles.push_back({fin.triangles[0][0], fin.triangles[0][1], static_cast<std::int32_t>(fin.vertices.size() - 1)});
  report = core::analyseTopology(fin);
  EXPECT_EQ(report.nonManifoldEdges, 1u);

  auto flipped = core::makeIcosphere(1, 1.0f);
  std::swap(flipped.triangles[0][1], flipped.triangles[0][2]);
  report = core::analyseTopology(flipped);
  EXPECT_EQ(report.inconsistentEdges, 3u);

  auto twoSpheres = core::makeIcosphere(1, 1.0f);
  const auto other = core::makeIcosphere(1, 1.0f, {5, 0, 0});
  const auto offset = static_cast<std::int32_t>(twoSpheres.vertexCount());
  twoSpheres.vertices.insert(twoSpheres.vertices.end(), other.vertices.begin(), other.vertices.end());
  for (auto t : other.triangles) twoSpheres.triangles.push_back({t[0] + offset, t[1] + offset, t[2] + offset});
  report = core::analyseTopology(twoSpheres);
  EXPECT_TRUE(report.isClosedManifold());
  EXPECT_EQ(report.components, 2u);
  EXPECT_EQ(report.eulerCharacteristic, 4);
}

TEST(MeshTopology, DetectsPinchedVertex) {
  // Two tetrahedra sharing one vertex: every edge has two triangles, but the shared vertex has two fans.
  core::Surface s;
  s.vertices = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, 0, 0}, {0, -1, 0}, {0, 0, -1}};
  s.triangles = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}, {0, 5, 4}, {0, 4, 6}, {0, 6, 5}, {4, 5, 6}};
  const auto report = core::analyseTopology(s);
  EXPECT_EQ(report.boundaryEdges, 0u);
  EXPECT_EQ(report.nonManifoldVertices, 1u);
  EXPECT_FALSE(report.isClosedManifold());
}

TEST(MeshAdjacency, IcosahedronVerticesHaveFiveNeighbours) {
  const auto ico = core::makeIcosphere(0, 1.0f);
  const auto adjacency = core::MeshAdjacency::build(ico.vertexCount(), ico.triangles);
  for (std::size_t v = 0; v < ico.vertexCount(); ++v) EXPECT_EQ(adjacency.degree(v), 5u);
}

TEST(SmoothVertexValues, ConvergesToTheMeanAndKeepsNaN) {
  const auto ico = core::makeIcosphere(2, 1.0f);
  const auto adjacency = core::MeshAdjacency::build(ico.vertexCount(), ico.triangles);
  std::vector<float> values(ico.vertexCount(), 0.0f);
  values[0] = 1.0f;
  values[5] = std::nanf("");
  const auto smooth = core::smoothVertexValues(values, adjacency, 1, 1.0f);
  EXPECT_TRUE(std::isnan(smooth[5]));
  EXPECT_FLOAT_EQ(smooth[0], 0.0f);  // step 1: the mean of its neighbours, all zero
  for (auto e = adjacency.offsets[0]; e < adjacency.offsets[1]; ++e) {
    const auto n = static_cast<std::size_t>(adjacency.neighbours[e]);
    if (n == 5) continue;
    // neighbour n sees vertex 0 (value 1) among its finite neighbours
    std::size_t finite = 0;
    for (auto f = adjacency.offsets[n]; f < adjacency.offsets[n + 1]; ++f) finite += adjacency.neighbours[f] != 5;
    EXPECT_FLOAT_EQ(smooth[n], 1.0f / float(finite));
  }
}

TEST(SulcalDepth, DentIsDeeperThanTheRest) {
  // A sphere with a cluster of vertices pushed inwards: those vertices must have the largest depth (sulcus sign).
  auto sphere = core::makeIcosphere(4, 30.0f);
  std::vector<std::size_t> dent;
  for (std::size_t v = 0; v < sphere.vertexCount(); ++v)
    if (sphere.vertices[v][2] > 28.0f) dent.push_back(v);
  ASSERT_GT(dent.size(), 5u);
  for (auto v : dent)
    for (auto& c : sphere.vertices[v]) c *= 0.85f;
  const auto depth = core::computeSulcalDepth(sphere);
  double dentMean = 0, otherMean = 0;
  for (auto v : dent) dentMean += depth[v] / double(dent.size());
  for (std::size_t v = 0; v < depth.size(); ++v)
    if (sphere.vertices[v][2] < 0) otherMean += depth[v];
  otherMean /= double(depth.size() / 2);
  EXPECT_GT(dentMean, 2.0);
  EXPECT_GT(dentMean, otherMean + 2.0);
}
