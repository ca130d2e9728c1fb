// Inflation on meshes whose answers are known: a perfect sphere is already inflated (it must come back unchanged),
// a sphere with radial noise or with two lobes must lose its bumps but keep its size, topology and orientation.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <stop_token>

#include "core/geometry/Icosphere.h"
#include "core/geometry/SurfaceInflation.h"

using namespace vl;

namespace {
double area(const core::Surface& s) {
  double total = 0;
  for (double a : core::vertexAreas(s.vertices, s.triangles)) total += a;
  return total;
}

// Radius multiplied by 1 + noise, uniform in [-amplitude, amplitude], fixed seed.
core::Surface bumpySphere(int levels, float radius, float amplitude) {
  auto s = core::makeIcosphere(levels, radius);
  std::mt19937 random(7);
  std::uniform_real_distribution<float> noise(-amplitude, amplitude);
  for (auto& p : s.vertices) {
    const float f = 1.0f + noise(random);
    for (auto& c : p) c *= f;
  }
  return s;
}
}  // namespace

TEST(SurfaceInflation, BumpySphereLosesItsBumpsAndKeepsSizeAndTopology) {
  const auto input = bumpySphere(4, 40.0f, 0.06f);
  const auto result = core::inflateSurface(input);
  EXPECT_EQ(result.inflated.vertexCount(), input.vertexCount());
  EXPECT_EQ(result.inflated.triangles, input.triangles);
  EXPECT_EQ(result.inflated.kind, core::SurfaceKind::Inflated);
  EXPECT_NEAR(area(result.inflated), area(input), 0.01 * area(input));
  EXPECT_EQ(result.flippedTriangles, 0u);
  EXPECT_GT(result.iterations, 0);
  // A sphere of radius 40 has |H| = 1/40 everywhere; the noise makes it many times larger.
  EXPECT_GT(result.meanAbsCurvatureBefore, 3.0 / 40.0);
  EXPECT_LT(result.meanAbsCurvatureAfter, 0.3 * result.meanAbsCurvatureBefore);
  EXPECT_NEAR(result.meanAbsCurvatureAfter, 1.0 / 40.0, 0.2 / 40.0);
  // Close to the sphere of equal area (radius 40 minus the chord shortfall): every vertex at about the same radius.
  double centre[3] = {0, 0, 0};
  for (const auto& p : result.inflated.vertices)
    for (int d = 0; d < 3; ++d) centre[d] += p[d] / double(input.vertexCount());
  const double radius = std::sqrt(area(input) / (4 * std::numbers::pi));
  for (const auto& p : result.inflated.vertices) {
    const double r = std::hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]);
    EXPECT_NEAR(r, radius, 0.03 * radius);
  }
  ASSERT_EQ(result.arealDistortion.size(), input.vertexCount());
  EXPECT_GT(result.meanAbsLog2Distortion, 0.0);
  EXPECT_LT(result.meanAbsLog2Distortion, 0.5);
  EXPECT_LT(result.log2DistortionPercentile5, 0.0);
  EXPECT_GT(result.log2DistortionPercentile95, 0.0);
  EXPECT_LE(result.log2DistortionPercentile5, result.log2DistortionPercentile95);
}

TEST(SurfaceInflation, PerfectSphereStopsAtOnceAndStaysPut) {
  const auto input = core::makeIcosphere(4, 30.0f);
  core::InflationOptions options;
  options.curvatureCheckInterval = 10;
  const auto result = core::inflateSurface(input, options);
  EXPECT_EQ(result.iterations, 10);  // curvature cannot fall below 1/r: the first check stops it
  EXPECT_EQ(result.flippedTriangles, 0u);
  EXPECT_NEAR(result.meanAbsCurvatureAfter, result.meanAbsCurvatureBefore, 0.01 * result.meanAbsCurvatureBefore);
  for (std::size_t v = 0; v < input.vertexCount(); v += 37) {
    const auto& p = result.inflated.vertices[v];
    EXPECT_NEAR(std::hypot(p[0], p[1], p[2]), 30.0, 0.3);
  }
  // Only the icosphere's unequal triangles even out a little.
  EXPECT_LT(result.meanAbsLog2Distortion, 0.1);
}

TEST(SurfaceInflation, TwoLobesMergeIntoOneRoundShape) {
  // A sphere pulled out into two lobes along x with a waist between them, plus a ridge: a brain-like concave fold.
  auto input = core::makeIcosphere(5, 30.0f);
  for (auto& p : input.vertices) {
    const float ux = p[0] / 30.0f, uy = p[1] / 30.0f, uz = p[2] / 30.0f;
    const float stretch = 1.0f + 0.8f * ux * ux - 0.25f * std::exp(-ux * ux / 0.02f) + 0.1f * std::sin(8 * uy) * uz;
    for (auto& c : p) c *= stretch;
  }
  const auto result = core::inflateSurface(input);
  EXPECT_EQ(result.inflated.triangles, input.triangles);
  EXPECT_NEAR(area(result.inflated), area(input), 0.01 * area(input));
  EXPECT_EQ(result.flippedTriangles, 0u);
  EXPECT_LT(result.meanAbsCurvatureAfter, 0.8 * result.meanAbsCurvatureBefore);
  EXPECT_LT(result.meanAbsLog2Distortion, 0.5);
}

TEST(SurfaceInflation, BumpyTorusKeepsAreaAndOrientation) {
  // Torus R = 30, r = 10 with radial noise on the tube: genus one, negative curvature on the inner side.
  core::Surface torus;
  const int nu = 96, nv = 32;
  std::mt19937 random(3);
  std::uniform_real_distribution<float> noise(-0.8f, 0.8f);
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nv; ++j) {
      const double u = 2 * std::numbers::pi * i / nu, v = 2 * std::numbers::pi * j / nv;
      const double r = 10.0 + noise(random);
      torus.vertices.push_back({float((30 + r * std::cos(v)) * std::cos(u)), float((30 + r * std::cos(v)) * std::sin(u)),
                                float(r * std::sin(v))});
    }
  auto id = [&](int i, int j) { return std::int32_t(((i + nu) % nu) * nv + (j + nv) % nv); };
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nv; ++j) {
      torus.triangles.push_back({id(i, j), id(i + 1, j), id(i + 1, j + 1)});
      torus.triangles.push_back({id(i, j), id(i + 1, j + 1), id(i, j + 1)});
    }
  ASSERT_EQ(core::countFlippedTriangles(torus.vertices, torus.triangles), 0u);
  const auto result = core::inflateSurface(torus);
  EXPECT_NEAR(area(result.inflated), area(torus), 0.01 * area(torus));
  EXPECT_EQ(result.flippedTriangles, 0u);
  EXPECT_LT(result.meanAbsCurvatureAfter, 0.8 * result.meanAbsCurvatureBefore);
  // Still a torus: no vertex has collapsed onto the axis of revolution.
  for (const auto& p : result.inflated.vertices) EXPECT_GT(std::hypot(p[0], p[1]), 5.0);
}

TEST(SurfaceInflation, CountsATriangleWoundTheWrongWayAsFlipped) {
  auto sphere = core::makeIcosphere(2, 10.0f);
  EXPECT_EQ(core::countFlippedTriangles(sphere.vertices, sphere.triangles), 0u);
  std::swap(sphere.triangles[5][1], sphere.triangles[5][2]);
  std::swap(sphere.triangles[77][1], sphere.triangles[77][2]);
  EXPECT_EQ(core::countFlippedTriangles(sphere.vertices, sphere.triangles), 2u);
}

TEST(SurfaceInflation, VertexAreasAreThirdsOfTriangleAreas) {
  const std::vector<core::Vec3f> x = {{0, 0, 0}, {4, 0, 0}, {0, 3, 0}, {4, 3, 0}};
  const std::vector<core::Triangle> t = {{0, 1, 2}, {1, 3, 2}};
  const auto a = core::vertexAreas(x, t);
  EXPECT_DOUBLE_EQ(a[0], 2.0);
  EXPECT_DOUBLE_EQ(a[1], 4.0);
  EXPECT_DOUBLE_EQ(a[2], 4.0);
  EXPECT_DOUBLE_EQ(a[3], 2.0);
}

TEST(SurfaceInflation, HonoursCancellationAndReportsProgress) {
  const auto input = bumpySphere(3, 20.0f, 0.05f);
  std::stop_source stop;
  int reports = 0;
  core::JobContext counting(stop.get_token(), [&](const core::JobProgress&) { ++reports; });
  core::InflationOptions options;
  options.curvatureTolerance = -1.0;  // never stop early
  options.maxIterations = 50;
  EXPECT_EQ(core::inflateSurface(input, options, counting).iterations, 50);
  EXPECT_GE(reports, 3);
  // Stop from inside the progress callback: the next iteration must throw.
  core::JobContext stopping(stop.get_token(), [&](const core::JobProgress& p) {
    if (p.fraction > 0.1) stop.request_stop();
  });
  EXPECT_THROW(core::inflateSurface(input, options, stopping), core::JobCancelled);
}

TEST(SurfaceInflation, RejectsBadOptions) {
  core::InflationOptions options;
  options.step = 0.0f;
  EXPECT_THROW(core::inflateSurface(core::makeIcosphere(1, 1.0f), options), std::invalid_argument);
}
