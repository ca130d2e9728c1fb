#include "app/cli/DecodeCommand.h"

#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/cli/CommandLine.h"
#include "app/cli/FitArguments.h"
#include "app/cli/StudyDecodeCommand.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/Decoder.h"
#include "core/fitting/DecoderFolder.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"

namespace vl::app {

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
    "       voxellens decode --study DIR [--roi [SET:]NAME[,NAME...][@lh|rh] | --vertex HEMI:ID [--radius MM]\n"
    "                        | --label FILE]\n"
    "                        [--method forward|ridge|contrastive|bundle|all] [--decoder NAME|DIR] [--trials test]\n"
    "                        [--max-columns N] [--embedder NAME|DIR] [--generator NAME|DIR] --out DIR\n"
    "Identifies and reconstructs a study's test images from its responses: a forward model (Gabor energy and the\n"
    "image embedding -> per-column encoders, Gaussian likelihood over the best --max-columns columns, default\n"
    "1000) and the ridge decoder into the embedding with the generator on its output; contrastive adds a\n"
    "MindEye-style MLP decoder into the embedding (identification only, reported beside ridge; fitted once and\n"
    "cached with the study's models); bundle runs your own brain_decoder bundle (--decoder; it reads every\n"
    "response column, so no target) and scores it the same way, with the generator on its output; all runs\n"
    "every method (bundle only with --decoder). Writes DIR/metrics.json\n"
    "(300-way top-1 both ways, PixCorr, SSIM, 2-ways, the planted ceiling when the study has truth/, provenance)\n"
    "and DIR/decoding.png (rows: seen, identified, reconstructed).\n";

namespace {
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
