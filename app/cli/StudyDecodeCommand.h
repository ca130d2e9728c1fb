#pragma once
// `voxellens decode --study DIR ...`: identification and reconstruction of a study's test images from its
// responses (the study-level form of decode; the file-based form and the help text of both are in DecodeCommand.cpp,
// whose runDecodeCommand hands a command line with --study here).
#include <string>
#include <vector>

namespace vl::app {

int runStudyDecodeCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
