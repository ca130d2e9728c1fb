#pragma once
// Signed enclosed volume of a closed mesh and the fix for inward-facing triangles. Extraction pipelines and
// voxel-to-world transforms with a negative determinant can flip the winding; normals, curvature sign and lighting
// all assume triangles counter-clockwise seen from outside.
#include "core/model/Surface.h"

namespace vl::core {

double signedVolume(const Surface& surface);  // > 0 when triangles face outwards
// Reverses every triangle when the signed volume is negative. Returns true when it flipped.
bool orientOutward(Surface& surface);

}  // namespace vl::core
