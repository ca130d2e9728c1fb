#include "core/demo/PlantedRois.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>

#include "core/geometry/GeodesicDistance.h"
#include "core/geometry/MeshAdjacency.h"
#include "core/geometry/MeshComponents.h"
#include "core/geometry/NearestSeed.h"

namespace vl::core {
namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMaxRadiusGrowth = 1.5f;  // a category ROI clipped by V1-V3 grows its radius by at most this factor

std::int32_t key(PlantedRoiKey k) { return static_cast<std::int32_t>(k); }

// The pieces of `inside` holding at least minShare of its vertices, with every hole in them (pieces of the
// complement other than the largest one) filled. The projected BA 17 has a few isolated vertices and unlabelled
// pin-holes that are not anatomy; it also comes in a few large pieces where the genus-0 white surface cuts a handle
// of the template's white matter, or a fold's crown is labelled BA 18: those are V1 all the same.
std::vector<std::uint8_t> piecesWithoutHoles(const MeshAdjacency& adjacency, std::vector<std::uint8_t> inside,
                                             double minShare) {
  auto [id, sizes] = meshComponents(adjacency, inside);
  if (sizes.empty()) return inside;
  double total = 0;
  for (auto size : sizes) total += double(size);
  for (std::size_t v = 0; v < inside.size(); ++v)
    inside[v] = id[v] >= 0 && double(sizes[static_cast<std::size_t>(id[v])]) >= minShare * total;
  std::vector<std::uint8_t> outside(inside.size());
  for (std::size_t v = 0; v < inside.size(); ++v) outside[v] = !inside[v];
  auto [outsideId, outsideSizes] = meshComponents(adjacency, outside);
  const auto mainOutside =
      static_cast<std::int32_t>(std::max_element(outsideSizes.begin(), outsideSizes.end()) - outsideSizes.begin());
  for (std::size_t v = 0; v < inside.size(); ++v)
    if (outside[v] && outsideId[v] != mainOutside) inside[v] = 1;
  return inside;
}

// The vertices of the largest piece of `inside`.
std::vector<std::uint8_t> largestPiece(const MeshAdjacency& adjacency, const std::vector<std::uint8_t>& inside) {
  auto [id, sizes] = meshComponents(adjacency, inside);
  std::vector<std::uint8_t> largest(inside.size(), 0);
  if (sizes.empty()) return largest;
  const auto which = static_cast<std::int32_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
  for (std::size_t v = 0; v < inside.size(); ++v) largest[v] = id[v] == which;
  return largest;
}

// Gives the values at `members` the distribution of `reference` while keeping their order: each run of equal
// values takes the reference's quantile at the run's middle rank (histogram matching by rank).
void matchDistribution(std::vector<float>& values, const std::vector<std::int32_t>& members,
                       std::vector<float> reference) {
  if (members.empty() || reference.empty()) return;
  std::sort(reference.begin(), reference.end());
  std::vector<std::int32_t> order = members;
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return values[static_cast<std::size_t>(a)] < values[static_cast<std::size_t>(b)];
  });
  const double last = double(order.size() - 1);
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    const float value = values[static_cast<std::size_t>(order[begin])];
    while (end < order.size() && values[static_cast<std::size_t>(order[end])] == value) ++end;
    const double rank = last > 0 ? 0.5 * double(begin + end - 1) / last : 0.5;
    const float matched = reference[static_cast<std::size_t>(std::lround(rank * double(reference.size() - 1)))];
    for (std::size_t i = begin; i < end; ++i) values[static_cast<std::size_t>(order[i])] = matched;
    begin = end;
  }
}

// Morphological closing on the mesh: grow the set by `rings` neighbour rings, then shrink it by as many. Joins
// pieces of a projected atlas region that a thin seam of unlabelled or mislabelled vertices separates (the
// projection samples a 1 mm grid at 1.5 mm depth, so a fold's crown can miss a label).
std::vector<std::uint8_t> closed(const MeshAdjacency& adjacency, std::vector<std::uint8_t> inside, int rings) {
  auto grow = [&](std::vector<std::uint8_t>& set, std::uint8_t value) {
    for (int ring = 0; ring < rings; ++ring) {
      auto next = set;
      for (std::size_t v = 0; v < set.size(); ++v) {
        if (set[v] == value) continue;
        for (auto k = adjacency.offsets[v]; k < adjacency.offsets[v + 1]; ++k)
          if (set[static_cast<std::size_t>(adjacency.neighbours[static_cast<std::size_t>(k)])] == value) {
            next[v] = value;
            break;
          }
      }
      set.swap(next);
    }
  };
  grow(inside, 1);  // dilation of the set
  grow(inside, 0);  // erosion: dilation of the complement
  return inside;
}

// A copy of the surface keeping only triangles whose three corners are inside: geodesics on it stay in the region.
Surface restrictedTo(const Surface& surface, const std::vector<std::uint8_t>& inside) {
  Surface part;
  part.hemisphere = surface.hemisphere;
  part.kind = surface.kind;
  part.vertices = surface.vertices;
  for (const auto& t : surface.triangles)
    if (inside[static_cast<std::size_t>(t[0])] && inside[static_cast<std::size_t>(t[1])] &&
        inside[static_cast<std::size_t>(t[2])])
      part.triangles.push_back(t);
  return part;
}

std::vector<std::uint8_t> hasKey(const std::vector<std::int32_t>& keys, const std::vector<std::int32_t>& wanted) {
  std::vector<std::uint8_t> inside(keys.size(), 0);
  for (std::size_t v = 0; v < keys.size(); ++v)
    inside[v] = std::find(wanted.begin(), wanted.end(), keys[v]) != wanted.end();
  return inside;
}

std::string labelName(const Parcellation& parcellation, std::int32_t labelKey) {
  for (const auto& label : parcellation.labels)
    if (label.key == labelKey) return label.name;
  return {};
}

// Polar angle in NSD's convention from an angle phi in the contralateral hemifield (-90 lower vertical meridian,
// 0 horizontal meridian pointing away from fixation, +90 upper vertical meridian).
float polarAngleFromHemifield(Hemisphere hemisphere, float phi) {
  float angle = hemisphere == Hemisphere::Left ? phi : 180.0f - phi;  // lh sees the right hemifield
  angle = std::fmod(angle + 360.0f, 360.0f);
  return angle;
}

// V1, V2, V3 and their retinotopy on one hemisphere.
void plantEarlyVisual(const Surface& surface, const MeshAdjacency& adjacency, const std::vector<std::int32_t>& brodmann,
                      const PlantedRoiOptions& options, PlantedHemisphere& out) {
  const std::size_t n = surface.vertexCount();
  auto v1 = piecesWithoutHoles(adjacency, closed(adjacency, hasKey(brodmann, {17}), options.closingRings),
                               options.minPieceShare);
  std::size_t v1Count = std::count(v1.begin(), v1.end(), 1);
  if (v1Count < 100)
    throw std::invalid_argument("plantRois: Brodmann area 17 covers " + std::to_string(v1Count) + " vertices of " +
                                toString(surface.hemisphere) + " (expected the calcarine cortex, thousands)");
  const auto& x = surface.vertices;
  // Geodesics run inside BA 17/18/19, so that they reach every piece of V1 and stay in the occipital lobe.
  const auto occipital = hasKey(brodmann, {17, 18, 19});
  std::vector<std::uint8_t> allowed(n);
  for (std::size_t v = 0; v < n; ++v) allowed[v] = occipital[v] || v1[v];
  const auto occipitalMesh = restrictedTo(surface, allowed);

  // Eccentricity: geodesic distance from the most posterior vertex of V1's largest piece (the occipital pole, where
  // the fovea is represented), mapped by the log (complex-log along the meridian) magnification of Horton & Hoyt
  // 1991.
  const auto mainPiece = largestPiece(adjacency, v1);
  std::int32_t fovea = -1;
  for (std::size_t v = 0; v < n; ++v)
    if (mainPiece[v] && (fovea < 0 || x[v][1] < x[static_cast<std::size_t>(fovea)][1]))
      fovea = static_cast<std::int32_t>(v);
  const std::int32_t foveaSeed[1] = {fovea};
  const auto fromFovea = geodesicDistance(occipitalMesh, foveaSeed);
  for (std::size_t v = 0; v < n; ++v)
    if (v1[v] && !std::isfinite(fromFovea[v])) v1[v] = 0;  // joined to the rest by an edge only, not by a triangle
  std::vector<float> v1Distances;
  for (std::size_t v = 0; v < n; ++v)
    if (v1[v]) v1Distances.push_back(fromFovea[v]);
  const auto nth = v1Distances.begin() + static_cast<std::ptrdiff_t>(0.98 * double(v1Distances.size() - 1));
  std::nth_element(v1Distances.begin(), nth, v1Distances.end());
  const double span = std::max(1.0, double(*nth));
  const double e2 = options.fovealEccentricityDeg;
  const double ratio = 1.0 + options.maxEccentricityDeg / e2;
  auto eccentricityAt = [&](double d) { return float(e2 * (std::pow(ratio, std::min(d, span) / span) - 1.0)); };

  // The calcarine: a straight line z = a + b y fitted through V1 separates the upper bank (cuneus, lower visual
  // field) from the lower bank (lingual gyrus, upper visual field). V1's border vertices on either side are the
  // lower and upper vertical meridians.
  double sy = 0, sz = 0, syy = 0, syz = 0, count = 0;
  for (std::size_t v = 0; v < n; ++v) {
    if (!v1[v]) continue;
    sy += x[v][1], sz += x[v][2], syy += double(x[v][1]) * x[v][1], syz += double(x[v][1]) * x[v][2], count += 1;
  }
  const double slope = (count * syz - sy * sz) / std::max(1e-9, count * syy - sy * sy);
  const double intercept = (sz - slope * sy) / count;
  std::vector<std::int32_t> border, dorsalBorder, ventralBorder;
  std::vector<std::uint8_t> borderIsDorsal;
  for (std::size_t v = 0; v < n; ++v) {
    if (!v1[v]) continue;
    bool onBorder = false;
    for (auto k = adjacency.offsets[v]; k < adjacency.offsets[v + 1] && !onBorder; ++k)
      onBorder = !v1[static_cast<std::size_t>(adjacency.neighbours[static_cast<std::size_t>(k)])];
    if (!onBorder) continue;
    const bool dorsal = x[v][2] > intercept + slope * x[v][1];
    border.push_back(static_cast<std::int32_t>(v));
    borderIsDorsal.push_back(dorsal);
    (dorsal ? dorsalBorder : ventralBorder).push_back(static_cast<std::int32_t>(v));
  }
  if (dorsalBorder.empty() || ventralBorder.empty())
    throw std::invalid_argument("plantRois: V1 of " + toString(surface.hemisphere) +
                                " does not straddle a calcarine line (no upper or lower bank)");
  const auto fromDorsal = geodesicDistance(occipitalMesh, dorsalBorder);
  const auto fromVentral = geodesicDistance(occipitalMesh, ventralBorder);

  out.keys.assign(n, 0);
  out.eccentricity.assign(n, kNaN);
  out.polarAngle.assign(n, kNaN);
  out.fovealVertex = fovea;
  for (std::size_t v = 0; v < n; ++v) {
    if (!v1[v]) continue;
    out.keys[v] = key(PlantedRoiKey::V1);
    out.eccentricity[v] = eccentricityAt(fromFovea[v]);
    const double dd = fromDorsal[v], dv = fromVentral[v];
    const double t = (std::isfinite(dd) && std::isfinite(dv) && dd + dv > 0) ? dd / (dd + dv) : 0.5;
    out.polarAngle[v] = polarAngleFromHemifield(surface.hemisphere, float(-90.0 + 180.0 * t));
  }

  // V2 and V3: bands around V1 inside BA 17/18/19. Each vertex takes the eccentricity order of the nearest V1 border
  // vertex (iso-eccentricity lines run across the areas) and a polar angle that mirrors at each border: V1/V2 is
  // a vertical meridian, V2/V3 the horizontal meridian, the outer edge of V3 a vertical meridian again. A band's
  // area follows V1's perimeter, not its area, so copying the border's eccentricity would under-represent the
  // fovea wherever V1's foveal end is a compact blob and its periphery a thin strip; V2 and V3 have about V1's
  // cortical magnification (Dougherty et al. 2003), so each takes V1's eccentricity distribution, matched by rank.
  std::vector<std::int32_t> v1Vertices;
  for (std::size_t v = 0; v < n; ++v)
    if (v1[v]) v1Vertices.push_back(static_cast<std::int32_t>(v));
  const float outer = options.v2WidthMm + options.v3WidthMm;
  const auto fromV1 = geodesicDistance(occipitalMesh, v1Vertices, outer);
  const auto nearestBorder = nearestSeeds(surface, adjacency, border, allowed, 3.0f * outer);
  for (std::size_t v = 0; v < n; ++v) {
    if (v1[v] || !allowed[v] || !(fromV1[v] <= outer) || nearestBorder.seed[v] < 0) continue;
    const auto b = static_cast<std::size_t>(nearestBorder.seed[v]);
    const bool dorsal = borderIsDorsal[b];
    out.eccentricity[v] = out.eccentricity[static_cast<std::size_t>(border[b])];
    float phi = 0;
    if (fromV1[v] <= options.v2WidthMm) {
      out.keys[v] = key(PlantedRoiKey::V2);
      const float s = fromV1[v] / options.v2WidthMm;
      phi = dorsal ? -90.0f + 90.0f * s : 90.0f - 90.0f * s;
    } else {
      out.keys[v] = key(PlantedRoiKey::V3);
      const float s = (fromV1[v] - options.v2WidthMm) / options.v3WidthMm;
      phi = dorsal ? -90.0f * s : 90.0f * s;
    }
    out.polarAngle[v] = polarAngleFromHemifield(surface.hemisphere, phi);
  }
  std::vector<float> v1Eccentricity;
  for (auto v : v1Vertices) v1Eccentricity.push_back(out.eccentricity[static_cast<std::size_t>(v)]);
  for (auto area : {PlantedRoiKey::V2, PlantedRoiKey::V3}) {
    std::vector<std::int32_t> members;
    for (std::size_t v = 0; v < n; ++v)
      if (out.keys[v] == key(area)) members.push_back(static_cast<std::int32_t>(v));
    matchDistribution(out.eccentricity, members, v1Eccentricity);
  }
}

void plantCategoryRois(const Surface& surface, const std::vector<std::int32_t>& harvardOxfordKeys,
                       const Parcellation& harvardOxford, const PlantedRoiOptions& options, PlantedHemisphere& out,
                       const JobContext& context) {
  const std::size_t n = surface.vertexCount();
  const bool left = surface.hemisphere == Hemisphere::Left;
  std::vector<std::uint8_t> early(n);
  for (std::size_t v = 0; v < n; ++v) early[v] = out.keys[v] != 0;
  // Normalised distance (distance / radius) of the best ROI so far per vertex: each vertex joins the ROI it is
  // relatively closest to, so neighbouring regions (OFA, LOC, EBA) tile instead of overwriting one another.
  std::vector<float> best(n, kInf);
  const auto& definitions = categoryRoiDefinitions();
  for (std::size_t i = 0; i < definitions.size(); ++i) {
    const auto& definition = definitions[i];
    context.report(double(i) / double(definitions.size()), "Planting " + definition.name);
    context.throwIfStopped();
    if (definition.leftOnly && !left) continue;
    PlacedCategoryRoi roi;
    roi.key = definition.key;
    roi.radiusMm = definition.radiusMm;
    roi.target = definition.centreRight;
    if (left) roi.target[0] = -roi.target[0];
    const auto anatomy = hasKey(harvardOxfordKeys, labelKeysNamed(harvardOxford, definition.anatomy));
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t v = 0; v < n; ++v) {
      if (!anatomy[v] || early[v]) continue;
      bool taken = false;
      for (const auto& other : out.categoryRois) taken = taken || other.centreVertex == static_cast<std::int32_t>(v);
      if (taken) continue;
      double d2 = 0;
      for (int a = 0; a < 3; ++a)
        d2 += (double(surface.vertices[v][a]) - roi.target[a]) * (surface.vertices[v][a] - roi.target[a]);
      if (d2 < nearest) nearest = d2, roi.centreVertex = static_cast<std::int32_t>(v);
    }
    if (roi.centreVertex < 0)
      throw std::invalid_argument("plantRois: no vertex of " + toString(surface.hemisphere) + " lies in the anatomy of " +
                                  definition.name + " (Harvard-Oxford regions missing or all inside V1-V3)");
    roi.centre = surface.vertices[static_cast<std::size_t>(roi.centreVertex)];
    roi.anatomyAtCentre = labelName(harvardOxford, harvardOxfordKeys[static_cast<std::size_t>(roi.centreVertex)]);
    // A disc beside V1-V3 (RSC at the peripheral calcarine, OFA beside dorsal V3) loses part of itself to them: its
    // radius grows (by at most kMaxRadiusGrowth) until it holds as many vertices outside them as the whole disc has.
    const std::int32_t seed[1] = {roi.centreVertex};
    const auto distance = geodesicDistance(surface, seed, options.profileExtent * kMaxRadiusGrowth * roi.radiusMm);
    std::size_t discVertices = 0;
    std::vector<float> outsideEarly;
    for (std::size_t v = 0; v < n; ++v) {
      discVertices += distance[v] <= roi.radiusMm;
      if (!early[v] && distance[v] <= kMaxRadiusGrowth * roi.radiusMm) outsideEarly.push_back(distance[v]);
    }
    if (outsideEarly.size() > discVertices && discVertices > 0) {
      std::nth_element(outsideEarly.begin(), outsideEarly.begin() + std::ptrdiff_t(discVertices - 1), outsideEarly.end());
      roi.radiusMm = std::max(roi.radiusMm, outsideEarly[discVertices - 1]);
    } else {
      roi.radiusMm *= kMaxRadiusGrowth;
    }
    const float extent = options.profileExtent * roi.radiusMm;
    for (std::size_t v = 0; v < n; ++v) {
      if (early[v] || !(distance[v] <= extent)) continue;
      roi.vertices.push_back(static_cast<std::int32_t>(v));
      roi.distances.push_back(distance[v]);
      const float normalised = distance[v] / roi.radiusMm;
      if (normalised <= 1.0f && normalised < best[v]) {
        best[v] = normalised;
        out.keys[v] = key(roi.key);
      }
    }
    out.categoryRois.push_back(std::move(roi));
  }
}
}  // namespace

const std::vector<CategoryRoiDefinition>& categoryRoiDefinitions() {
  using C = StimulusCategory;
  static const std::vector<CategoryRoiDefinition> definitions = {
      {PlantedRoiKey::OFA, "OFA", {40, -78, -10}, 8.0f,
       {"Lateral Occipital Cortex, inferior division", "Occipital Fusiform Gyrus"}, false, C::Face,
       "Gauthier et al. 2000; Pitcher et al. 2011"},
      {PlantedRoiKey::FFA, "FFA", {40, -55, -18}, 9.0f,
       {"Temporal Occipital Fusiform Cortex", "Temporal Fusiform Cortex, posterior division"}, false, C::Face,
       "Kanwisher et al. 1997"},
      {PlantedRoiKey::PPA, "PPA", {26, -45, -8}, 10.0f,
       {"Parahippocampal Gyrus, posterior division", "Lingual Gyrus", "Temporal Occipital Fusiform Cortex"}, false,
       C::Place, "Epstein & Kanwisher 1998"},
      {PlantedRoiKey::OPA, "OPA", {34, -80, 20}, 9.0f, {"Lateral Occipital Cortex, superior division"}, false, C::Place,
       "Dilks et al. 2013 (TOS: Grill-Spector 2003)"},
      {PlantedRoiKey::RSC, "RSC", {15, -55, 10}, 8.0f,
       {"Precuneous Cortex", "Cingulate Gyrus, posterior division", "Intracalcarine Cortex", "Supracalcarine Cortex"},
       false, C::Place, "Epstein 2008; Julian et al. 2012"},
      {PlantedRoiKey::EBA, "EBA", {48, -72, 4}, 10.0f,
       {"Lateral Occipital Cortex, inferior division", "Middle Temporal Gyrus, temporooccipital part"}, false, C::Body,
       "Downing et al. 2001"},
      {PlantedRoiKey::VWFA, "VWFA", {44, -58, -14}, 8.0f,
       {"Temporal Occipital Fusiform Cortex", "Inferior Temporal Gyrus, temporooccipital part"}, true, C::Word,
       "Cohen et al. 2000"},
      {PlantedRoiKey::LOC, "LOC", {44, -74, -6}, 10.0f,
       {"Lateral Occipital Cortex, inferior division"}, false, C::Object, "Malach et al. 1995; Grill-Spector et al. 2001"},
      {PlantedRoiKey::Food, "food", {32, -50, -16}, 7.0f,
       {"Temporal Occipital Fusiform Cortex", "Occipital Fusiform Gyrus", "Parahippocampal Gyrus, posterior division"},
       false, C::Food, "Khosla et al. 2022; Jain et al. 2023"},
  };
  return definitions;
}

std::string plantedRoiName(PlantedRoiKey k) {
  switch (k) {
    case PlantedRoiKey::None: return "none";
    case PlantedRoiKey::V1: return "V1";
    case PlantedRoiKey::V2: return "V2";
    case PlantedRoiKey::V3: return "V3";
    default: break;
  }
  for (const auto& d : categoryRoiDefinitions())
    if (d.key == k) return d.name;
  return "ROI " + std::to_string(key(k));
}

std::vector<Label> plantedRoiLabels() {
  // Early areas in blues, face regions red, place regions green, body orange, words purple, objects teal, food
  // yellow: the colours say what a region prefers.
  return {
      {key(PlantedRoiKey::V1), "V1", {0.12f, 0.30f, 0.85f, 1}},
      {key(PlantedRoiKey::V2), "V2", {0.30f, 0.55f, 0.95f, 1}},
      {key(PlantedRoiKey::V3), "V3", {0.55f, 0.78f, 1.00f, 1}},
      {key(PlantedRoiKey::OFA), "OFA", {0.95f, 0.45f, 0.45f, 1}},
      {key(PlantedRoiKey::FFA), "FFA", {0.85f, 0.10f, 0.10f, 1}},
      {key(PlantedRoiKey::PPA), "PPA", {0.10f, 0.65f, 0.20f, 1}},
      {key(PlantedRoiKey::OPA), "OPA", {0.45f, 0.85f, 0.35f, 1}},
      {key(PlantedRoiKey::RSC), "RSC", {0.20f, 0.45f, 0.15f, 1}},
      {key(PlantedRoiKey::EBA), "EBA", {0.95f, 0.55f, 0.10f, 1}},
      {key(PlantedRoiKey::VWFA), "VWFA", {0.60f, 0.25f, 0.75f, 1}},
      {key(PlantedRoiKey::LOC), "LOC", {0.10f, 0.65f, 0.65f, 1}},
      {key(PlantedRoiKey::Food), "food", {0.95f, 0.85f, 0.15f, 1}},
  };
}

std::vector<std::int32_t> labelKeysNamed(const Parcellation& parcellation, const std::vector<std::string>& names) {
  std::vector<std::int32_t> keys;
  for (const auto& label : parcellation.labels)
    if (std::find(names.begin(), names.end(), label.name) != names.end()) keys.push_back(label.key);
  return keys;
}

PlantedRois plantRois(const std::array<const Surface*, 2>& surfaces, const Parcellation& harvardOxford,
                      const Parcellation& brodmann, const PlantedRoiOptions& options, const JobContext& context) {
  PlantedRois result;
  result.labels = plantedRoiLabels();
  if (labelKeysNamed(brodmann, {"BA 17"}).empty()) throw std::invalid_argument("plantRois: the Brodmann set has no label named 'BA 17'");
  for (int h = 0; h < 2; ++h) {
    const Surface& surface = *surfaces[static_cast<std::size_t>(h)];
    const std::size_t n = surface.vertexCount();
    for (const Parcellation* atlas : {&harvardOxford, &brodmann})
      if (atlas->keys[static_cast<std::size_t>(h)].size() != n)
        throw std::invalid_argument("plantRois: " + atlas->name + " has " +
                                    std::to_string(atlas->keys[static_cast<std::size_t>(h)].size()) + " keys on " +
                                    toString(surface.hemisphere) + ", the surface " + std::to_string(n) + " vertices");
    // Brodmann keys are area numbers in the demo set; translate through the names so that any key scheme works.
    std::vector<std::int32_t> areas(n, 0);
    for (int area : {17, 18, 19}) {
      const auto keys = labelKeysNamed(brodmann, {"BA " + std::to_string(area)});
      for (std::size_t v = 0; v < n; ++v)
        if (std::find(keys.begin(), keys.end(), brodmann.keys[static_cast<std::size_t>(h)][v]) != keys.end())
          areas[v] = area;
    }
    const auto adjacency = MeshAdjacency::build(n, surface.triangles);
    auto& out = result.hemispheres[static_cast<std::size_t>(h)];
    out.hemisphere = surface.hemisphere;
    const auto slice = context.slice(0.5 * h, 0.5 * h + 0.5);
    slice.report(0.0, "Planting V1-V3 on " + toString(surface.hemisphere));
    plantEarlyVisual(surface, adjacency, areas, options, out);
    plantCategoryRois(surface, harvardOxford.keys[static_cast<std::size_t>(h)], harvardOxford, options, out,
                      slice.slice(0.3, 1.0));
  }
  return result;
}

}  // namespace vl::core
