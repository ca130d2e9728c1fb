#pragma once
// `voxellens area`: the total area of a surface, from the command line.
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kAreaHelp;
int runAreaCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
