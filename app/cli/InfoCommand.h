#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kInfoHelp;
extern const char* const kConvertHelp;
int runInfoCommand(const std::vector<std::string>& arguments);
int runConvertCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
