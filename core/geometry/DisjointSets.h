#pragma once
// Union-find over 0..n-1 with path halving: which vertices of a mesh are joined through its triangles (components
// for topology reports and per-piece orientation).
#include <cstdint>
#include <numeric>
#include <vector>

namespace vl::core {

struct DisjointSets {
  std::vector<std::uint32_t> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) { parent[find(a)] = find(b); }
};

}  // namespace vl::core
