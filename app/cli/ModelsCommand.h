#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kModelsHelp;
int runModelsCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
