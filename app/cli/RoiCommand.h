#pragma once
// `voxellens roi disc`: the disc ROI the GUI's ROI drawing panel makes, from the command line.
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kRoiHelp;
int runRoiCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
