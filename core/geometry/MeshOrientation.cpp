#include "core/geometry/MeshOrientation.h"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "core/geometry/DisjointSets.h"

namespace vl::core {
namespace {
double tetrahedronVolume(const Vec3f& a, const Vec3f& b, const Vec3f& c) {
  return (double(a[0]) * (double(b[1]) * c[2] - double(b[2]) * c[1]) -
          double(a[1]) * (double(b[0]) * c[2] - double(b[2]) * c[0]) +
          double(a[2]) * (double(b[0]) * c[1] - double(b[1]) * c[0])) / 6.0;
}

// Every directed edge a->b appears once and its reverse b->a appears once: the edges pair up, two triangles each,
// wound in opposite directions. Directed edges are kept per start vertex (compressed rows), about six each.
bool edgesPairUp(const Surface& surface) {
  const std::size_t n = surface.vertexCount();
  std::vector<std::int64_t> offsets(n + 1, 0);
  for (const auto& t : surface.triangles) {
    for (int c = 0; c < 3; ++c) {
      if (t[c] < 0 || static_cast<std::size_t>(t[c]) >= n) return false;
      if (t[c] == t[(c + 1) % 3]) return false;  // degenerate
      ++offsets[static_cast<std::size_t>(t[c]) + 1];
    }
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<std::int32_t> targets(static_cast<std::size_t>(offsets[n]));
  std::vector<std::int64_t> fill(offsets.begin(), offsets.end() - 1);
  for (const auto& t : surface.triangles)
    for (int c = 0; c < 3; ++c) targets[static_cast<std::size_t>(fill[static_cast<std::size_t>(t[c])]++)] = t[(c + 1) % 3];
  auto outgoing = [&](std::size_t v) {
    return std::pair(targets.begin() + offsets[v], targets.begin() + offsets[v + 1]);
  };
  for (std::size_t a = 0; a < n; ++a) {
    auto [begin, end] = outgoing(a);
    std::sort(begin, end);
    if (std::adjacent_find(begin, end) != end) return false;  // a->b twice: same direction or non-manifold
  }
  for (std::size_t a = 0; a < n; ++a) {
    auto [begin, end] = outgoing(a);
    for (auto b = begin; b != end; ++b) {
      auto [rb, re] = outgoing(static_cast<std::size_t>(*b));
      if (!std::binary_search(rb, re, static_cast<std::int32_t>(a))) return false;  // a boundary edge
    }
  }
  return true;
}
}  // namespace


double signedVolume(const Surface& surface) {
  // Divergence theorem: sum of signed tetrahedra from the origin to each triangle.
  double volume = 0;
  for (const auto& t : surface.triangles) {
    volume += tetrahedronVolume(surface.vertices[static_cast<std::size_t>(t[0])],
                                surface.vertices[static_cast<std::size_t>(t[1])],
                                surface.vertices[static_cast<std::size_t>(t[2])]);
  }
  return volume;
}


SurfaceFacing closedSurfaceFacing(const Surface& surface) {
  if (surface.triangles.empty() || !edgesPairUp(surface)) return SurfaceFacing::Undetermined;
  // Signed volume per connected piece: a closed surface in several pieces (two hemispheres in one file, a
  // separate cerebellum) faces one way only when every piece does.
  DisjointSets pieces(surface.vertexCount());
  for (const auto& t : surface.triangles)
    for (int c = 1; c < 3; ++c) pieces.join(static_cast<std::uint32_t>(t[0]), static_cast<std::uint32_t>(t[c]));
  std::vector<double> volume(surface.vertexCount(), 0.0);
  for (const auto& t : surface.triangles)
    volume[pieces.find(static_cast<std::uint32_t>(t[0]))] +=
        tetrahedronVolume(surface.vertices[static_cast<std::size_t>(t[0])], surface.vertices[static_cast<std::size_t>(t[1])],
                          surface.vertices[static_cast<std::size_t>(t[2])]);
  bool allPositive = true, allNegative = true;
  for (std::size_t v = 0; v < volume.size(); ++v) {
    if (pieces.find(static_cast<std::uint32_t>(v)) != v) continue;
    if (volume[v] == 0.0) continue;  // a vertex no triangle uses
    allPositive = allPositive && volume[v] > 0;
    allNegative = allNegative && volume[v] < 0;
  }
  if (allPositive && !allNegative) return SurfaceFacing::Outward;
  if (allNegative && !allPositive) return SurfaceFacing::Inward;
  return SurfaceFacing::Undetermined;
}

bool orientOutward(Surface& surface) {
  if (signedVolume(surface) >= 0) return false;
  for (auto& t : surface.triangles) std::swap(t[1], t[2]);
  return true;
}

}  // namespace vl::core
