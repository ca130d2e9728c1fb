#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kRenderHelp;
int runRenderCommand(const std::vector<std::string>& arguments);  // throws UsageError / FormatError on bad input

}  // namespace vl::app
