// Geodesic distances against exact answers: great-circle arcs on a sphere and straight lines on a flat grid.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stop_token>

#include "core/geometry/GeodesicDistance.h"
#include "core/geometry/Icosphere.h"

using namespace vl;

namespace {
// A flat n x n grid in the z = 0 plane, spacing h, each square cut along one diagonal, counter-clockwise from +z.
// `jitter` moves interior vertices in the plane by up to jitter * h.
core::Surface flatGrid(int n, float h, float jitter = 0.0f) {
  core::Surface grid;
  std::mt19937 random(11);
  std::uniform_real_distribution<float> offset(-jitter * h, jitter * h);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const bool interior = i > 0 && j > 0 && i < n - 1 && j < n - 1;
      const float dx = interior ? offset(random) : 0.0f, dy = interior ? offset(random) : 0.0f;
      grid.vertices.push_back({i * h + dx, j * h + dy, 0.0f});
    }
  auto id = [n](int i, int j) { return std::int32_t(j * n + i); };
  for (int j = 0; j + 1 < n; ++j)
    for (int i = 0; i + 1 < n; ++i) {
      grid.triangles.push_back({id(i, j), id(i + 1, j), id(i + 1, j + 1)});
      grid.triangles.push_back({id(i, j), id(i + 1, j + 1), id(i, j + 1)});
    }
  return grid;
}

double planarDistance(const core::Vec3f& a, const core::Vec3f& b) { return std::hypot(a[0] - b[0], a[1] - b[1]); }
}  // namespace

TEST(GeodesicDistance, GreatCircleArcsOnASphereWithin2Percent) {
  const float radius = 50.0f;
  const auto sphere = core::makeIcosphere(5, radius);
  const std::int32_t seed[] = {0};
  const auto distance = core::geodesicDistance(sphere, seed);
  ASSERT_EQ(distance.size(), sphere.vertexCount());
  EXPECT_EQ(distance[0], 0.0f);
  const auto& p = sphere.vertices[0];
  double worst = 0, sum = 0;
  for (std::size_t v = 1; v < sphere.vertexCount(); ++v) {
    const auto& q = sphere.vertices[v];
    const double cosine = (double(p[0]) * q[0] + double(p[1]) * q[1] + double(p[2]) * q[2]) / (radius * radius);
    const double arc = radius * std::acos(std::clamp(cosine, -1.0, 1.0));
    const double error = std::fabs(distance[v] - arc) / arc;
    worst = std::max(worst, error);
    sum += error;
  }
  EXPECT_LT(worst, 0.02);
  EXPECT_LT(sum / double(sphere.vertexCount() - 1), 0.005);  // Dijkstra on edges is off by ~4% on average
}

TEST(GeodesicDistance, StraightLinesOnAFlatGridWithin2Percent) {
  for (float jitter : {0.0f, 0.2f}) {
    const auto grid = flatGrid(81, 1.0f, jitter);
    const std::int32_t centre = 40 * 81 + 40;
    const std::int32_t seed[] = {centre};
    const auto distance = core::geodesicDistance(grid, seed);
    double worst = 0;
    for (std::size_t v = 0; v < grid.vertexCount(); ++v) {
      if (static_cast<std::int32_t>(v) == centre) continue;
      const double exact = planarDistance(grid.vertices[v], grid.vertices[static_cast<std::size_t>(centre)]);
      worst = std::max(worst, std::fabs(distance[v] - exact) / exact);
    }
    EXPECT_LT(worst, 0.02) << "jitter " << jitter;
  }
}

TEST(GeodesicDistance, SeveralSeedsGiveTheDistanceToTheNearest) {
  const auto grid = flatGrid(61, 0.5f);
  const std::int32_t seeds[] = {10 * 61 + 10, 50 * 61 + 45};
  const auto distance = core::geodesicDistance(grid, seeds);
  for (std::size_t v = 0; v < grid.vertexCount(); v += 7) {
    const double exact = std::min(planarDistance(grid.vertices[v], grid.vertices[static_cast<std::size_t>(seeds[0])]),
                                  planarDistance(grid.vertices[v], grid.vertices[static_cast<std::size_t>(seeds[1])]));
    EXPECT_NEAR(distance[v], exact, 0.02 * exact + 1e-6);
  }
}

TEST(GeodesicDistance, MaxDistanceTruncatesToInfinityAndKeepsTheRestExact) {
  const auto sphere = core::makeIcosphere(4, 40.0f);
  const std::int32_t seed[] = {12};
  const auto full = core::geodesicDistance(sphere, seed);
  const auto near = core::geodesicDistance(sphere, seed, 15.0f);
  std::size_t inside = 0;
  for (std::size_t v = 0; v < sphere.vertexCount(); ++v) {
    if (full[v] <= 15.0f) {
      EXPECT_EQ(near[v], full[v]);
      ++inside;
    } else {
      EXPECT_TRUE(std::isinf(near[v]));
    }
  }
  EXPECT_GT(inside, 20u);
  EXPECT_LT(inside, sphere.vertexCount() / 4);
}

TEST(GeodesicDistance, DiscVertexCountGrowsWithTheSquareOfTheRadius) {
  const auto grid = flatGrid(101, 1.0f);
  const std::int32_t centre = 50 * 101 + 50;
  const auto small = core::geodesicDisc(grid, centre, 10.0f);
  const auto large = core::geodesicDisc(grid, centre, 20.0f);
  // One vertex per mm^2: pi r^2 vertices, within the boundary's rounding.
  EXPECT_NEAR(double(small.size()), std::numbers::pi * 100, 0.06 * std::numbers::pi * 100);
  EXPECT_NEAR(double(large.size()), std::numbers::pi * 400, 0.03 * std::numbers::pi * 400);
  EXPECT_NEAR(double(large.size()) / double(small.size()), 4.0, 0.2);
  EXPECT_TRUE(std::is_sorted(small.begin(), small.end()));
  EXPECT_TRUE(std::binary_search(small.begin(), small.end(), centre));
  for (auto v : small)
    EXPECT_LE(planarDistance(grid.vertices[static_cast<std::size_t>(v)], grid.vertices[centre]), 10.0 * 1.02);
}

TEST(GeodesicDistance, UnreachedComponentStaysInfinite) {
  auto two = core::makeIcosphere(2, 10.0f);
  const auto other = core::makeIcosphere(2, 10.0f, {100, 0, 0});
  const auto offset = static_cast<std::int32_t>(two.vertexCount());
  two.vertices.insert(two.vertices.end(), other.vertices.begin(), other.vertices.end());
  for (auto t : other.triangles) two.triangles.push_back({t[0] + offset, t[1] + offset, t[2] + offset});
  const std::int32_t seed[] = {3};
  const auto distance = core::geodesicDistance(two, seed);
  for (std::size_t v = 0; v < two.vertexCount(); ++v)
    EXPECT_EQ(std::isinf(distance[v]), v >= static_cast<std::size_t>(offset)) << v;
}

TEST(GeodesicDistance, RejectsSeedsOutsideTheMeshAndHonoursCancellation) {
  const auto sphere = core::makeIcosphere(3, 10.0f);
  const std::int32_t bad[] = {static_cast<std::int32_t>(sphere.vertexCount())};
  EXPECT_THROW(core::geodesicDistance(sphere, bad), std::invalid_argument);
  const std::int32_t negative[] = {-1};
  EXPECT_THROW(core::geodesicDistance(sphere, negative), std::invalid_argument);

  const auto big = core::makeIcosphere(6, 10.0f);
  std::stop_source stop;
  stop.request_stop();
  const core::JobContext context(stop.get_token(), nullptr);
  const std::int32_t seed[] = {0};
  EXPECT_THROW(core::geodesicDistance(big, seed, std::numeric_limits<float>::infinity(), context), core::JobCancelled);
}
