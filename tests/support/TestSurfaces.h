#pragma once
// Small meshes with known geometry for tests: an icosphere (closed, curvature 1/r everywhere) and friends.
#include <memory>

#include "core/model/Study.h"
#include "core/model/Surface.h"

namespace vl::fixtures {

// An icosahedron subdivided `levels` times, projected onto a sphere of `radius` around `centre`.
core::Surface makeIcosphere(int levels, float radius, core::Vec3f centre = {0, 0, 0},
                            core::Hemisphere hemisphere = core::Hemisphere::Left);
// A study with one icosphere per hemisphere (left at x = -60, right at x = +60) and a constant scalar layer.
std::shared_ptr<core::Study> makeSphereStudy(int levels = 3, float radius = 50.0f);

}  // namespace vl::fixtures
