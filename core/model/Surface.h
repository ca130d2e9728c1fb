#pragma once
// A triangle mesh of one hemisphere: vertex positions in world millimetres and triangles as vertex indices.
// Every surface of a hemisphere (white, pial, inflated, ...) has the same vertex count and order, so per-vertex
// layers apply to all of them.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vl::core {

enum class Hemisphere { Left, Right };
// Per-hemisphere arrays (layer values, label keys, actors) are indexed 0 = left, 1 = right.
constexpr std::size_t hemisphereIndex(Hemisphere hemisphere) { return hemisphere == Hemisphere::Left ? 0 : 1; }
enum class SurfaceKind { White, Pial, Midthickness, Inflated, VeryInflated, Sphere, Flat, Other };

std::string toString(Hemisphere hemisphere);
std::string toString(SurfaceKind kind);

using Vec3f = std::array<float, 3>;
using Triangle = std::array<std::int32_t, 3>;

struct Surface {
  Hemisphere hemisphere = Hemisphere::Left;
  SurfaceKind kind = SurfaceKind::Other;
  std::vector<Vec3f> vertices;
  std::vector<Triangle> triangles;

  std::size_t vertexCount() const { return vertices.size(); }
  std::size_t triangleCount() const { return triangles.size(); }
};

}  // namespace vl::core
