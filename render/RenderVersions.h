#pragma once
#include <string>

namespace vl::render {

std::string vtkVersion();
// The OpenGL renderer and version VTK would use (opens a 1x1 offscreen window); empty when OpenGL is unusable.
std::string openGlDescription();

}  // namespace vl::render
