#include "core/geometry/SulcalDepth.h"

#include "core/geometry/LaplacianSmoothing.h"
#include "core/geometry/VertexNormals.h"

namespace vl::core {

std::vector<float> computeSulcalDepth(const Surface& surface, const SulcalDepthOptions& options) {
  const auto adjacency = MeshAdjacency::build(surface.vertexCount(), surface.triangles);
  const auto smooth = smoothLaplacian(surface.vertices, adjacency, options.smoothingIterations, options.smoothingStep);
  const auto normals = computeVertexNormals(smooth, surface.triangles);
  std::vector<float> depth(surface.vertexCount());
  double sum = 0;
  for (std::size_t v = 0; v < depth.size(); ++v) {
    double outward = 0;
    for (int d = 0; d < 3; ++d) outward += (double(surface.vertices[v][d]) - smooth[v][d]) * normals[v][d];
    depth[v] = static_cast<float>(-outward);
    sum += depth[v];
  }
  // Smoothing shrinks the reference, so every vertex looks "outside"; centring removes that offset.
  const float mean = depth.empty() ? 0.0f : static_cast<float>(sum / double(depth.size()));
  for (auto& d : depth) d -= mean;
  return depth;
}

}  // namespace vl::core
