#pragma once
// Options that `voxellens fit` and `voxellens decode` read the same way: the cross-validation of the ridge alphas
// and a few checked values.
#include <cstddef>
#include <string>
#include <vector>

#include "app/cli/CommandLine.h"
#include "core/analysis/RidgeTypes.h"
#include "core/base/Matrix.h"

namespace vl::app {

// "0.1,1,10": positive numbers separated by commas; UsageError otherwise.
std::vector<double> parseAlphas(const std::string& text);
// The whole number of option `name` in [low, high], `fallback` when absent; UsageError otherwise.
int parseCount(const Arguments& args, const std::string& name, int fallback, int low, int high);
std::string requireValue(const Arguments& args, const std::string& name);
// UsageError unless a and b have the same number of rows (samples).
void requireRows(const core::Matrix& a, const core::Matrix& b, const std::string& what);
// --alphas, --selection, --folds and --groups (one id per training sample).
void readCrossValidation(const Arguments& args, std::size_t samples, core::RidgeOptions& options);

}  // namespace vl::app
