#include "core/anatomy/CortexExtractor.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/anatomy/TopologyPreservingGrowth.h"
#include "core/anatomy/VoxelBoundaryMesh.h"
#include "core/anatomy/WhiteMatterMasks.h"
#include "core/geometry/LaplacianSmoothing.h"
#include "core/geometry/MeshAdjacency.h"
#include "core/geometry/MeshOrientation.h"

namespace vl::core {

std::vector<Vec3f> smoothTaubin(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles,
                                int iterations, float lambda, float mu) {
  const auto adjacency = MeshAdjacency::build(vertices.size(), triangles);
  auto current = vertices;
  for (int it = 0; it < iterations; ++it) current = smoothLaplacian(current, adjacency, 1, it % 2 == 0 ? lambda : mu);
  return current;
}

std::array<Surface, 2> extractCortex(const Volume& t1, const Volume& atlas, const DemoBrainParameters& parameters,
                                     const JobContext& context) {
  const auto masks = whiteMatterMasks(t1, atlas, parameters, context.slice(0.0, 0.4));
  const Hemisphere sides[2] = {Hemisphere::Left, Hemisphere::Right};
  const double offset = 0.5 * (masks.binning - 1);
  const double seedRadius = parameters.seedRadiusMm / parameters.resampleMm;
  std::array<Surface, 2> surfaces;
  for (int h = 0; h < 2; ++h) {
    const auto name = toString(sides[h]);
    context.report(0.4 + 0.3 * h, "Growing the " + name + " white matter without handles");
    GrowthSeed seed;
    seed.centre = masks.seeds[h];
    seed.radiusVoxels = std::min(seedRadius, masks.seedDepthVoxels[h] - 1.0);
    const auto grown = growWithoutHandles(masks.size, masks.smoothed, masks.masks[h], seed, context);
    context.report(0.55 + 0.3 * h, "Meshing the " + name + " white surface");
    auto& surface = surfaces[h];
    surface = voxelBoundaryMesh(masks.size, grown.grown);
    if (surface.triangles.empty()) throw std::runtime_error("no " + name + " hemisphere surface found");
    surface.hemisphere = sides[h];
    surface.kind = SurfaceKind::White;
    surface.vertices = smoothTaubin(surface.vertices, surface.triangles, parameters.taubinIterations,
                                    float(parameters.taubinLambda), float(parameters.taubinMu));
    for (auto& v : surface.vertices) {
      const auto world = masks.templateVoxelToWorld.apply(masks.binning * v[0] + offset, masks.binning * v[1] + offset,
                                                          masks.binning * v[2] + offset);
      v = {float(world[0]), float(world[1]), float(world[2])};
    }
    orientOutward(surface);
    context.throwIfStopped();
  }
  return surfaces;
}

}  // namespace vl::core
