#pragma once
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kFitHelp;
extern const char* const kMergeHelp;
extern const char* const kDecodeHelp;
extern const char* const kRsaHelp;
int runFitCommand(const std::vector<std::string>& arguments);
int runMergeCommand(const std::vector<std::string>& arguments);
int runDecodeCommand(const std::vector<std::string>& arguments);
int runRsaCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
