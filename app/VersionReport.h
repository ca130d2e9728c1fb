#pragma once
// The versions of VoxelLens and every library it runs on, for --version and Help > About.
#include <string>

namespace vl::app {

std::string versionReport();

}  // namespace vl::app
