#pragma once
// Small studies with known geometry for tests (spheres from core/geometry/Icosphere.h).
#include <memory>

#include "core/geometry/Icosphere.h"
#include "core/model/Study.h"
#include "core/model/Surface.h"

namespace vl::fixtures {

// A study with one icosphere per hemisphere (left at x = -60, right at x = +60) and a constant scalar layer.
std::shared_ptr<core::Study> makeSphereStudy(int levels = 3, float radius = 50.0f);

}  // namespace vl::fixtures
