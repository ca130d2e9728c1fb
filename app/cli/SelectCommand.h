#pragma once
// `voxellens select`: the selectivity explorer's results for one target (or every ROI of a set) without a window.
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kSelectHelp;
int runSelectCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
