#pragma once
// `voxellens rsa`: per-ROI representational similarity between response patterns and a model embedding.
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kRsaHelp;
int runRsaCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
