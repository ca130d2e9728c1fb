#pragma once
// A sulcal-depth-like measure: how far each vertex lies inside a heavily smoothed copy of the surface, measured
// along the smoothed normals and centred on zero. Sign follows FreeSurfer's ?h.sulc: POSITIVE deep in sulci,
// NEGATIVE on gyral crowns. In mm.
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

struct SulcalDepthOptions {
  int smoothingIterations = 150;
  float smoothingStep = 0.5f;
};

std::vector<float> computeSulcalDepth(const Surface& surface, const SulcalDepthOptions& options = {});

}  // namespace vl::core
