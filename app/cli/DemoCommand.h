#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kDemoHelp;
int runDemoCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
