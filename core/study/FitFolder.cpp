#include "core/study/FitFolder.h"

#include <utility>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"

namespace vl::core {
namespace {
std::vector<double> readVector(const std::filesystem::path& file) { return readNpy(file).toDouble(); }

// summary.json: what merge needs back (first voxel, counts, selection, time) and the medians people read.
std::size_t summaryCount(const nlohmann::json& summary, const std::filesystem::path& file, const char* key) {
  const auto it = summary.find(key);
  if (it == summary.end()) throw FormatError(file, key, "missing from the fit summary");
  if (!it->is_number_unsigned()) throw FormatError(file, key, "is not a whole number of at least 0");
  return it->get<std::size_t>();
}

nlohmann::json median(std::vector<double> values) {
  if (values.empty()) return nullptr;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}
}  // namespace

std::string responseRowsDescription(std::size_t repeats) {
  return repeats <= 1 ? "single trials" : "repeat means (" + std::to_string(repeats) + " trials each)";
}

FitFolder toFitFolder(EncodingFitResult result, const EncodingFitInput& input) {
  FitFolder folder;
  folder.weights = std::move(result.fit.weights);
  folder.intercepts = std::move(result.fit.intercepts);
  folder.alphas = std::move(result.fit.alphas);
  folder.cvR2 = std::move(result.cvR2);
  folder.testR = std::move(result.testR);
  folder.testR2 = std::move(result.testR2);
  folder.firstVoxel = input.firstVoxel;
  folder.samples = input.features.rows;
  folder.selection = toString(input.options.selection);
  folder.seconds = result.seconds;
  return folder;
}

void writeFitFolder(const std::filesystem::path& folder, const FitFolder& fit) {
  std::filesystem::create_directories(folder);
  writeNpyMatrix(folder / "weights.npy", fit.weights);
  writeNpyVector(folder / "intercepts.npy", fit.intercepts);
  writeNpyVector(folder / "alphas.npy", fit.alphas);
  writeNpyVector(folder / "cv_r2.npy", fit.cvR2);
  if (!fit.testR.empty()) {
    writeNpyVector(folder / "test_r.npy", fit.testR);
    writeNpyVector(folder / "test_r2.npy", fit.testR2);
  }
  nlohmann::ordered_json summary = {
      {"first_voxel", fit.firstVoxel}, {"voxels", fit.alphas.size()},      {"samples", fit.samples},
      {"features", fit.weights.rows},  {"selection", fit.selection},      {"seconds", fit.seconds},
      {"median_cv_r2", median(fit.cvR2)}, {"median_test_r", median(fit.testR)},
      {"median_test_r2", median(fit.testR2)}};
  if (!fit.cvData.empty()) summary["cv_r2_data"] = fit.cvData;
  if (!fit.testData.empty() && !fit.testR.empty()) summary["test_data"] = fit.testData;
  writeFileAtomically(folder / "summary.json", summary.dump(2) + "\n");
}

FitFolder readFitFolder(const std::filesystem::path& folder) {
  const auto summaryFile = folder / "summary.json";
  std::ifstream in(summaryFile);
  if (!in) throw FormatError(summaryFile, "", "no fit summary (is this a folder written by voxellens fit?)");
  nlohmann::json summary;
  try {
    summary = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(summaryFile, "", std::string("not valid JSON (") + e.what() + ")");
  }
  if (!summary.is_object()) throw FormatError(summaryFile, "", "not a JSON object (expected the fit summary)");
  FitFolder fit;
  fit.firstVoxel = summaryCount(summary, summaryFile, "first_voxel");
  fit.samples = summaryCount(summary, summaryFile, "samples");
  const auto voxels = summaryCount(summary, summaryFile, "voxels");
  if (auto it = summary.find("selection"); it != summary.end() && it->is_string()) fit.selection = it->get<std::string>();
  if (auto it = summary.find("seconds"); it != summary.end() && it->is_number()) fit.seconds = it->get<double>();
  // Absent from folders written before the scores said their data: those read with the data unstated.
  for (const auto& [key, field] : {std::pair{"cv_r2_data", &fit.cvData}, std::pair{"test_data", &fit.testData}})
    if (auto it = summary.find(key); it != summary.end()) {
      if (!it->is_string()) throw FormatError(summaryFile, key, "is not a string (expected e.g. \"single trials\")");
      *field = it->get<std::string>();
    }
  fit.weights = readNpyMatrix(folder / "weights.npy");
  const auto intercepts = readNpy(folder / "intercepts.npy").toFloat();
  fit.intercepts.assign(intercepts.begin(), intercepts.end());
  fit.alphas = readVector(folder / "alphas.npy");
  fit.cvR2 = readVector(folder / "cv_r2.npy");
  if (std::filesystem::exists(folder / "test_r.npy")) {
    fit.testR = readVector(folder / "test_r.npy");
    fit.testR2 = readVector(folder / "test_r2.npy");
  }
  if (fit.weights.cols != voxels || fit.intercepts.size() != voxels || fit.alphas.size() != voxels ||
      fit.cvR2.size() != voxels || (!fit.testR.empty() && fit.testR.size() != voxels))
    throw FormatError(folder, "", "the arrays do not all have the " + std::to_string(voxels) +
                                      " voxels the summary promises");
  return fit;
}

FitFolder mergeFitFolders(std::vector<FitFolder> chunks) {
  if (chunks.empty()) throw std::invalid_argument("nothing to merge");
  std::sort(chunks.begin(), chunks.end(), [](const auto& a, const auto& b) { return a.firstVoxel < b.firstVoxel; });
  FitFolder merged;
  merged.firstVoxel = chunks.front().firstVoxel;
  merged.samples = chunks.front().samples;
  merged.selection = chunks.front().selection;
  merged.cvData = chunks.front().cvData;
  merged.testData = chunks.front().testData;
  const std::size_t features = chunks.front().weights.rows;
  std::size_t next = merged.firstVoxel, total = 0;
  const bool withTest = !chunks.front().testR.empty();
  for (const auto& chunk : chunks) {
    if (chunk.firstVoxel != next)
      throw std::invalid_argument("voxel chunks do not join: one ends before voxel " + std::to_string(next) +
                                  ", the next starts at " + std::to_string(chunk.firstVoxel));
    if (chunk.weights.rows != features || chunk.samples != merged.samples || chunk.testR.empty() == withTest ||
        chunk.selection != merged.selection || chunk.cvData != merged.cvData || chunk.testData != merged.testData)
      throw std::invalid_argument("voxel chunks come from different fits (features, samples or held-out data differ)");
    next += chunk.alphas.size();
    total += chunk.alphas.size();
    merged.seconds += chunk.seconds;
  }
  merged.weights = Matrix(features, total);
  std::size_t column = 0;
  for (const auto& chunk : chunks) {
    for (std::size_t r = 0; r < features; ++r)
      std::copy_n(&chunk.weights.data[r * chunk.weights.cols], chunk.weights.cols, &merged.weights.data[r * total + column]);
    column += chunk.weights.cols;
    merged.intercepts.insert(merged.intercepts.end(), chunk.intercepts.begin(), chunk.intercepts.end());
    merged.alphas.insert(merged.alphas.end(), chunk.alphas.begin(), chunk.alphas.end());
    merged.cvR2.insert(merged.cvR2.end(), chunk.cvR2.begin(), chunk.cvR2.end());
    merged.testR.insert(merged.testR.end(), chunk.testR.begin(), chunk.testR.end());
    merged.testR2.insert(merged.testR2.end(), chunk.testR2.begin(), chunk.testR2.end());
  }
  return merged;
}

}  // namespace vl::core
