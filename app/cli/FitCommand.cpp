#include "app/cli/FitCommand.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/FitArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/analysis/Blas.h"
#include "core/analysis/EncodingModel.h"
#include "core/io/NpyMatrix.h"
#include "core/study/FitFolder.h"

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
    "  --standardize             scale features to unit variance\n"
    "  --threads N               BLAS threads (default: one per core, or $OPENBLAS_NUM_THREADS when set)\n";

const char* const kMergeHelp =
    "usage: voxellens merge DIR... --out DIR\n"
    "Joins the voxel chunks written by 'voxellens fit --voxels A:B' (in any order) into one fit folder.\n";

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

}  // namespace

int runFitCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--float64", "--no-intercept", "--standardize", "--exhaustive"},
                                   {"--features", "--responses", "--groups", "--alphas", "--voxels", "--selection",
                                    "--folds", "--chunk", "--out", "--test-features", "--test-responses", "--threads"});
  // The ridge's GEMMs run on the process's BLAS: its thread count is set here (--threads, else one per core or the
  // user's $OPENBLAS_NUM_THREADS), not left to whatever the library chose when it was loaded.
  const int threads = parseCount(args, "--threads", core::blas::defaultThreads(), 1, 4096);
  const bool threadsSet = core::blas::setThreads(threads);
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
  std::printf("BLAS: %s, %d threads%s\n", core::blas::name(), core::blas::threads(),
              threadsSet ? "" : " (it has no thread setter: --threads has no effect)");
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

}  // namespace vl::app
