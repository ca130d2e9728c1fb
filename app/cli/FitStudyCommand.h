#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kFitStudyHelp;
int runFitStudyCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
