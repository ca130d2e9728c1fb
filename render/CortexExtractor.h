#pragma once
// Extracts a closed white-matter surface per hemisphere from a T1 image in MNI space (the Colin27 demo brain):
// shrink to the working grid, Gaussian smoothing, midline split and removal of cerebellum and brainstem,
// flying-edges iso-surface, largest connected component, windowed-sinc smoothing, then voxel -> world mm.
// Each hemisphere comes out as one closed, outward-oriented 2-manifold.
#include <array>

#include "core/demo/DemoBrainSource.h"
#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"
#include "core/model/Volume.h"

namespace vl::render {

// t1: the template; atlas: AAL labels in the same world space (its cerebellum labels 91-116 are excluded).
// Throws std::runtime_error when no surface can be found; honours cancellation between steps.
std::array<core::Surface, 2> extractCortex(const core::Volume& t1, const core::Volume& atlas,
                                           const core::DemoBrainParameters& parameters,
                                           const core::JobContext& context);

}  // namespace vl::render
