#include "core/study/ColumnMap.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>

#include "core/geometry/MeshAdjacency.h"

namespace vl::core {

ColumnMap::ColumnMap(std::vector<std::int32_t> leftColumns, std::size_t leftVertices,
                     std::vector<std::int32_t> rightColumns, std::size_t rightVertices) {
  columns_[0] = std::move(leftColumns);
  columns_[1] = std::move(rightColumns);
  vertexCounts_[0] = leftVertices;
  vertexCounts_[1] = rightVertices;
  for (std::size_t h = 0; h < 2; ++h) {
    columnOfVertex_[h].assign(vertexCounts_[h], -1);
    for (std::size_t c = 0; c < columns_[h].size(); ++c) {
      const std::int32_t vertex = columns_[h][c];
      if (vertex < 0 || static_cast<std::size_t>(vertex) >= vertexCounts_[h])
        throw std::invalid_argument("column " + std::to_string(c) + " of the " + (h == 0 ? "left" : "right") +
                                    " hemisphere names vertex " + std::to_string(vertex) + ", outside 0.." +
                                    std::to_string(vertexCounts_[h]) + "-1");
      columnOfVertex_[h][static_cast<std::size_t>(vertex)] = static_cast<std::int64_t>(c);
    }
  }
}

ColumnMap ColumnMap::everyVertex(std::size_t leftVertices, std::size_t rightVertices) {
  std::vector<std::int32_t> left(leftVertices), right(rightVertices);
  std::iota(left.begin(), left.end(), 0);
  std::iota(right.begin(), right.end(), 0);
  return ColumnMap(std::move(left), leftVertices, std::move(right), rightVertices);
}

std::int64_t ColumnMap::columnOfVertex(Hemisphere hemisphere, std::int32_t vertex) const {
  const auto& lookup = columnOfVertex_[hemisphereIndex(hemisphere)];
  if (vertex < 0 || static_cast<std::size_t>(vertex) >= lookup.size()) return -1;
  const std::int64_t within = lookup[static_cast<std::size_t>(vertex)];
  return within < 0 ? -1 : within + static_cast<std::int64_t>(firstColumn(hemisphere));
}

std::vector<float> ColumnMap::spreadToVertices(std::span<const float> perColumn, const Surface& surface,
                                               float maxDistanceMm) const {
  const std::size_t h = hemisphereIndex(surface.hemisphere);
  if (perColumn.size() != columnCount())
    throw std::invalid_argument("spreadToVertices: " + std::to_string(perColumn.size()) + " values for " +
                                std::to_string(columnCount()) + " columns");
  if (surface.vertexCount() != vertexCounts_[h])
    throw std::invalid_argument("spreadToVertices: the surface has " + std::to_string(surface.vertexCount()) +
                                " vertices, the columns were defined on " + std::to_string(vertexCounts_[h]));
  const std::size_t first = firstColumn(surface.hemisphere);
  std::vector<float> values(vertexCounts_[h], std::numeric_limits<float>::quiet_NaN());
  if (columns_[h].empty()) return values;

  // Multi-source Dijkstra along edges: each vertex learns its nearest column and the path length to it.
  const MeshAdjacency adjacency = MeshAdjacency::build(surface.vertexCount(), surface.triangles);
  std::vector<float> distance(vertexCounts_[h], std::numeric_limits<float>::infinity());
  std::vector<std::int64_t> owner(vertexCounts_[h], -1);
  using Item = std::pair<float, std::int32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (std::size_t c = 0; c < columns_[h].size(); ++c) {
    const auto vertex = static_cast<std::size_t>(columns_[h][c]);
    distance[vertex] = 0;
    owner[vertex] = static_cast<std::int64_t>(c);
    queue.emplace(0.0f, columns_[h][c]);
  }
  while (!queue.empty()) {
    const auto [d, vertex] = queue.top();
    queue.pop();
    if (d > distance[static_cast<std::size_t>(vertex)]) continue;
    const auto& p = surface.vertices[static_cast<std::size_t>(vertex)];
    for (auto k = adjacency.offsets[vertex]; k < adjacency.offsets[vertex + 1]; ++k) {
      const auto next = static_cast<std::size_t>(adjacency.neighbours[static_cast<std::size_t>(k)]);
      const auto& q = surface.vertices[next];
      const float step = std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                                   (p[2] - q[2]) * (p[2] - q[2]));
      const float candidate = d + step;
      if (candidate < distance[next] && candidate <= maxDistanceMm) {
        distance[next] = candidate;
        owner[next] = owner[static_cast<std::size_t>(vertex)];
        queue.emplace(candidate, static_cast<std::int32_t>(next));
      }
    }
  }
  for (std::size_t v = 0; v < values.size(); ++v)
    if (owner[v] >= 0) values[v] = perColumn[first + static_cast<std::size_t>(owner[v])];
  return values;
}

}  // namespace vl::core
