#pragma once
// Discrete mean curvature per vertex (cotangent Laplace-Beltrami over mixed Voronoi vertex areas), in 1/mm.
// Sign convention is FreeSurfer's ?h.curv: NEGATIVE on convex places (gyral crowns), POSITIVE in concave places
// (sulcal fundi). A sphere of radius r gives -1/r everywhere.
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

std::vector<float> computeMeanCurvature(const Surface& surface);

}  // namespace vl::core
