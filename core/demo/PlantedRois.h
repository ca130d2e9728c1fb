#pragma once
// Functional ROIs planted on the demo brain (docs/demo-subject.md): early visual areas V1-V3 with a retinotopic map,
// and category-selective regions (faces, places, bodies, words, objects, food) at the places where the literature
// finds them. Anatomy comes from the atlases projected onto the demo surfaces (DemoAtlases.h): V1 is Brodmann
// area 17, V2 and V3 are bands of fixed width around it inside BA 18/19, and each category ROI is a geodesic disc
// around the vertex nearest to a literature coordinate (MNI mm, the demo brain's space) among the vertices of the
// Harvard-Oxford regions that region lies in. This is planted, simplified anatomy for a simulation, not an atlas.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Stimulus.h"
#include "core/jobs/JobContext.h"
#include "core/model/Parcellation.h"
#include "core/model/Surface.h"

namespace vl::core {

// Label keys of the planted ROI set (the GIfTI label table uses these keys and names).
enum class PlantedRoiKey : std::int32_t {
  None = 0, V1 = 1, V2 = 2, V3 = 3, OFA = 4, FFA = 5, PPA = 6, OPA = 7, RSC = 8, EBA = 9, VWFA = 10, LOC = 11,
  Food = 12,
};

struct CategoryRoiDefinition {
  PlantedRoiKey key;
  std::string name;                      // "FFA", ...
  std::array<float, 3> centreRight;      // MNI mm for the right hemisphere; x is mirrored for the left
  float radiusMm;                        // geodesic radius of the labelled disc on the white surface
  std::vector<std::string> anatomy;      // Harvard-Oxford regions the centre vertex must lie in
  bool leftOnly = false;                 // VWFA
  StimulusCategory preferred;
  std::string source;                    // the paper the coordinate follows (docs/demo-subject.md has the list)
};

// The category ROIs in planting order.
const std::vector<CategoryRoiDefinition>& categoryRoiDefinitions();
// The label table of the planted set: V1, V2, V3 and the category ROIs, with distinct colours.
std::vector<Label> plantedRoiLabels();
std::string plantedRoiName(PlantedRoiKey key);

struct PlantedRoiOptions {
  float v2WidthMm = 10.0f;          // V2: within this geodesic distance of V1 (inside BA 17/18/19)
  float v3WidthMm = 8.0f;           // V3: the next band
  float maxEccentricityDeg = 90.0f; // at the anterior end of the calcarine
  float fovealEccentricityDeg = 0.75f;  // e2 of the log map ecc = e2 (exp(d / k) - 1) (Horton & Hoyt 1991)
  float profileExtent = 1.6f;       // category selectivity reaches this many radii from a centre
  int closingRings = 2;             // BA 17 is closed by this many vertex rings before its pieces become V1
  double minPieceShare = 0.01;      // pieces of BA 17 smaller than this share of it are projection specks
};

// One category ROI as placed on one hemisphere.
struct PlacedCategoryRoi {
  PlantedRoiKey key;
  std::int32_t centreVertex = -1;
  Vec3f centre{};                 // white-surface position of the centre vertex
  std::array<float, 3> target{};  // the literature coordinate asked for (mirrored on lh)
  float radiusMm = 0;             // the definition's radius, grown where V1-V3 take part of the disc
  std::string anatomyAtCentre;    // Harvard-Oxford region of the centre vertex
  // Vertices within profileExtent * radius (outside V1-V3) and their geodesic distance from the centre: where the
  // region's category selectivity falls off (SimulatedSubject.h).
  std::vector<std::int32_t> vertices;
  std::vector<float> distances;
};

struct PlantedHemisphere {
  Hemisphere hemisphere = Hemisphere::Left;
  std::vector<std::int32_t> keys;  // per vertex, PlantedRoiKey as int (0 = none)
  // Retinotopy inside V1-V3 (NaN elsewhere). Polar angle as in NSD's pRF maps: degrees counter-clockwise from the
  // right horizontal meridian (0 right, 90 upper vertical, 180 left, 270 lower vertical); each hemisphere maps the
  // contralateral hemifield. Eccentricity in degrees of visual angle.
  std::vector<float> eccentricity, polarAngle;
  std::vector<PlacedCategoryRoi> categoryRois;
  std::int32_t fovealVertex = -1;  // the V1 vertex at eccentricity 0 (the occipital pole end of V1)
};

struct PlantedRois {
  std::array<PlantedHemisphere, 2> hemispheres;  // left, right
  std::vector<Label> labels;
};

// `surfaces`: the white surfaces (left, right). `harvardOxford` and `brodmann`: the projected atlases
// (DemoAtlases.h) with keys for both hemispheres. Throws std::invalid_argument when an atlas does not fit the
// surfaces, when BA 17 is missing on a hemisphere, or when no vertex of a region's anatomy exists.
PlantedRois plantRois(const std::array<const Surface*, 2>& surfaces, const Parcellation& harvardOxford,
                      const Parcellation& brodmann, const PlantedRoiOptions& options = {},
                      const JobContext& context = {});

// Keys of the labels named `names` in a parcellation (names not present are skipped).
std::vector<std::int32_t> labelKeysNamed(const Parcellation& parcellation, const std::vector<std::string>& names);

}  // namespace vl::core
