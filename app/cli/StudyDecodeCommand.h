#pragma once
// `voxellens decode --study DIR ...`: identification and reconstruction of a study's test images from its
// responses (the study-level form of decode; the file-based form stays in FitCommand.cpp).
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kStudyDecodeHelp;
int runStudyDecodeCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
