#include "core/geometry/MeshAdjacency.h"

#include <algorithm>

namespace vl::core {

MeshAdjacency MeshAdjacency::build(std::size_t vertexCount, const std::vector<Triangle>& triangles) {
  // Count directed half-edges per vertex, fill, then sort and deduplicate each row.
  std::vector<std::int64_t> counts(vertexCount + 1, 0);
  for (const auto& t : triangles)
    for (int c = 0; c < 3; ++c) counts[static_cast<std::size_t>(t[c]) + 1] += 2;
  for (std::size_t v = 0; v < vertexCount; ++v) counts[v + 1] += counts[v];
  std::vector<std::int32_t> raw(static_cast<std::size_t>(counts[vertexCount]));
  std::vector<std::int64_t> fill(counts.begin(), counts.end() - 1);
  for (const auto& t : triangles) {
    for (int c = 0; c < 3; ++c) {
      const auto v = static_cast<std::size_t>(t[c]);
      raw[static_cast<std::size_t>(fill[v]++)] = t[(c + 1) % 3];
      raw[static_cast<std::size_t>(fill[v]++)] = t[(c + 2) % 3];
    }
  }
  MeshAdjacency adjacency;
  adjacency.offsets.assign(vertexCount + 1, 0);
  adjacency.neighbours.reserve(raw.size() / 2);
  for (std::size_t v = 0; v < vertexCount; ++v) {
    auto begin = raw.begin() + counts[v];
    auto end = raw.begin() + counts[v + 1];
    std::sort(begin, end);
    end = std::unique(begin, end);
    adjacency.neighbours.insert(adjacency.neighbours.end(), begin, end);
    adjacency.offsets[v + 1] = static_cast<std::int64_t>(adjacency.neighbours.size());
  }
  return adjacency;
}

}  // namespace vl::core
