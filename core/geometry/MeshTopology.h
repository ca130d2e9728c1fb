#pragma once
// Checks that a triangle mesh is a closed, consistently oriented 2-manifold, the property every later geometry
// step (curvature, inflation, geodesics, ROI boundaries) relies on.
#include <cstddef>
#include <string>

#include "core/model/Surface.h"

namespace vl::core {

struct TopologyReport {
  std::size_t vertices = 0, edges = 0, triangles = 0;
  std::size_t boundaryEdges = 0;        // edges used by one triangle: holes
  std::size_t nonManifoldEdges = 0;     // edges used by three or more triangles
  std::size_t nonManifoldVertices = 0;  // vertices whose triangles do not form one fan (pinch points)
  std::size_t unusedVertices = 0;       // vertices no triangle references
  std::size_t inconsistentEdges = 0;    // edges whose two triangles traverse them in the same direction
  std::size_t degenerateTriangles = 0;  // triangles that repeat a vertex
  std::size_t components = 0;
  long eulerCharacteristic = 0;  // V - E + F; 2 for a closed sphere-like surface

  bool isClosedManifold() const {
    return boundaryEdges == 0 && nonManifoldEdges == 0 && nonManifoldVertices == 0 && unusedVertices == 0 &&
           inconsistentEdges == 0 && degenerateTriangles == 0;
  }
  std::string summary() const;
};

TopologyReport analyseTopology(const Surface& surface);

}  // namespace vl::core
