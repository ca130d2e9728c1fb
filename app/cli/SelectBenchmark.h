#pragma once
// `voxellens bench select [--study DIR] [--repeat N]`: how fast the selectivity explorer answers on a study (the
// default demo study when none is named): click to gallery, caption, receptive field, reliability and the whole
// caption map, each against its goal and, where python3 with numpy is installed, against the same computation in
// numpy (and scikit-learn's KMeans for the caption map's clustering) in the same run.
#include <optional>
#include <string>

namespace vl::app {

int runSelectBenchmark(const std::optional<std::string>& studyFolder, int repetitions);

}  // namespace vl::app
