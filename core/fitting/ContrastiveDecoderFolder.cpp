#include "core/fitting/ContrastiveDecoderFolder.h"

#include <nlohmann/json.hpp>

#include <string>

#include "core/io/AtomicFileWriter.h"
#include "core/io/JsonFile.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace fs = std::filesystem;
namespace {

void writeVector(const fs::path& file, const std::vector<float>& values) {
  writeNpy(file, values, {static_cast<std::int64_t>(values.size())});
}

std::string layerName(std::size_t k, const char* part) { return "layer" + std::to_string(k) + "_" + part + ".npy"; }

}  // namespace

void writeContrastiveFit(const fs::path& folder, const ContrastiveFit& fit) {
  fs::create_directories(folder);
  fs::remove(folder / "summary.json");
  writeNpy(folder / "columns.npy", fit.columns, {static_cast<std::int64_t>(fit.columns.size())});
  writeVector(folder / "mean.npy", fit.columnMean);
  writeVector(folder / "sd.npy", fit.columnSd);
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t k = 0; k < fit.layers.size(); ++k) {
    const auto& l = fit.layers[k];
    writeNpyMatrix(folder / layerName(k, "weights"), l.weights);
    writeVector(folder / layerName(k, "bias"), l.bias);
    if (!l.gamma.empty()) {
      writeVector(folder / layerName(k, "gamma"), l.gamma);
      writeVector(folder / layerName(k, "beta"), l.beta);
    }
    layers.push_back({{"inputs", l.weights.rows},
                      {"outputs", l.weights.cols},
                      {"layer_norm_gelu", !l.gamma.empty()},
                      {"residual", l.residual}});
  }
  const nlohmann::json summary = {{"kind", "contrastive decoder"},
                                  {"settings", fit.settings},
                                  {"layers", layers},
                                  {"test_images", fit.testImages},
                                  {"top1", fit.topOne},
                                  {"top1_ways", fit.ways},
                                  {"top1_image_to_brain", fit.topOneImageToBrain},
                                  {"top1_chance", fit.topOneChance},
                                  {"two_way", fit.twoWay},
                                  {"mean_rank", fit.meanRank},
                                  {"epochs", fit.epochs},
                                  {"best_epoch", fit.bestEpoch},
                                  {"validation_top1", fit.validationTopOne},
                                  {"validation_history", fit.validationHistory},
                                  {"validation_images", fit.validationImages},
                                  {"training_rows", fit.trainingRows},
                                  {"seconds", fit.seconds}};
  writeFileAtomically(folder / "summary.json", summary.dump(2) + "\n");
}

std::optional<ContrastiveFit> readContrastiveFit(const fs::path& folder) {
  const auto cached = readCachedJson(folder / "summary.json");
  if (!cached) return std::nullopt;
  try {
    const auto& summary = *cached;
    ContrastiveFit fit;
    const NpyArray columns = readNpy(folder / "columns.npy");
    if (columns.dtype != NpyArray::DType::Int32) return std::nullopt;
    fit.columns = columns.toInt32();
    fit.columnMean = readNpy(folder / "mean.npy").toFloat();
    fit.columnSd = readNpy(folder / "sd.npy").toFloat();
    if (fit.columnMean.size() != fit.columns.size() || fit.columnSd.size() != fit.columns.size()) return std::nullopt;
    std::size_t inputs = fit.columns.size();
    const auto& layers = summary.at("layers");
    for (std::size_t k = 0; k < layers.size(); ++k) {
      DenseLayer l;
      l.weights = readNpyMatrix(folder / layerName(k, "weights"));
      l.bias = readNpy(folder / layerName(k, "bias")).toFloat();
      if (layers[k].at("layer_norm_gelu").get<bool>()) {
        l.gamma = readNpy(folder / layerName(k, "gamma")).toFloat();
        l.beta = readNpy(folder / layerName(k, "beta")).toFloat();
      }
      l.residual = layers[k].at("residual").get<bool>();
      const bool consistent = l.weights.rows == inputs && l.bias.size() == l.weights.cols &&
                              (l.gamma.empty() || (l.gamma.size() == l.weights.cols && l.beta.size() == l.weights.cols)) &&
                              (!l.residual || l.weights.rows == l.weights.cols);
      if (!consistent) return std::nullopt;
      inputs = l.weights.cols;
      fit.layers.push_back(std::move(l));
    }
    if (fit.layers.empty()) return std::nullopt;
    fit.settings = summary.at("settings").get<std::string>();
    fit.testImages = summary.at("test_images").get<std::size_t>();
    fit.ways = summary.at("top1_ways").get<std::size_t>();
    fit.topOne = summary.at("top1").get<double>();
    fit.topOneImageToBrain = summary.at("top1_image_to_brain").get<double>();
    fit.topOneChance = summary.at("top1_chance").get<double>();
    fit.twoWay = summary.at("two_way").get<double>();
    fit.meanRank = summary.at("mean_rank").get<double>();
    fit.epochs = summary.at("epochs").get<int>();
    fit.bestEpoch = summary.at("best_epoch").get<int>();
    fit.validationTopOne = summary.at("validation_top1").get<double>();
    fit.validationHistory = summary.at("validation_history").get<std::vector<double>>();
    fit.validationImages = summary.at("validation_images").get<std::size_t>();
    fit.trainingRows = summary.at("training_rows").get<std::size_t>();
    fit.seconds = summary.at("seconds").get<double>();
    return fit;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace vl::core
