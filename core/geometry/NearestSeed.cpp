#include "core/geometry/NearestSeed.h"

#include <cmath>
#include <queue>
#include <stdexcept>
#include <string>
#include <tuple>

namespace vl::core {

NearestSeed nearestSeeds(const Surface& surface, const MeshAdjacency& adjacency, std::span<const std::int32_t> seeds,
                         std::span<const std::uint8_t> allowed, float maxDistance) {
  const std::size_t n = surface.vertexCount();
  if (adjacency.offsets.size() != n + 1)
    throw std::invalid_argument("nearestSeeds: adjacency built for " + std::to_string(adjacency.offsets.size() - 1) +
                                " vertices, surface has " + std::to_string(n));
  if (!allowed.empty() && allowed.size() != n)
    throw std::invalid_argument("nearestSeeds: mask of " + std::to_string(allowed.size()) + " values for " +
                                std::to_string(n) + " vertices");
  NearestSeed result{std::vector<std::int32_t>(n, -1),
                     std::vector<float>(n, std::numeric_limits<float>::infinity())};
  std::vector<double> distance(n, std::numeric_limits<double>::infinity());
  std::vector<std::uint8_t> done(n, 0);
  // (distance, seed index, vertex): equal distances pop the lower seed index first, so ties are deterministic.
  using Entry = std::tuple<double, std::int32_t, std::int32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> front;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const auto s = seeds[i];
    if (s < 0 || static_cast<std::size_t>(s) >= n)
      throw std::invalid_argument("nearestSeeds: seed vertex " + std::to_string(s) + " outside a mesh of " +
                                  std::to_string(n) + " vertices");
    front.emplace(0.0, static_cast<std::int32_t>(i), s);
  }
  const double limit = double(maxDistance);
  const auto& x = surface.vertices;
  while (!front.empty()) {
    const auto [d, seed, vertex] = front.top();
    front.pop();
    const auto a = static_cast<std::size_t>(vertex);
    if (done[a] || d > limit) continue;
    done[a] = 1;
    distance[a] = d;
    result.seed[a] = seed;
    result.distance[a] = static_cast<float>(d);
    for (auto k = adjacency.offsets[a]; k < adjacency.offsets[a + 1]; ++k) {
      const auto b = static_cast<std::size_t>(adjacency.neighbours[static_cast<std::size_t>(k)]);
      if (done[b] || (!allowed.empty() && !allowed[b])) continue;
      const double dx = double(x[b][0]) - x[a][0], dy = double(x[b][1]) - x[a][1], dz = double(x[b][2]) - x[a][2];
      const double candidate = d + std::sqrt(dx * dx + dy * dy + dz * dz);
      if (candidate < distance[b] && candidate <= limit) {
        distance[b] = candidate;
        front.emplace(candidate, seed, static_cast<std::int32_t>(b));
      }
    }
  }
  return result;
}

}  // namespace vl::core
