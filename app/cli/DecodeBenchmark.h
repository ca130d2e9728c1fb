#pragma once
// `voxellens bench decode`: the fits behind `voxellens decode --study` on a study (default: the demo study in the
// user's cache, made first when missing), timed one by one, with scikit-learn's RidgeCV on the forward model's fit
// as the peer in the same run when it is installed.
#include <string>

namespace vl::app {

int runDecodeBenchmark(const std::string& studyFolder);

}  // namespace vl::app
