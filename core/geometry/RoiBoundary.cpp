#include "core/geometry/RoiBoundary.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/geometry/MeshAdjacency.h"

namespace vl::core {
namespace {
// Where the border crosses edge (i, j). Computed from the lower index first, so both triangles of an edge produce
// bit-identical points.
class CrossingPoints {
public:
  CrossingPoints(const Surface& surface, std::span<const std::int32_t> keys, BoundaryCrossing crossing)
      : x_(surface.vertices), keys_(keys), crossing_(crossing) {
    if (crossing_ == BoundaryCrossing::Smoothed) adjacency_ = MeshAdjacency::build(x_.size(), surface.triangles);
  }

  Vec3f operator()(std::int32_t i, std::int32_t j) const {
    if (i > j) std::swap(i, j);
    const auto& p = x_[static_cast<std::size_t>(i)];
    const auto& q = x_[static_cast<std::size_t>(j)];
    float t = 0.5f;
    if (crossing_ == BoundaryCrossing::Smoothed) {
      const std::int32_t ki = keys_[static_cast<std::size_t>(i)], kj = keys_[static_cast<std::size_t>(j)];
      const double gi = balance(i, ki, kj), gj = balance(j, ki, kj);
      // The zero of the balance, linear along the edge; kept off the ends so that segments never degenerate.
      if (gi > 0 && gj < 0) t = std::clamp(static_cast<float>(gi / (gi - gj)), 0.2f, 0.8f);
    }
    return {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])};
  }

private:
  // (vertices carrying `mine` - vertices carrying `theirs`) / count, over v and its neighbours.
  double balance(std::int32_t v, std::int32_t mine, std::int32_t theirs) const {
    const auto row = static_cast<std::size_t>(v);
    int score = keys_[row] == mine ? 1 : keys_[row] == theirs ? -1 : 0;
    for (auto e = adjacency_.offsets[row]; e < adjacency_.offsets[row + 1]; ++e) {
      const auto key = keys_[static_cast<std::size_t>(adjacency_.neighbours[static_cast<std::size_t>(e)])];
      score += key == mine ? 1 : key == theirs ? -1 : 0;
    }
    return double(score) / double(adjacency_.degree(row) + 1);
  }

  const std::vector<Vec3f>& x_;
  std::span<const std::int32_t> keys_;
  BoundaryCrossing crossing_;
  MeshAdjacency adjacency_;
};
}  // namespace

RoiBoundary computeRoiBoundary(const Surface& surface, std::span<const std::int32_t> keys, BoundaryCrossing crossing,
                               const JobContext& context) {
  const std::size_t n = surface.vertexCount();
  if (keys.size() != n)
    throw std::invalid_argument("computeRoiBoundary: " + std::to_string(keys.size()) + " keys for a mesh of " +
                                std::to_string(n) + " vertices");
  const auto& x = surface.vertices;
  for (const auto& t : surface.triangles)
    for (auto v : t)
      if (v < 0 || static_cast<std::size_t>(v) >= n)
        throw std::invalid_argument("computeRoiBoundary: triangle index " + std::to_string(v) + " out of range");
  const CrossingPoints crossingPoint(surface, keys, crossing);
  RoiBoundary result;
  result.onBoundary.assign(n, 0);
  for (std::size_t i = 0; i < surface.triangles.size(); ++i) {
    if (i % 65536 == 0) {
      context.throwIfStopped();
      context.report(double(i) / double(surface.triangles.size()), "ROI boundaries");
    }
    const auto& t = surface.triangles[i];
    const std::int32_t k[3] = {keys[static_cast<std::size_t>(t[0])], keys[static_cast<std::size_t>(t[1])],
                               keys[static_cast<std::size_t>(t[2])]};
    if (k[0] == k[1] && k[1] == k[2]) continue;
    const auto triangle = static_cast<std::int32_t>(i);
    for (int c = 0; c < 3; ++c) {
      const int next = (c + 1) % 3;
      if (k[c] == k[next]) continue;
      result.onBoundary[static_cast<std::size_t>(t[c])] = 1;
      result.onBoundary[static_cast<std::size_t>(t[next])] = 1;
      // Each interior edge comes from both its triangles; stored as (lower, higher) and deduplicated below.
      if (t[c] < t[next]) result.edges.push_back({t[c], t[next], k[c], k[next]});
      else result.edges.push_back({t[next], t[c], k[next], k[c]});
    }
    if (k[0] != k[1] && k[1] != k[2] && k[0] != k[2]) {
      ++result.junctionTriangles;
      const Vec3f centroid = {(x[static_cast<std::size_t>(t[0])][0] + x[static_cast<std::size_t>(t[1])][0] +
                               x[static_cast<std::size_t>(t[2])][0]) / 3.0f,
                              (x[static_cast<std::size_t>(t[0])][1] + x[static_cast<std::size_t>(t[1])][1] +
                               x[static_cast<std::size_t>(t[2])][1]) / 3.0f,
                              (x[static_cast<std::size_t>(t[0])][2] + x[static_cast<std::size_t>(t[1])][2] +
                               x[static_cast<std::size_t>(t[2])][2]) / 3.0f};
      // From the centroid to the crossing on edge (c, c+1): in a counter-clockwise triangle c+1 lies on the left.
      for (int c = 0; c < 3; ++c) {
        const int next = (c + 1) % 3;
        result.segments.push_back({centroid, crossingPoint(t[c], t[next]), k[next], k[c], triangle});
      }
      continue;
    }
    // Two keys: rotate (keeping the winding) so that corner 2 is the odd one out. Then the segment from the
    // crossing on edge (1, 2) to that on edge (2, 0) has corners 0 and 1 on its left.
    const int odd = k[0] == k[1] ? 2 : k[1] == k[2] ? 0 : 1;
    const int c0 = (odd + 1) % 3, c1 = (odd + 2) % 3, c2 = odd;
    result.segments.push_back({crossingPoint(t[c1], t[c2]), crossingPoint(t[c2], t[c0]), k[c0], k[c2], triangle});
  }
  std::sort(result.edges.begin(), result.edges.end(),
            [](const BoundaryEdge& l, const BoundaryEdge& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  result.edges.erase(std::unique(result.edges.begin(), result.edges.end(),
                                 [](const BoundaryEdge& l, const BoundaryEdge& r) { return l.a == r.a && l.b == r.b; }),
                     result.edges.end());
  context.report(1.0, "ROI boundaries");
  return result;
}

}  // namespace vl::core
