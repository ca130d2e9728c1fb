#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kStimuliHelp;
int runStimuliCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
