#pragma once
// What a background job reads of the document: an immutable copy of a Study, taken on the GUI thread with
// Study::snapshot().
//
// The rule: a Study is read and changed on the GUI thread only. A job never captures a Study (or a reference or
// pointer to one): the GUI thread may replace its surfaces (Inflate), layers or ROI sets while the job runs. A job
// captures a StudySnapshot instead. Its surfaces, layer values, ROI sets and experiment are shared_ptr<const> to
// the very objects the Study held when the snapshot was taken; the Study replaces such objects and never changes
// them in place, so the snapshot keeps seeing what it saw, and taking one copies pointers, not meshes. A job hands
// its result back to the GUI thread, which checks that it still applies (same study, same surfaces, matching
// vertex counts) before it changes the Study.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/model/StudyItems.h"

namespace vl::core {

struct Experiment;

struct StudySnapshot {
  std::string name;
  std::array<HemisphereSurfaces, 2> hemispheres;  // 0 = left, 1 = right
  std::vector<LayerEntry> layers;                 // bottom first
  std::vector<RoiSetEntry> roiSets;
  std::shared_ptr<const Experiment> experiment;   // null when the study has none

  const HemisphereSurfaces& hemisphere(Hemisphere side) const { return hemispheres[hemisphereIndex(side)]; }
  std::shared_ptr<const Surface> shownSurface(Hemisphere side) const { return hemisphere(side).shownSurface(); }
  // The surface to sample volumes at and to measure geodesics on (Study::referenceSurface).
  std::shared_ptr<const Surface> referenceSurface(Hemisphere side) const { return hemisphere(side).referenceSurface(); }
  std::size_t vertexCount(Hemisphere side) const { return hemisphere(side).vertexCount(); }
};

}  // namespace vl::core
