#pragma once
// The total area of a surface in mm^2: the sum of its triangles' areas.
#include "core/model/Surface.h"

namespace vl::core {

double surfaceArea(const Surface& surface);

}  // namespace vl::core
