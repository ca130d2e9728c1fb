#include "app/cli/SelectMapsCommand.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/TargetArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/analysis/AdjustedRand.h"
#include "core/base/FormatError.h"
#include "core/fitting/SelectionContext.h"
#include "core/fitting/StudyProvenance.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NpyReader.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/Sha256.h"
#include "core/selectivity/SelectionJson.h"
#include "core/selectivity/SelectivityMaps.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::app {

namespace {
namespace fs = std::filesystem;
using core::Hemisphere;
using nlohmann::json;

std::size_t clusterCount(const Arguments& args) { return wholeNumberOption(args, "--clusters", 7, 2, 64); }

std::string fileSafe(const std::string& name) {
  std::string out;
  for (char ch : name) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

// The caption map's agreement with the planted categories of a demo study (truth/: truth.json's ROIs with their
// selectivity, the planted ROI key of every vertex): adjusted Rand index over the columns inside planted category
// ROIs. Nothing when the study has no such truth.
std::optional<json> plantedAgreement(const fs::path& study, const core::ColumnMap& columns,
                                     const std::vector<std::int32_t>& clusters) {
  const fs::path truthFile = study / "truth" / "truth.json";
  if (!fs::exists(truthFile)) return std::nullopt;
  json truth;
  try {
    truth = json::parse(std::ifstream(truthFile));
  } catch (const json::exception& error) {
    throw core::FormatError(truthFile, "", std::string("JSON (") + error.what() + ")");
  }
  if (!truth.contains("rois")) return std::nullopt;
  std::map<std::pair<std::string, int>, std::string> categoryOf;
  for (const auto& roi : truth.at("rois")) {
    if (!roi.contains("selectivity")) continue;
    std::string category;
    double best = -1;
    for (const auto& [name, value] : roi.at("selectivity").items())
      if (value.get<double>() > best) best = value.get<double>(), category = name;
    categoryOf[{roi.at("hemisphere").get<std::string>(), roi.at("key").get<int>()}] = category;
  }
  std::map<std::string, int> number;
  std::vector<int> planted, found;
  for (auto side : {Hemisphere::Left, Hemisphere::Right}) {
    const std::string hemi = side == Hemisphere::Left ? "lh" : "rh";
    const fs::path keysFile = study / "truth" / (hemi + ".planted_rois.npy");
    if (!fs::exists(keysFile)) return std::nullopt;
    const auto keys = core::readNpy(keysFile).toInt32();
    if (keys.size() != columns.vertexCount(side))
      throw core::FormatError(keysFile, "", std::to_string(columns.vertexCount(side)) + " planted ROI keys (one per " +
                                                "vertex), found " + std::to_string(keys.size()));
    const auto vertices = columns.columnVertices(side);
    for (std::size_t local = 0; local < vertices.size(); ++local) {
      const auto plantedCategory = categoryOf.find({hemi, keys[std::size_t(vertices[local])]});
      if (plantedCategory == categoryOf.end()) continue;
      planted.push_back(number.emplace(plantedCategory->second, int(number.size())).first->second);
      found.push_back(clusters[columns.firstColumn(side) + local]);
    }
  }
  if (planted.empty()) return std::nullopt;
  return json{{"adjusted_rand_index", core::adjustedRandIndex(planted, found)},
              {"columns", planted.size()},
              {"against", "the planted category (largest planted selectivity) of each column inside a planted "
                          "category ROI (truth/truth.json, truth/lh|rh.planted_rois.npy)"}};
}

}  // namespace

int runSelectMapsCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--maps"}, {"--study", "--out", "--clusters", "--embedder"});
  if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
  const auto studyFolder = args.value("--study");
  const auto out = args.value("--out");
  if (!studyFolder) throw UsageError("--study DIR is required (a folder with study.json)");
  if (!out) throw UsageError("--out DIR is required");
  core::SelectivityMapOptions options;
  options.captionMap.clusters = clusterCount(args);

  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = loadStudyWithResponses(*studyFolder, "to map", context.slice(0, 0.1));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  if (options.captionMap.clusters > experiment->columns.columnCount())
    throw UsageError("--clusters " + std::to_string(options.captionMap.clusters) + ": the study has only " +
                     std::to_string(experiment->columns.columnCount()) + " response columns");

  const auto embedderBundle = core::studyImageEmbedder(args.value("--embedder").value_or(""));
  const core::ImageEmbedder embedder(embedderBundle);
  auto models = std::make_shared<const core::StudyModels>(
      core::prepareStudyModels(*experiment, embedder, context.slice(0.1, 0.4)));
  const auto selection = core::makeSelectionContext(experiment, models, embedder.dimension(), context.slice(0.4, 0.5));
  const auto start = std::chrono::steady_clock::now();
  const auto maps = core::computeSelectivityMaps(selection.inputs(), options, context.slice(0.5, 0.95));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto lh = study.referenceSurface(Hemisphere::Left), rh = study.referenceSurface(Hemisphere::Right);
  const auto layers = core::selectivityMapLayers(maps, experiment->columns, {lh.get(), rh.get()}, options.spreadMm);

  fs::create_directories(*out);
  json files = json::array();
  for (auto side : {Hemisphere::Left, Hemisphere::Right}) {
    const std::size_t h = core::hemisphereIndex(side);
    if (layers.captionMap.keys[h].empty()) continue;
    const std::string hemi = h == 0 ? "lh" : "rh";
    core::LabelMap labels;
    labels.hemisphere = side;
    labels.name = layers.captionMap.name;
    labels.keys = layers.captionMap.keys[h];
    labels.labels = layers.captionMap.labels;
    core::writeGiftiLabels(fs::path(*out) / (hemi + ".caption_map.label.gii"), labels);
    files.push_back(hemi + ".caption_map.label.gii");
    for (const auto& map : maps.categories.maps) {
      core::ScalarMaps scalars;
      scalars.hemisphere = side;
      const std::string prefix = core::categoryLayerName(map.category, "");
      for (const auto& layer : layers.scalars) {
        if (layer.name.rfind(prefix, 0) != 0 || layer.values[h].empty()) continue;
        scalars.names.push_back(layer.name);
        scalars.maps.push_back(layer.values[h]);
      }
      const std::string file = hemi + "." + fileSafe(map.category) + ".func.gii";
      core::writeGiftiScalars(fs::path(*out) / file, scalars);
      files.push_back(file);
    }
  }

  const auto provenance = core::studyProvenance(*studyFolder, *experiment, *models,
                                                 {embedderBundle, selection.textEncoder, selection.captioner});

  json legend = json::array();
  for (std::size_t k = 0; k < maps.captionMap.legend.size(); ++k) {
    const auto& cluster = maps.captionMap.legend[k];
    const auto& rgba = layers.captionMap.labels[k + 1].rgba;
    legend.push_back({{"key", cluster.key},
                      {"name", cluster.name},
                      {"words", cluster.words},
                      {"nearest_captions", cluster.nearestCaptions},
                      {"columns", cluster.columns},
                      {"rgba", {rgba[0], rgba[1], rgba[2], rgba[3]}}});
  }
  json categories = json::array();
  for (const auto& map : maps.categories.maps) {
    json entry = {{"name", map.category}, {"bank_images", map.images}};
    if (!map.measured.empty()) {
      std::size_t significant = 0;
      for (float v : map.thresholded) significant += std::isnan(v) ? 0 : 1;
      entry["shown_images"] = map.shownImages;
      entry["shown_in_category"] = map.shownInCategory;
      entry["columns_fdr_significant"] = significant;
    }
    categories.push_back(entry);
  }
  json document = {
      {"caption_map",
       {{"clusters", maps.captionMap.legend.size()},
        {"legend", legend},
        {"named_by", maps.captionMap.namedBy},
        {"method", "per column: BrainSCUBA projection (softmax temperature 150) of the column's weights onto the bank's "
                   "image embeddings; k-means++ (seed 7, 10 restarts) on the unit projections"},
        {"spread_mm", options.spreadMm}}},
      {"categories", categories},
      {"category_source", maps.categorySource},
      {"data",
       {{"predicted", "the encoder's prediction for every bank image; d' = (mean over the category - mean over the "
                      "rest) / SD over the bank"},
        {"measured", maps.categories.measuredData},
        {"p_value", "one-sided permutation p of the measured d' (image labels shuffled, seed 7); where no permutation "
                    "reaches the observed d', the normal tail of the permutation null (its mean and SD)"},
        {"permutations", maps.categories.permutations},
        {"fdr", "Benjamini-Hochberg over the columns of each category"},
        {"fdr_level", maps.categories.fdrLevel}}},
      {"files", files},
      {"seconds", seconds},
      {"provenance", core::provenanceJson(provenance)}};
  if (const auto agreement = plantedAgreement(*studyFolder, experiment->columns, maps.captionMap.clusterOfColumn))
    document["planted_agreement"] = *agreement;
  core::writeFileAtomically(fs::path(*out) / "maps.json", document.dump(2) + "\n");

  std::printf("caption map: %zu clusters (%.1f s with the category maps)\n", maps.captionMap.legend.size(), seconds);
  for (const auto& cluster : maps.captionMap.legend)
    std::printf("  %2d %-32s %zu columns\n", cluster.key, cluster.name.c_str(), cluster.columns);
  if (document.contains("planted_agreement"))
    std::printf("adjusted Rand index against the planted categories: %.3f over %zu columns\n",
                document["planted_agreement"]["adjusted_rand_index"].get<double>(),
                document["planted_agreement"]["columns"].get<std::size_t>());
  std::printf("%zu category maps (%s); wrote %zu files and maps.json to %s\n", maps.categories.maps.size(),
              maps.categorySource.empty() ? "the bank has no tags" : maps.categorySource.c_str(), files.size(),
              out->c_str());
  return 0;
}

}  // namespace vl::app
