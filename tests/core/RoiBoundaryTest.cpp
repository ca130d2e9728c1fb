// ROI outlines on spheres with known borders: the equator (a closed loop of length 2 pi r), three sectors meeting
// in Y junctions at the poles, and a uniform map with no border at all.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numbers>

#include "core/geometry/Icosphere.h"
#include "core/geometry/RoiBoundary.h"

using namespace vl;

namespace {
// How many segment ends meet at each point (points are bit-identical where segments join).
std::map<core::Vec3f, int> endpointDegrees(const core::RoiBoundary& boundary) {
  std::map<core::Vec3f, int> degree;
  for (const auto& s : boundary.segments) {
    ++degree[s.from];
    ++degree[s.to];
  }
  return degree;
}

double length(const core::BoundarySegment& s) {
  return std::hypot(s.to[0] - s.from[0], s.to[1] - s.from[1], s.to[2] - s.from[2]);
}
}  // namespace

TEST(RoiBoundary, HemispheresMeetInAClosedLoopAroundTheEquator) {
  const float radius = 50.0f;
  const auto sphere = core::makeIcosphere(5, radius);
  std::vector<std::int32_t> keys(sphere.vertexCount());
  // Tilted plane: no vertex lies exactly on it (the icosphere has many at z = 0).
  for (std::size_t v = 0; v < keys.size(); ++v)
    keys[v] = sphere.vertices[v][2] + 0.01f * sphere.vertices[v][0] > 0 ? 7 : 3;
  const double circumference = 2 * std::numbers::pi * radius;
  for (auto crossing : {core::BoundaryCrossing::Midpoint, core::BoundaryCrossing::Smoothed}) {
    const auto boundary = core::computeRoiBoundary(sphere, keys, crossing);
    for (const auto& [point, degree] : endpointDegrees(boundary)) EXPECT_EQ(degree, 2);  // closed, no branches
    double total = 0;
    for (const auto& s : boundary.segments) total += length(s);
    if (crossing == core::BoundaryCrossing::Midpoint) {
      // Measured 353.8 for 314.2: midpoint outlines zig-zag across the triangles.
      EXPECT_GT(total, circumference);
      EXPECT_LT(total, 1.15 * circumference);
    } else {
      EXPECT_NEAR(total, circumference, 0.02 * circumference);  // measured 316.5
    }
  }
  const auto boundary = core::computeRoiBoundary(sphere, keys);
  ASSERT_FALSE(boundary.segments.empty());
  EXPECT_EQ(boundary.junctionTriangles, 0u);
  // Seen from outside, walking from `from` to `to`, keyLeft's vertices are on the left.
  for (const auto& s : boundary.segments) {
    ASSERT_NE(s.keyLeft, s.keyRight);
    const auto& t = sphere.triangles[static_cast<std::size_t>(s.triangle)];
    const double d[3] = {s.to[0] - s.from[0], s.to[1] - s.from[1], s.to[2] - s.from[2]};
    const double n[3] = {s.from[0], s.from[1], s.from[2]};  // outward normal of a sphere about the origin
    const double left[3] = {n[1] * d[2] - n[2] * d[1], n[2] * d[0] - n[0] * d[2], n[0] * d[1] - n[1] * d[0]};
    for (auto v : t) {
      const auto& p = sphere.vertices[static_cast<std::size_t>(v)];
      const double side = (p[0] - s.from[0]) * left[0] + (p[1] - s.from[1]) * left[1] + (p[2] - s.from[2]) * left[2];
      EXPECT_EQ(side > 0, keys[static_cast<std::size_t>(v)] == s.keyLeft);
    }
  }
  // The crossing edges, once each, and the vertex flags are exactly their end points.
  std::vector<std::uint8_t> flags(sphere.vertexCount(), 0);
  for (std::size_t i = 0; i < boundary.edges.size(); ++i) {
    const auto& e = boundary.edges[i];
    EXPECT_LT(e.a, e.b);
    EXPECT_EQ(e.keyA, keys[static_cast<std::size_t>(e.a)]);
    EXPECT_EQ(e.keyB, keys[static_cast<std::size_t>(e.b)]);
    EXPECT_NE(e.keyA, e.keyB);
    if (i > 0) {
      const auto& previous = boundary.edges[i - 1];
      EXPECT_TRUE(previous.a < e.a || (previous.a == e.a && previous.b < e.b));
    }
    flags[static_cast<std::size_t>(e.a)] = flags[static_cast<std::size_t>(e.b)] = 1;
  }
  EXPECT_EQ(boundary.onBoundary, flags);
  // Every border triangle holds one segment and crosses two edges; on a closed loop edges = segments.
  EXPECT_EQ(boundary.edges.size(), boundary.segments.size());
  for (std::size_t v = 0; v < keys.size(); ++v) {
    const double height = sphere.vertices[v][2] + 0.01 * sphere.vertices[v][0];
    // Edges are ~2.2 mm long at level 5: vertices farther from the plane cannot touch the border.
    if (std::fabs(height) > 3.0) {
      EXPECT_EQ(boundary.onBoundary[v], 0) << v;
    }
  }
}

TEST(RoiBoundary, ThreeSectorsMeetInYJunctions) {
  const auto sphere = core::makeIcosphere(4, 30.0f);
  std::vector<std::int32_t> keys(sphere.vertexCount());
  for (std::size_t v = 0; v < keys.size(); ++v) {
    const double angle = std::atan2(sphere.vertices[v][1], sphere.vertices[v][0]) + std::numbers::pi;  // 0..2pi
    keys[v] = 1 + std::min(2, static_cast<int>(angle / (2 * std::numbers::pi / 3)));
  }
  const auto boundary = core::computeRoiBoundary(sphere, keys);
  const auto smoothed = core::computeRoiBoundary(sphere, keys, core::BoundaryCrossing::Smoothed);
  EXPECT_EQ(smoothed.segments.size(), boundary.segments.size());
  EXPECT_EQ(smoothed.junctionTriangles, boundary.junctionTriangles);
  // Three half meridians from pole to pole: each pole has a triangle holding all three keys.
  EXPECT_GE(boundary.junctionTriangles, 2u);
  std::size_t threeWay = 0;
  for (const auto& [point, degree] : endpointDegrees(boundary)) {
    EXPECT_TRUE(degree == 2 || degree == 3) << degree;
    threeWay += degree == 3;
  }
  EXPECT_EQ(threeWay, boundary.junctionTriangles);
  EXPECT_EQ(endpointDegrees(smoothed).size(), endpointDegrees(boundary).size());
  double total = 0;
  for (const auto& s : smoothed.segments) total += length(s);
  EXPECT_NEAR(total, 3 * std::numbers::pi * 30.0, 0.03 * 3 * std::numbers::pi * 30.0);  // three half circles
}

TEST(RoiBoundary, UniformKeysHaveNoBorder) {
  const auto sphere = core::makeIcosphere(3, 10.0f);
  const std::vector<std::int32_t> keys(sphere.vertexCount(), 4);
  const auto boundary = core::computeRoiBoundary(sphere, keys);
  EXPECT_TRUE(boundary.segments.empty());
  EXPECT_TRUE(boundary.edges.empty());
  EXPECT_EQ(boundary.junctionTriangles, 0u);
  EXPECT_EQ(boundary.onBoundary, std::vector<std::uint8_t>(sphere.vertexCount(), 0));
}

TEST(RoiBoundary, SingleTriangleSegmentsEndAtEdgeMidpointsAndCentroid) {
  core::Surface s;
  s.vertices = {{0, 0, 0}, {6, 0, 0}, {0, 6, 0}};
  s.triangles = {{0, 1, 2}};
  const std::vector<std::int32_t> two = {1, 1, 2};
  auto boundary = core::computeRoiBoundary(s, two);
  ASSERT_EQ(boundary.segments.size(), 1u);
  EXPECT_EQ(boundary.segments[0].from, (core::Vec3f{3, 3, 0}));  // midpoint of edge 1-2
  EXPECT_EQ(boundary.segments[0].to, (core::Vec3f{0, 3, 0}));    // midpoint of edge 2-0
  EXPECT_EQ(boundary.segments[0].keyLeft, 1);
  EXPECT_EQ(boundary.segments[0].keyRight, 2);
  EXPECT_EQ(boundary.edges.size(), 2u);

  const std::vector<std::int32_t> three = {1, 2, 3};
  boundary = core::computeRoiBoundary(s, three);
  ASSERT_EQ(boundary.segments.size(), 3u);
  EXPECT_EQ(boundary.junctionTriangles, 1u);
  for (const auto& seg : boundary.segments) EXPECT_EQ(seg.from, (core::Vec3f{2, 2, 0}));
  EXPECT_EQ(boundary.segments[0].to, (core::Vec3f{3, 0, 0}));
  EXPECT_EQ(boundary.segments[0].keyLeft, 2);  // centroid -> midpoint of 0-1: vertex 1 on the left
  EXPECT_EQ(boundary.segments[0].keyRight, 1);
}

TEST(RoiBoundary, RejectsAKeyCountThatDoesNotMatchTheMesh) {
  const auto sphere = core::makeIcosphere(1, 1.0f);
  const std::vector<std::int32_t> keys(sphere.vertexCount() - 1, 0);
  EXPECT_THROW(core::computeRoiBoundary(sphere, keys), std::invalid_argument);
}
