#pragma once
// `voxellens decode`: a ridge decoder from voxels to an embedding space and its retrieval scores (runs in
// voxellens-full: the study-level form needs the model bundles).
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kDecodeHelp;
int runDecodeCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
