#include "app/cli/FitArguments.h"

#include "core/io/NpyReader.h"

namespace vl::app {

std::vector<double> parseAlphas(const std::string& text) {
  std::vector<double> alphas;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      std::size_t used = 0;
      const double value = std::stod(item, &used);
      if (used != item.size() || !(value > 0)) throw std::invalid_argument("bad");
      alphas.push_back(value);
    } catch (const std::exception&) {
      throw UsageError("bad --alphas '" + text + "': expected positive numbers separated by commas");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return alphas;
}

int parseCount(const Arguments& args, const std::string& name, int fallback, int low, int high) {
  return int(wholeNumberOption(args, name, std::uint64_t(fallback), std::uint64_t(low), std::uint64_t(high)));
}

std::string requireValue(const Arguments& args, const std::string& name) {
  if (auto v = args.value(name)) return *v;
  throw UsageError("missing " + name);
}

void readCrossValidation(const Arguments& args, std::size_t samples, core::RidgeOptions& options) {
  if (auto alphas = args.value("--alphas")) options.alphas = parseAlphas(*alphas);
  const std::string selection = args.value("--selection").value_or("loo");
  if (selection == "loo") options.selection = core::RidgeSelection::LeaveOneOut;
  else if (selection == "kfold") options.selection = core::RidgeSelection::KFold;
  else if (selection == "group") options.selection = core::RidgeSelection::GroupKFold;
  else throw UsageError("bad --selection '" + selection + "': expected loo, kfold or group");
  options.folds = parseCount(args, "--folds", 5, 2, 1000);
  if (options.selection != core::RidgeSelection::GroupKFold) return;
  const auto groups = core::readNpy(requireValue(args, "--groups")).toDouble();
  if (groups.size() != samples)
    throw UsageError("--groups has " + std::to_string(groups.size()) + " entries for " + std::to_string(samples) +
                     " samples");
  options.groups.assign(groups.begin(), groups.end());
}

void requireRows(const core::Matrix& a, const core::Matrix& b, const std::string& what) {
  if (a.rows != b.rows)
    throw UsageError(what + ": " + std::to_string(a.rows) + " and " + std::to_string(b.rows) +
                     " rows (samples must match)");
}

}  // namespace vl::app
