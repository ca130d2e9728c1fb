#include "app/cli/FitCommand.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/StudyDecodeCommand.h"
#include "core/fitting/Decoder.h"
#include "core/fitting/DecoderFolder.h"
#include "core/fitting/EncodingModel.h"
#include "core/fitting/RidgeCv.h"
#include "core/analysis/RoiRsa.h"
#include "core/io/DataFile.h"
#include "core/study/FitFolder.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"

namespace vl::app {

const char* const kFitHelp =
    "usage: voxellens fit --features X.npy --responses Y.npy --out DIR [options]\n"
    "Fits one ridge regression per voxel (features -> responses) with its own alpha and writes weights.npy,\n"
    "intercepts.npy, alphas.npy, cv_r2.npy (and test_r.npy, test_r2.npy) and summary.json to DIR.\n"
    "  --features X.npy          samples x features\n"
    "  --responses Y.npy         samples x voxels\n"
    "  --voxels A:B              fit voxels A..B-1 only (a chunk; join chunks with voxellens merge)\n"
    "  --alphas a,b,...          the grid (default 10^-2 .. 10^5, one per decade)\n"
    "  --selection loo|kfold|group   exact leave-one-out (default), contiguous k-fold, grouped k-fold\n"
    "  --exhaustive              the CV error at every alpha (default: at each voxel's GCV-best alpha and its\n"
    "                            neighbours, widened until the CV minimum is interior; see docs/ridge.md)\n"
    "  --folds K                 folds for kfold/group (default 5)\n"
    "  --groups g.npy            one group id per sample (runs or sessions) for --selection group\n"
    "  --test-features Xt.npy --test-responses Yt.npy   held-out data: Pearson r and R^2 per voxel\n"
    "  --chunk N                 voxels per chunk in memory (default 4096); --float64; --no-intercept;\n"
    "  --standardize             scale features to unit variance\n";

const char* const kMergeHelp =
    "usage: voxellens merge DIR... --out DIR\n"
    "Joins the voxel chunks written by 'voxellens fit --voxels A:B' (in any order) into one fit folder.\n";

const char* const kDecodeHelp =
    "usage: voxellens decode --responses Y.npy --embeddings E.npy --test-responses Yt.npy --test-embeddings Et.npy\n"
    "                        [--mask mask.npy] [--column-scores S.npy --max-columns N] [--alphas ...]\n"
    "                        [--selection loo|kfold|group [--folds K] [--groups g.npy]] [--ways N] [--draws N]\n"
    "                        [--seed S] [--out DIR]\n"
    "Fits ridge from voxels to an embedding space and prints retrieval on the held-out set: top-1 N-way\n"
    "identification (N = 300 by default, averaged over random draws with a fixed seed), 2-way identification and\n"
    "mean rank. The same function fits a study's decoder in the window, so the same data gives the same numbers:\n"
    "every voxel is scaled to unit variance before the ridge, with one alpha per embedding dimension.\n"
    "  --mask mask.npy           read only the voxels whose mask value is finite and not zero (--roi mask.npy is\n"
    "                            the older name)\n"
    "  --column-scores S.npy     one score per voxel (e.g. cv_r2.npy of 'voxellens fit'): read the --max-columns\n"
    "                            voxels with the highest scores (within --roi when given), as a study's decoder\n"
    "                            reads the 2000 its encoder predicts best\n"
    "  --selection, --folds, --groups, --alphas   cross-validation of the alphas, as for 'voxellens fit'\n"
    "  --out DIR                 write the decoder: weights.npy, intercepts.npy, alphas.npy, columns.npy and\n"
    "                            summary.json (its scores), as a study keeps it\n"
    "\n"
    "       voxellens decode --study DIR [--roi [SET:]NAME[@lh|rh] | --vertex HEMI:ID [--radius MM] | --label FILE]\n"
    "                        [--method forward|ridge|contrastive|all] [--trials test] [--max-columns N]\n"
    "                        [--embedder NAME|DIR] [--generator NAME|DIR] --out DIR\n"
    "Identifies and reconstructs a study's test images from its responses: a forward model (Gabor energy and the\n"
    "image embedding -> per-column encoders, Gaussian likelihood over the best --max-columns columns, default\n"
    "1000) and the ridge decoder into the embedding with the generator on its output; contrastive adds a\n"
    "MindEye-style MLP decoder into the embedding (identification only, reported beside ridge; fitted once and\n"
    "cached with the study's models). Writes DIR/metrics.json\n"
    "(300-way top-1 both ways, PixCorr, SSIM, 2-ways, the planted ceiling when the study has truth/, provenance)\n"
    "and DIR/decoding.png (rows: seen, identified, reconstructed).\n";

const char* const kRsaHelp =
    "usage: voxellens rsa --responses Y.npy --embedding E.npy --labels LABELS --out rsa.npy [--metric correlation|\n"
    "                     euclidean] [--min-vertices N]\n"
    "Per-ROI representational similarity: for each ROI of LABELS (an .annot, .label.gii, dlabel CIFTI or a .npy of\n"
    "keys, one per vertex), Spearman correlation between the RDM of its response patterns (items x vertices of Y)\n"
    "and the RDM of the model embedding E (items x d). Writes the value at each ROI vertex (NaN elsewhere) as a\n"
    "per-vertex .npy that File > Open adds as a layer, and prints one line per ROI.\n";

namespace {
std::pair<std::size_t, std::size_t> parseVoxelRange(const std::string& text) {
  const auto colon = text.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    const auto first = std::stoull(text.substr(0, colon));
    const auto last = std::stoull(text.substr(colon + 1));
    if (last <= first) throw std::invalid_argument("empty");
    return {first, last};
  } catch (const std::exception&) {
    throw UsageError("bad --voxels '" + text + "': expected A:B with A < B, e.g. 0:5000");
  }
}

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
  const auto text = args.value(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const int value = std::stoi(*text, &used);
    if (used == text->size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("bad " + name + " '" + *text + "': expected a whole number in " + std::to_string(low) + ".." +
                   std::to_string(high));
}

std::string requireValue(const Arguments& args, const std::string& name) {
  if (auto v = args.value(name)) return *v;
  throw UsageError("missing " + name);
}

// --alphas, --selection, --folds and --groups (one id per training sample), as fit and decode take them.
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

core::RidgeOptions ridgeOptions(const Arguments& args, std::size_t samples) {
  core::RidgeOptions options;
  readCrossValidation(args, samples, options);
  options.chunkSize = static_cast<std::size_t>(parseCount(args, "--chunk", 4096, 1, 1 << 24));
  options.fitIntercept = !args.has("--no-intercept");
  options.standardizeFeatures = args.has("--standardize");
  if (args.has("--float64")) options.precision = core::RidgePrecision::Float64;
  options.exhaustiveSearch = args.has("--exhaustive");
  return options;
}

core::Matrix selectColumns(const core::Matrix& m, std::size_t first, std::size_t last) {
  core::Matrix out(m.rows, last - first);
  for (std::size_t r = 0; r < m.rows; ++r)
    std::copy_n(&m.data[r * m.cols + first], last - first, &out.data[r * out.cols]);
  return out;
}

void requireRows(const core::Matrix& a, const core::Matrix& b, const std::string& what) {
  if (a.rows != b.rows)
    throw UsageError(what + ": " + std::to_string(a.rows) + " and " + std::to_string(b.rows) +
                     " rows (samples must match)");
}

// The voxels decode reads: --roi's non-zero ones, then the --max-columns best of those by --column-scores.
std::vector<std::int32_t> decoderColumns(const Arguments& args, std::size_t voxels) {
  auto perVoxel = [&](const std::string& option) {
    const auto values = core::readNpy(requireValue(args, option)).toDouble();
    if (values.size() != voxels)
      throw UsageError(option + " has " + std::to_string(values.size()) + " entries for " + std::to_string(voxels) +
                       " voxels");
    return values;
  };
  std::vector<std::int32_t> columns;
  if (args.value("--mask") && args.value("--roi")) throw UsageError("--mask and --roi name the same mask; give one");
  for (const char* option : {"--mask", "--roi"})
    if (args.value(option)) {
      columns = core::maskedColumns(perVoxel(option));
      if (columns.empty()) throw UsageError(std::string(option) + " selects no voxel");
    }
  if (args.value("--column-scores")) {
    const auto count = static_cast<std::size_t>(parseCount(args, "--max-columns", 0, 1, 1 << 30));
    if (count == 0) throw UsageError("--column-scores needs --max-columns N");
    columns = core::bestColumns(perVoxel("--column-scores"), count, columns);
  } else if (args.value("--max-columns")) {
    throw UsageError("--max-columns needs --column-scores to rank the voxels");
  }
  return columns;
}
}  // namespace

int runFitCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--float64", "--no-intercept", "--standardize", "--exhaustive"},
                                   {"--features", "--responses", "--groups", "--alphas", "--voxels", "--selection",
                                    "--folds", "--chunk", "--out", "--test-features", "--test-responses"});
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
  const auto readStart = Clock::now();
  core::EncodingFitInput input;
  const std::filesystem::path out = requireValue(args, "--out");
  input.features = core::readNpyMatrix(requireValue(args, "--features"));
  input.options = ridgeOptions(args, input.features.rows);
  auto responses = core::readNpyMatrix(requireValue(args, "--responses"));
  requireRows(input.features, responses, "features and responses");
  std::size_t first = 0, last = responses.cols;
  if (auto range = args.value("--voxels")) {
    std::tie(first, last) = parseVoxelRange(*range);
    if (last > responses.cols)
      throw UsageError("--voxels " + *range + " goes past the " + std::to_string(responses.cols) + " voxels");
  }
  input.firstVoxel = first;
  input.responses = first == 0 && last == responses.cols ? std::move(responses) : selectColumns(responses, first, last);
  if (args.value("--test-features") || args.value("--test-responses")) {
    input.testFeatures = core::readNpyMatrix(requireValue(args, "--test-features"));
    auto testResponses = core::readNpyMatrix(requireValue(args, "--test-responses"));
    requireRows(*input.testFeatures, testResponses, "held-out features and responses");
    input.testResponses = testResponses.cols == input.responses.cols ? std::move(testResponses)
                                                                     : selectColumns(testResponses, first, last);
  }
  const double readSeconds = seconds(readStart);
  core::EncodingFitResult result;
  {
    TerminalProgress progress;
    result = core::fitEncodingModel(input, progress.context());
  }
  const auto work = result.fit.work;
  const double fitSeconds = result.seconds;
  const auto memoryBound = result.memoryBoundBytes;
  const auto writeStart = Clock::now();
  // The result's matrices move into the folder: writing them costs no copy.
  core::writeFitFolder(out, core::toFitFolder(std::move(result), input));
  const double writeSeconds = seconds(writeStart);
  std::printf("fitted voxels %zu..%zu (%zu samples, %zu features, %s) in %.2f s; working memory bound %.1f MiB; "
              "wrote %s\n",
              first, last - 1, input.features.rows, input.features.cols, core::toString(input.options.selection).c_str(),
              fitSeconds, double(memoryBound) / (1 << 20), out.c_str());
  std::printf("time: reading %.2f s, fitting %.2f s, writing %.2f s\n", readSeconds, fitSeconds, writeSeconds);
  if (work.exhaustiveEvaluations > 0)
    std::printf("cross-validation error at %zu of %zu (voxel, alpha) pairs (%zu bracket widenings): %.0f%% of the "
                "exhaustive search's GEMM flops\n",
                work.cvEvaluations, work.exhaustiveEvaluations, work.bracketExtensions,
                100.0 * work.flops / work.exhaustiveFlops);
  return 0;
}

int runMergeCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--out"});
  if (args.positional.empty()) throw UsageError("name the fit folders to merge");
  const std::filesystem::path out = requireValue(args, "--out");
  std::vector<core::FitFolder> chunks;
  for (const auto& folder : args.positional) chunks.push_back(core::readFitFolder(folder));
  const auto merged = core::mergeFitFolders(std::move(chunks));
  core::writeFitFolder(out, merged);
  std::printf("merged %zu folders: voxels %zu..%zu into %s\n", args.positional.size(), merged.firstVoxel,
              merged.firstVoxel + merged.alphas.size() - 1, out.c_str());
  return 0;
}

int runDecodeCommand(const std::vector<std::string>& arguments) {
  // The study-level form: the same core functions on a study folder's responses, stimuli and truth.
  for (const auto& argument : arguments)
    if (argument == "--study" || argument.rfind("--study=", 0) == 0) return runStudyDecodeCommand(arguments);
  const auto args = parseArguments(arguments, {}, {"--responses", "--embeddings", "--test-responses",
                                                   "--test-embeddings", "--mask", "--roi", "--column-scores", "--max-columns",
                                                   "--alphas", "--selection", "--folds", "--groups", "--ways",
                                                   "--draws", "--seed", "--out"});
  const auto responses = core::readNpyMatrix(requireValue(args, "--responses"));
  const auto testResponses = core::readNpyMatrix(requireValue(args, "--test-responses"));
  core::DecoderInput input;
  input.trainTargets = core::readNpyMatrix(requireValue(args, "--embeddings"));
  input.testTargets = core::readNpyMatrix(requireValue(args, "--test-embeddings"));
  requireRows(responses, input.trainTargets, "responses and embeddings");
  requireRows(testResponses, input.testTargets, "held-out responses and embeddings");
  if (responses.cols != testResponses.cols || input.trainTargets.cols != input.testTargets.cols)
    throw UsageError("training and held-out data have different numbers of voxels or embedding dimensions");
  input.trainResponses = core::ResponseRows::of(responses);
  input.testResponses = core::ResponseRows::of(testResponses);
  input.columns = decoderColumns(args, responses.cols);
  readCrossValidation(args, responses.rows, input.ridge);
  input.ways = static_cast<std::size_t>(parseCount(args, "--ways", 300, 2, 1 << 20));
  input.draws = parseCount(args, "--draws", 30, 1, 100000);
  input.seed = static_cast<std::uint32_t>(parseCount(args, "--seed", 0, 0, 1 << 30));
  std::optional<std::filesystem::path> out;
  if (auto folder = args.value("--out")) out = *folder;

  core::DecoderFit decoder;
  {
    TerminalProgress progress;
    decoder = core::fitDecoder(input, progress.context());
  }
  if (out) core::writeDecoderFit(*out, decoder);
  std::printf("decoder: %zu voxels -> %zu dimensions, %zu training and %zu held-out items\n", decoder.columns.size(),
              input.trainTargets.cols, responses.rows, testResponses.rows);
  std::printf("top-1 %zu-way identification: %.4f (chance %.4f)\n", decoder.ways, decoder.topOne, decoder.topOneChance);
  std::printf("top-1 %zu-way identification, image -> brain: %.4f (chance %.4f)\n", decoder.ways,
              decoder.topOneImageToBrain, decoder.topOneChance);
  std::printf("2-way identification on the decoded embeddings (cosine, ties half): %.4f (chance 0.5)\n",
              decoder.twoWay);
  std::printf("mean rank: %.2f of %zu\n", decoder.meanRank, decoder.testImages);
  if (out) std::printf("wrote %s\n", out->c_str());
  return 0;
}

}  // namespace vl::app

namespace vl::app {

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
