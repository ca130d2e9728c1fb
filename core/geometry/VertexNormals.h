#pragma once
// Area-weighted vertex normals. Triangles are expected counter-clockwise seen from outside, so normals point out.
#include <vector>

#include "core/model/Surface.h"

namespace vl::core {

std::vector<Vec3f> computeVertexNormals(const std::vector<Vec3f>& vertices, const std::vector<Triangle>& triangles);

}  // namespace vl::core
