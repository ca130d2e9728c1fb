#include "core/fitting/DecoderFolder.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

#include "core/io/AtomicFileWriter.h"
#include "core/io/JsonFile.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace fs = std::filesystem;

void writeDecoderFit(const fs::path& folder, const DecoderFit& decoder) {
  fs::create_directories(folder);
  writeNpyMatrix(folder / "weights.npy", decoder.fit.weights);
  writeNpy(folder / "intercepts.npy", std::vector<float>(decoder.fit.intercepts.begin(), decoder.fit.intercepts.end()),
           {static_cast<std::int64_t>(decoder.fit.intercepts.size())});
  writeNpy(folder / "alphas.npy", decoder.fit.alphas, {static_cast<std::int64_t>(decoder.fit.alphas.size())});
  writeNpy(folder / "columns.npy", decoder.columns, {static_cast<std::int64_t>(decoder.columns.size())});
  const nlohmann::json summary = {{"kind", "decoder"},
                                  {"columns", decoder.columns.size()},
                                  {"dimensions", decoder.fit.weights.cols},
                                  {"test_images", decoder.testImages},
                                  {"top1", decoder.topOne},
                                  {"top1_ways", decoder.ways},
                                  {"top1_image_to_brain", decoder.topOneImageToBrain},
                                  {"top1_chance", decoder.topOneChance},
                                  {"two_way", decoder.twoWay},
                                  {"mean_rank", decoder.meanRank},
                                  {"selection", decoder.selection},
                                  {"seconds", decoder.seconds}};
  writeFileAtomically(folder / "summary.json", summary.dump(2) + "\n");
}

std::optional<DecoderFit> readDecoderFit(const fs::path& folder) {
  const auto cached = readCachedJson(folder / "summary.json");
  if (!cached) return std::nullopt;
  try {
    const auto& summary = *cached;
    DecoderFit decoder;
    decoder.fit.weights = readNpyMatrix(folder / "weights.npy");
    const auto intercepts = readNpy(folder / "intercepts.npy").toFloat();
    decoder.fit.intercepts.assign(intercepts.begin(), intercepts.end());
    decoder.fit.alphas = readNpy(folder / "alphas.npy").toDouble();
    const NpyArray columns = readNpy(folder / "columns.npy");
    if (columns.dtype != NpyArray::DType::Int32) return std::nullopt;
    decoder.columns = columns.toInt32();
    if (decoder.columns.size() != decoder.fit.weights.rows || intercepts.size() != decoder.fit.weights.cols)
      return std::nullopt;
    decoder.testImages = summary.at("test_images").get<std::size_t>();
    // Folders written before the summary named it used 300 ways.
    decoder.ways = summary.value("top1_ways", std::min<std::size_t>(300, decoder.testImages));
    decoder.topOne = summary.at("top1").get<double>();
    decoder.topOneChance = summary.at("top1_chance").get<double>();
    decoder.topOneImageToBrain = summary.value("top1_image_to_brain", std::numeric_limits<double>::quiet_NaN());
    decoder.twoWay = summary.at("two_way").get<double>();
    decoder.meanRank = summary.at("mean_rank").get<double>();
    decoder.seconds = summary.at("seconds").get<double>();
    decoder.selection = summary.value("selection", std::string());
    return decoder;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged cache is refitted, not trusted
  }
}

}  // namespace vl::core
