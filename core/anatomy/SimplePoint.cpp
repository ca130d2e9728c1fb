#include "core/anatomy/SimplePoint.h"

#include <array>
#include <cstdlib>

namespace vl::core {
namespace {
constexpr int kCentre = 13;

struct Offset {
  int x, y, z;
};
constexpr Offset offsetOf(int bit) { return {bit % 3 - 1, (bit / 3) % 3 - 1, bit / 9 - 1}; }
constexpr int nonZero(Offset o) { return (o.x != 0) + (o.y != 0) + (o.z != 0); }

// For each position of the cube, the positions 6-adjacent (faceOnly) or 26-adjacent to it, as bit masks.
struct AdjacencyTables {
  std::array<std::uint32_t, 27> face{}, any{};
  AdjacencyTables() {
    for (int a = 0; a < 27; ++a)
      for (int b = 0; b < 27; ++b) {
        if (a == b) continue;
        const auto p = offsetOf(a), q = offsetOf(b);
        const Offset d{q.x - p.x, q.y - p.y, q.z - p.z};
        if (std::abs(d.x) > 1 || std::abs(d.y) > 1 || std::abs(d.z) > 1) continue;
        any[a] |= 1u << b;
        if (nonZero(d) == 1) face[a] |= 1u << b;
      }
  }
};
const AdjacencyTables& tables() {
  static const AdjacencyTables value;
  return value;
}

constexpr std::uint32_t maskOf(int (*keep)(Offset)) {
  std::uint32_t mask = 0;
  for (int bit = 0; bit < 27; ++bit)
    if (bit != kCentre && keep(offsetOf(bit))) mask |= 1u << bit;
  return mask;
}
constexpr std::uint32_t kFaceNeighbours = maskOf([](Offset o) { return int(nonZero(o) == 1); });
constexpr std::uint32_t kEighteenNeighbours = maskOf([](Offset o) { return int(nonZero(o) <= 2); });
constexpr std::uint32_t kAllNeighbours = maskOf([](Offset) { return 1; });

// Connected components of `set` under the given adjacency; only components meeting `mustTouch` count.
int components(std::uint32_t set, const std::array<std::uint32_t, 27>& adjacency, std::uint32_t mustTouch) {
  int count = 0;
  while (set) {
    std::uint32_t component = set & (~set + 1);  // lowest set bit
    std::uint32_t frontier = component;
    while (frontier) {
      const int bit = __builtin_ctz(frontier);
      frontier &= frontier - 1;
      const std::uint32_t grown = adjacency[bit] & set & ~component;
      component |= grown;
      frontier |= grown;
    }
    set &= ~component;
    if (component & mustTouch) ++count;
  }
  return count;
}

bool at(Neighbourhood n, int dx, int dy, int dz) { return (n >> neighbourBit(dx, dy, dz)) & 1u; }
}  // namespace

int foregroundComponents6(Neighbourhood neighbourhood) {
  return components(neighbourhood & kEighteenNeighbours, tables().face, kFaceNeighbours);
}

int backgroundComponents26(Neighbourhood neighbourhood) {
  return components(~neighbourhood & kAllNeighbours, tables().any, kAllNeighbours);
}

bool isSimplePoint(Neighbourhood neighbourhood) {
  return foregroundComponents6(neighbourhood) == 1 && backgroundComponents26(neighbourhood) == 1;
}

bool addingCentreBreaksWellComposedness(Neighbourhood neighbourhood) {
  const Neighbourhood n = neighbourhood | (1u << kCentre);
  // The twelve 2x2 squares through the centre: the centre, one step along each of two axes, and the diagonal.
  for (int axisA = 0; axisA < 3; ++axisA)
    for (int axisB = axisA + 1; axisB < 3; ++axisB)
      for (int sa : {-1, 1})
        for (int sb : {-1, 1}) {
          int a[3] = {0, 0, 0}, b[3] = {0, 0, 0};
          a[axisA] = sa;
          b[axisB] = sb;
          const bool alongA = at(n, a[0], a[1], a[2]), alongB = at(n, b[0], b[1], b[2]);
          const bool diagonal = at(n, a[0] + b[0], a[1] + b[1], a[2] + b[2]);
          if (diagonal && !alongA && !alongB) return true;
        }
  // The eight 2x2x2 cubes with the centre as a corner.
  for (int sx : {-1, 1})
    for (int sy : {-1, 1})
      for (int sz : {-1, 1}) {
        bool value[2][2][2];
        int foreground = 0;
        for (int x = 0; x < 2; ++x)
          for (int y = 0; y < 2; ++y)
            for (int z = 0; z < 2; ++z) {
              value[x][y][z] = at(n, x * sx, y * sy, z * sz);
              foreground += value[x][y][z];
            }
        if (foreground != 2 && foreground != 6) continue;
        const bool kind = foreground == 2;  // the two odd voxels are foreground (2) or background (6)
        for (int x = 0; x < 2; ++x)
          for (int y = 0; y < 2; ++y)
            if (value[x][y][0] == kind && value[1 - x][1 - y][1] == kind) return true;
      }
  return false;
}

}  // namespace vl::core
