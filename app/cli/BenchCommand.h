#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kBenchHelp;
int runBenchCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
