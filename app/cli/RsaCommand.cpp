#include "app/cli/RsaCommand.h"

#include <cstdio>
#include <filesystem>
#include <variant>

#include "app/cli/CommandLine.h"
#include "app/cli/FitArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/analysis/RoiRsa.h"
#include "core/io/DataFile.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"

namespace vl::app {

const char* const kRsaHelp =
    "usage: voxellens rsa --responses Y.npy --embedding E.npy --labels LABELS --out rsa.npy [--metric correlation|\n"
    "                     euclidean] [--min-vertices N]\n"
    "Per-ROI representational similarity: for each ROI of LABELS (an .annot, .label.gii, dlabel CIFTI or a .npy of\n"
    "keys, one per vertex), Spearman correlation between the RDM of its response patterns (items x vertices of Y)\n"
    "and the RDM of the model embedding E (items x d). Writes the value at each ROI vertex (NaN elsewhere) as a\n"
    "per-vertex .npy that File > Open adds as a layer, and prints one line per ROI.\n";

int runRsaCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--responses", "--embedding", "--labels", "--out", "--metric",
                                                   "--min-vertices"});
  const auto responses = core::readNpyMatrix(requireValue(args, "--responses"));
  const auto embedding = core::readNpyMatrix(requireValue(args, "--embedding"));
  const std::filesystem::path out = requireValue(args, "--out");
  const auto labelFile = core::readDataFile(requireValue(args, "--labels"));
  std::vector<std::int32_t> keys;
  std::vector<core::Label> names;
  if (const auto* labels = std::get_if<core::LabelMap>(&labelFile.content)) {
    keys = labels->keys;
    names = labels->labels;
  } else if (const auto* array = std::get_if<core::NpyArray>(&labelFile.content)) {
    for (double k : array->toDouble()) keys.push_back(static_cast<std::int32_t>(k));
  } else {
    throw UsageError(labelFile.path.string() + ": a " + core::contentKind(labelFile.content) +
                     ", not ROI labels (expected .annot, .label.gii or a .npy of keys)");
  }
  const std::string metricName = args.value("--metric").value_or("correlation");
  core::RdmMetric metric;
  if (metricName == "correlation") metric = core::RdmMetric::Correlation;
  else if (metricName == "euclidean") metric = core::RdmMetric::Euclidean;
  else throw UsageError("bad --metric '" + metricName + "': expected correlation or euclidean");
  const auto minimum = static_cast<std::size_t>(parseCount(args, "--min-vertices", 10, 2, 1 << 24));
  core::RoiRsaMap map;
  {
    TerminalProgress progress;
    map = core::computeRoiRsaMap(responses, keys, embedding, metric, minimum, progress.context());
  }
  core::writeNpyVector(out, map.perVertex);
  for (const auto& roi : map.rois) {
    std::string name = "ROI " + std::to_string(roi.key);
    for (const auto& label : names)
      if (label.key == roi.key) name = label.name;
    std::printf("%-24s %7zu vertices  Spearman %+.4f\n", name.c_str(), roi.vertices, roi.spearman);
  }
  std::printf("wrote %s (%zu vertices)\n", out.c_str(), map.perVertex.size());
  return 0;
}

}  // namespace vl::app
