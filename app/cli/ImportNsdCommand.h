#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kImportNsdHelp;
int runImportNsdCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
