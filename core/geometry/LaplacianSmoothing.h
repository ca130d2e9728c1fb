#pragma once
// Umbrella-operator smoothing of vertex positions: each step moves a vertex by `step` times the offset to the
// mean of its neighbours. It shrinks the mesh, which is what sulcal depth wants (a smooth hull-like reference).
#include <vector>

#include "core/geometry/MeshAdjacency.h"
#include "core/model/Surface.h"

namespace vl::core {

std::vector<Vec3f> smoothLaplacian(const std::vector<Vec3f>& vertices, const MeshAdjacency& adjacency, int iterations,
                                   float step);

// Averages each vertex value with its neighbours' (weight `step` on their mean), `iterations` times. NaN stays NaN
// and does not spread.
std::vector<float> smoothVertexValues(const std::vector<float>& values, const MeshAdjacency& adjacency, int iterations,
                                      float step = 0.5f);

}  // namespace vl::core
