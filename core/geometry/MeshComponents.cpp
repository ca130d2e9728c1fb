#include "core/geometry/MeshComponents.h"

namespace vl::core {

MeshComponents meshComponents(const MeshAdjacency& adjacency, const std::vector<std::uint8_t>& inside) {
  MeshComponents out;
  out.id.assign(inside.size(), -1);
  std::vector<std::int32_t> stack;
  for (std::size_t start = 0; start < inside.size(); ++start) {
    if (!inside[start] || out.id[start] >= 0) continue;
    const auto component = static_cast<std::int32_t>(out.sizes.size());
    out.sizes.push_back(0);
    out.id[start] = component;
    stack.assign(1, static_cast<std::int32_t>(start));
    while (!stack.empty()) {  // depth-first with an explicit stack: pieces of 50,000 vertices would overflow recursion
      const auto v = static_cast<std::size_t>(stack.back());
      stack.pop_back();
      ++out.sizes.back();
      for (auto k = adjacency.offsets[v]; k < adjacency.offsets[v + 1]; ++k) {
        const auto u = static_cast<std::size_t>(adjacency.neighbours[static_cast<std::size_t>(k)]);
        if (inside[u] && out.id[u] < 0) {
          out.id[u] = component;
          stack.push_back(static_cast<std::int32_t>(u));
        }
      }
    }
  }
  return out;
}

}  // namespace vl::core
