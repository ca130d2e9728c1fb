#pragma once
// Versions of the libraries core links, for --version and Help > About.
#include <string>

namespace vl::core {

std::string voxellensVersion();
std::string itkVersion();
std::string niftiVersion();

}  // namespace vl::core
