#pragma once
// `voxellens fit` and `voxellens merge`: voxelwise ridge encoding fits and the joining of their voxel chunks. They
// run in the front end (no LibTorch: the ridge is plain BLAS, core/analysis/RidgeCv.h).
#include <string>
#include <vector>

namespace vl::app {

extern const char* const kFitHelp;
extern const char* const kMergeHelp;
int runFitCommand(const std::vector<std::string>& arguments);
int runMergeCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
