#pragma once
// `voxellens bench models [--bundle NAME|DIR] [--repeat N]`: an image embedder's load and validation time and its
// embedding throughput on 256 images of its input size (default: the study's image embedder). The timing half of
// what tests/core/ModelBundleTest.cpp checks for correctness.
#include <string>

namespace vl::app {

int runModelBenchmark(const std::string& bundle, int repeat);

}  // namespace vl::app
