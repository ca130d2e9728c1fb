#pragma once
// A subdivided icosahedron projected onto a sphere: a closed, regular test and benchmark mesh. Level 7 has
// 163,842 vertices, as many as a FreeSurfer fsaverage hemisphere.
#include "core/model/Surface.h"

namespace vl::core {

Surface makeIcosphere(int levels, float radius, Vec3f centre = {0, 0, 0}, Hemisphere hemisphere = Hemisphere::Left);

}  // namespace vl::core
