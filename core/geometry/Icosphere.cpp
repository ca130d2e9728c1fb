#include "core/geometry/Icosphere.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace vl::core {

Surface makeIcosphere(int levels, float radius, Vec3f centre, Hemisphere hemisphere) {
  const float t = (1.0f + std::sqrt(5.0f)) / 2.0f;
  std::vector<Vec3f> v = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0}, {0, -1, t}, {0, 1, t},
                                {0, -1, -t}, {0, 1, -t}, {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
  std::vector<Triangle> f = {{0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11}, {1, 5, 9}, {5, 11, 4},
                                   {11, 10, 2}, {10, 7, 6}, {7, 1, 8},   {3, 9, 4},  {3, 4, 2},   {3, 2, 6}, {3, 6, 8},
                                   {3, 8, 9},  {4, 9, 5},  {2, 4, 11},  {6, 2, 10}, {8, 6, 7},   {9, 8, 1}};
  auto normalise = [](Vec3f p) {
    const float n = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    return Vec3f{p[0] / n, p[1] / n, p[2] / n};
  };
  for (auto& p : v) p = normalise(p);
  for (int level = 0; level < levels; ++level) {
    std::map<std::pair<int, int>, int> midpoints;
    auto midpoint = [&](int a, int b) {
      const auto key = std::minmax(a, b);
      if (auto it = midpoints.find(key); it != midpoints.end()) return it->second;
      v.push_back(normalise({(v[a][0] + v[b][0]) / 2, (v[a][1] + v[b][1]) / 2, (v[a][2] + v[b][2]) / 2}));
      return midpoints[key] = static_cast<int>(v.size() - 1);
    };
    std::vector<Triangle> next;
    for (const auto& tri : f) {
      const int a = midpoint(tri[0], tri[1]), b = midpoint(tri[1], tri[2]), c = midpoint(tri[2], tri[0]);
      next.push_back({tri[0], a, c});
      next.push_back({tri[1], b, a});
      next.push_back({tri[2], c, b});
      next.push_back({a, b, c});
    }
    f.swap(next);
  }
  Surface s;
  s.hemisphere = hemisphere;
  s.kind = SurfaceKind::White;
  for (const auto& p : v) s.vertices.push_back({centre[0] + radius * p[0], centre[1] + radius * p[1], centre[2] + radius * p[2]});
  s.triangles = f;
  return s;
}

}  // namespace vl::core
