#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kCurvatureHelp;
extern const char* const kVol2SurfHelp;
int runCurvatureCommand(const std::vector<std::string>& arguments);
int runVol2SurfCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
