#pragma once
// Extracts a closed, genus-0 white-matter surface per hemisphere from a T1 image in MNI space (the Colin27 demo
// brain): the volume steps on ITK (core/anatomy/WhiteMatterMasks.h), a handle-free white-matter object grown from
// a seed ball by adding only simple voxels (core/anatomy/TopologyPreservingGrowth.h), the boundary faces of its
// voxels as triangles (core/anatomy/VoxelBoundaryMesh.h), Taubin lambda/mu smoothing, then voxel -> world mm.
// Each hemisphere comes out as one closed, outward-oriented 2-manifold with Euler characteristic 2.
#include <array>

#include "core/anatomy/DemoBrainSource.h"
#include "core/jobs/JobContext.h"
#include "core/model/Surface.h"
#include "core/model/Volume.h"

namespace vl::core {

// t1: the template; atlas: AAL labels in the same world space (its cerebellum labels 91-116 are excluded).
// Throws std::runtime_error when no surface can be found; honours cancellation between steps.
std::array<Surface, 2> extractCortex(const Volume& t1, const Volume& atlas, const DemoBrainParameters& parameters,
                                     const JobContext& context = {});

// Alternating smoothing steps of weight lambda (> 0, shrinks) and mu (< -lambda, grows back), so that folds are
// kept while the voxel staircase goes.
std::vector<Vec3f> smoothTaubin(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles,
                                int iterations, float lambda, float mu);

}  // namespace vl::core
