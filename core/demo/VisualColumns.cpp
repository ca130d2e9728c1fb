#include "core/demo/VisualColumns.h"

#include "core/geometry/MeshComponents.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/demo/PlantedRois.h"
#include "core/geometry/MeshAdjacency.h"

namespace vl::core {
namespace {
void requireLength(std::size_t got, std::size_t want, const char* what) {
  if (got != want)
    throw std::invalid_argument(std::string("visual cortex mask: ") + what + " has " + std::to_string(got) +
                                " values for " + std::to_string(want) + " vertices");
}

// Drops pieces of `inside` smaller than minSize (value 1 -> 0).
void dropSmallPieces(const MeshAdjacency& adjacency, std::vector<std::uint8_t>& inside, std::size_t minSize) {
  const auto [id, sizes] = meshComponents(adjacency, inside);
  for (std::size_t v = 0; v < inside.size(); ++v)
    if (id[v] >= 0 && sizes[static_cast<std::size_t>(id[v])] < minSize) inside[v] = 0;
}
}  // namespace

const std::vector<std::string>& visualMaskHarvardOxfordRegions() {
  static const std::vector<std::string> regions = {
      "Lateral Occipital Cortex, superior division", "Lateral Occipital Cortex, inferior division",
      "Intracalcarine Cortex", "Supracalcarine Cortex", "Occipital Pole", "Cuneal Cortex", "Lingual Gyrus",
      "Occipital Fusiform Gyrus", "Temporal Occipital Fusiform Cortex", "Temporal Fusiform Cortex, posterior division",
      "Parahippocampal Gyrus, posterior division", "Inferior Temporal Gyrus, temporooccipital part",
      "Inferior Temporal Gyrus, posterior division", "Middle Temporal Gyrus, temporooccipital part",
      "Superior Parietal Lobule", "Angular Gyrus", "Precuneous Cortex"};
  return regions;
}

std::vector<std::uint8_t> visualCortexMask(const Surface& surface, std::span<const std::int32_t> harvardOxfordKeys,
                                           const Parcellation& harvardOxford,
                                           std::span<const std::int32_t> brodmannKeys, const Parcellation& brodmann,
                                           std::span<const std::int32_t> plantedKeys, std::size_t minPieceVertices) {
  const std::size_t n = surface.vertexCount();
  requireLength(harvardOxfordKeys.size(), n, "the Harvard-Oxford set");
  requireLength(brodmannKeys.size(), n, "the Brodmann set");
  if (!plantedKeys.empty()) requireLength(plantedKeys.size(), n, "the planted ROI set");
  const auto regionKeys = labelKeysNamed(harvardOxford, visualMaskHarvardOxfordRegions());
  const auto precuneus = labelKeysNamed(harvardOxford, {"Precuneous Cortex"});
  const auto areaKeys = labelKeysNamed(brodmann, {"BA 17", "BA 18", "BA 19", "BA 37"});
  auto contains = [](const std::vector<std::int32_t>& keys, std::int32_t k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
  };
  std::vector<std::uint8_t> mask(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    const auto ho = harvardOxfordKeys[v];
    // Like NSD's nsdgeneral, the mask ends about 20 mm behind the anterior commissure (y = -20); the precuneus
    // counts only behind y = -50, where it is visual (RSC, parieto-occipital sulcus, dorsal V3).
    const float y = surface.vertices[v][1];
    const bool region = contains(regionKeys, ho) && y < -20.0f && (!contains(precuneus, ho) || y < -50.0f);
    mask[v] = region || contains(areaKeys, brodmannKeys[v]) || (!plantedKeys.empty() && plantedKeys[v] != 0);
  }
  const auto adjacency = MeshAdjacency::build(n, surface.triangles);
  dropSmallPieces(adjacency, mask, minPieceVertices);
  std::vector<std::uint8_t> outside(n);
  for (std::size_t v = 0; v < n; ++v) outside[v] = !mask[v];
  dropSmallPieces(adjacency, outside, minPieceVertices);  // small holes of the mask
  for (std::size_t v = 0; v < n; ++v) mask[v] = !outside[v];
  return mask;
}

std::vector<std::int32_t> sampleColumns(const Surface& surface, std::span<const std::uint8_t> mask, float spacingMm) {
  if (mask.size() != surface.vertexCount())
    throw std::invalid_argument("sampleColumns: mask of " + std::to_string(mask.size()) + " values for " +
                                std::to_string(surface.vertexCount()) + " vertices");
  if (!(spacingMm > 0)) throw std::invalid_argument("sampleColumns: the spacing must be positive");
  // Accepted vertices hashed by grid cell of side spacingMm: a new vertex checks the 27 cells around its own.
  auto cellOf = [spacingMm](const Vec3f& p) {
    return std::array<std::int64_t, 3>{std::int64_t(std::floor(p[0] / spacingMm)),
                                       std::int64_t(std::floor(p[1] / spacingMm)),
                                       std::int64_t(std::floor(p[2] / spacingMm))};
  };
  auto hash = [](std::int64_t x, std::int64_t y, std::int64_t z) {
    return (x * 73856093) ^ (y * 19349663) ^ (z * 83492791);
  };
  std::unordered_multimap<std::int64_t, std::int32_t> grid;
  std::vector<std::int32_t> columns;
  const float limit2 = spacingMm * spacingMm;
  for (std::size_t v = 0; v < mask.size(); ++v) {
    if (!mask[v]) continue;
    const auto& p = surface.vertices[v];
    const auto c = cellOf(p);
    bool tooClose = false;
    for (std::int64_t dx = -1; dx <= 1 && !tooClose; ++dx)
      for (std::int64_t dy = -1; dy <= 1 && !tooClose; ++dy)
        for (std::int64_t dz = -1; dz <= 1 && !tooClose; ++dz) {
          const auto range = grid.equal_range(hash(c[0] + dx, c[1] + dy, c[2] + dz));
          for (auto it = range.first; it != range.second && !tooClose; ++it) {
            const auto& q = surface.vertices[static_cast<std::size_t>(it->second)];
            const float d2 = (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]);
            tooClose = d2 < limit2;
          }
        }
    if (tooClose) continue;
    grid.emplace(hash(c[0], c[1], c[2]), static_cast<std::int32_t>(v));
    columns.push_back(static_cast<std::int32_t>(v));
  }
  return columns;
}

}  // namespace vl::core
