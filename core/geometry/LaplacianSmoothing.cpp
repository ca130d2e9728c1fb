#include "core/geometry/LaplacianSmoothing.h"

#include <cmath>

namespace vl::core {

std::vector<Vec3f> smoothLaplacian(const std::vector<Vec3f>& vertices, const MeshAdjacency& adjacency, int iterations,
                                   float step) {
  std::vector<Vec3f> current = vertices, next(vertices.size());
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t v = 0; v < current.size(); ++v) {
      const auto begin = adjacency.offsets[v], end = adjacency.offsets[v + 1];
      if (begin == end) {
        next[v] = current[v];
        continue;
      }
      double mean[3] = {0, 0, 0};
      for (auto e = begin; e < end; ++e)
        for (int d = 0; d < 3; ++d) mean[d] += current[static_cast<std::size_t>(adjacency.neighbours[e])][d];
      const double count = static_cast<double>(end - begin);
      for (int d = 0; d < 3; ++d)
        next[v][d] = static_cast<float>(current[v][d] + step * (mean[d] / count - current[v][d]));
    }
    current.swap(next);
  }
  return current;
}

std::vector<float> smoothVertexValues(const std::vector<float>& values, const MeshAdjacency& adjacency, int iterations,
                                      float step) {
  std::vector<float> current = values, next(values.size());
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t v = 0; v < current.size(); ++v) {
      next[v] = current[v];
      if (!std::isfinite(current[v])) continue;
      double sum = 0;
      int count = 0;
      for (auto e = adjacency.offsets[v]; e < adjacency.offsets[v + 1]; ++e) {
        const float neighbour = current[static_cast<std::size_t>(adjacency.neighbours[e])];
        if (std::isfinite(neighbour)) {
          sum += neighbour;
          ++count;
        }
      }
      if (count > 0) next[v] = static_cast<float>(current[v] + step * (sum / count - current[v]));
    }
    current.swap(next);
  }
  return current;
}

}  // namespace vl::core
