#include "core/geometry/MeshTopology.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/geometry/DisjointSets.h"

namespace vl::core {
namespace {
std::uint64_t edgeKey(std::uint32_t a, std::uint32_t b) {
  return (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
}

// A vertex is manifold when the edges opposite to it in its triangles form one closed cycle.
bool vertexFanIsOneCycle(std::vector<std::pair<std::int32_t, std::int32_t>>& link) {
  if (link.size() < 3) return false;
  std::unordered_map<std::int32_t, std::vector<std::int32_t>> next;
  for (auto [a, b] : link) {
    next[a].push_back(b);
    next[b].push_back(a);
  }
  for (const auto& [node, adjacent] : next)
    if (adjacent.size() != 2) return false;
  // Walk the cycle from one node; it must visit every node.
  std::int32_t start = link.front().first, previous = start, current = link.front().second;
  std::size_t steps = 1;
  while (current != start && steps <= next.size()) {
    const auto& adjacent = next[current];
    const std::int32_t following = adjacent[0] == previous ? adjacent[1] : adjacent[0];
    previous = current;
    current = following;
    ++steps;
  }
  return current == start && steps == next.size();
}
}  // namespace

TopologyReport analyseTopology(const Surface& surface) {
  TopologyReport report;
  report.vertices = surface.vertexCount();
  report.triangles = surface.triangleCount();
  // Per undirected edge: how many triangles use it, and the signed sum of their directions.
  struct EdgeUse { int count = 0; int direction = 0; };
  std::unordered_map<std::uint64_t, EdgeUse> edges;
  edges.reserve(surface.triangleCount() * 2);
  std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> links(surface.vertexCount());
  std::vector<bool> used(surface.vertexCount(), false);
  DisjointSets sets(surface.vertexCount());
  for (const auto& t : surface.triangles) {
    if (t[0] == t[1] || t[1] == t[2] || t[0] == t[2]) {
      ++report.degenerateTriangles;
      continue;
    }
    for (int c = 0; c < 3; ++c) {
      const auto a = static_cast<std::uint32_t>(t[c]);
      const auto b = static_cast<std::uint32_t>(t[(c + 1) % 3]);
      auto& use = edges[edgeKey(a, b)];
      ++use.count;
      use.direction += a < b ? 1 : -1;
      used[a] = true;
      links[a].emplace_back(t[(c + 1) % 3], t[(c + 2) % 3]);
      sets.join(a, b);
    }
  }
  report.edges = edges.size();
  for (const auto& [key, use] : edges) {
    if (use.count == 1) ++report.boundaryEdges;
    else if (use.count > 2) ++report.nonManifoldEdges;
    else if (use.direction != 0) ++report.inconsistentEdges;
  }
  for (std::size_t v = 0; v < surface.vertexCount(); ++v) {
    if (!used[v]) {
      ++report.unusedVertices;
      continue;
    }
    if (!vertexFanIsOneCycle(links[v])) ++report.nonManifoldVertices;
    if (sets.find(static_cast<std::uint32_t>(v)) == v) ++report.components;
  }
  report.eulerCharacteristic = static_cast<long>(report.vertices) - static_cast<long>(report.edges) +
                               static_cast<long>(report.triangles);
  return report;
}

std::string TopologyReport::summary() const {
  return std::to_string(vertices) + " vertices, " + std::to_string(triangles) + " triangles, " +
         std::to_string(components) + " component(s), Euler characteristic " + std::to_string(eulerCharacteristic) +
         ", " + std::to_string(boundaryEdges) + " boundary edges, " + std::to_string(nonManifoldEdges) +
         " non-manifold edges, " + std::to_string(nonManifoldVertices) + " non-manifold vertices, " +
         std::to_string(inconsistentEdges) + " inconsistently oriented edges";
}

}  // namespace vl::core
