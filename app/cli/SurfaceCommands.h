#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kCurvatureHelp;
int runCurvatureCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
