#pragma once
// Signed enclosed volume of a closed mesh and the fix for inward-facing triangles. Extraction pipelines and
// voxel-to-world transforms with a negative determinant can flip the winding; normals, curvature sign and lighting
// all assume triangles counter-clockwise seen from outside.
#include "core/model/Surface.h"

namespace vl::core {

double signedVolume(const Surface& surface);  // > 0 when triangles face outwards

// Which side of a closed surface its triangles face. Outward (or Inward) only when every edge is shared by exactly
// two triangles that traverse it in opposite directions (closed and consistently wound, so that seen from outside
// only front faces can be in front) and every connected piece encloses positive (negative) volume; otherwise
// Undetermined (holes, flat patches, non-manifold or inconsistent edges, degenerate triangles). The renderer
// culls the hidden side of closed surfaces only.
enum class SurfaceFacing { Outward, Inward, Undetermined };
SurfaceFacing closedSurfaceFacing(const Surface& surface);
// Reverses every triangle when the signed volume is negative. Returns true when it flipped.
bool orientOutward(Surface& surface);

}  // namespace vl::core
