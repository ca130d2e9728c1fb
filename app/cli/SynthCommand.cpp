#include "app/cli/SynthCommand.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TargetArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/StimulusSynthesis.h"
#include "core/fitting/StimulusSynthesisJudges.h"
#include "core/fitting/StimulusSynthesisReport.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/fitting/StudyProvenance.h"
#include "core/io/AtomicFileWriter.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/Sha256.h"
#include "core/selectivity/PreferredImages.h"
#include "core/selectivity/SelectionJson.h"
#include "core/study/StudyFolderLoader.h"
#include "render/OffscreenRenderer.h"

namespace vl::app {

const char* const kSynthHelp =
    "usage: voxellens synth --study DIR (--roi [SET:]NAME[,NAME...][@lh|rh] | --vertex HEMI:ID [--radius MM]\n"
    "                       | --label FILE)\n"
    "                       [--minus TARGET] [--lambda L] [--diversity D] [--space latent|pixels] [--starts N]\n"
    "                       [--steps N] [--seed S] [--threads T] [--embedder NAME|DIR] --out DIR\n"
    "Optimal stimuli: images synthesised to maximise the target's predicted response (the mean over its columns of\n"
    "the study's fitted encoder on the image embedder's output), by gradient ascent through the TorchScript models.\n"
    "--space latent (default): Adam on the generator's input, kept within the norm range of the bank's embeddings.\n"
    "--space pixels: a 64x64 image with jitter, random scale, blur and total-variation regularisation, started from\n"
    "a latent-space run. --starts N random starts in one batch (default 8, up to 64); --steps N at most (default\n"
    "150; a plateau stops earlier); --seed S (default 1): the same seed and --threads give the same images.\n"
    "--minus TARGET: a contrast, target - L x TARGET's response (L: --lambda, default 1), where TARGET is\n"
    "roi:[SET:]NAME[@lh|rh], vertex:HEMI:ID[/MM] or label:FILE. --diversity D: penalise the mean cosine similarity\n"
    "between starts (default 0).\n"
    "Writes DIR/start-NN.png (each start's 64x64 image), DIR/contact-sheet.png (best first) and DIR/synthesis.json:\n"
    "per image its score, percentile among the bank's predicted responses, the category by the judge (an\n"
    "image_classifier bundle the optimisation never used) and by the text encoder's zero-shot prompts, the nearest\n"
    "bank images with captions; the bank's 50th/95th/99th percentiles and best image; settings; provenance.\n";

namespace {
namespace fs = std::filesystem;
using core::Hemisphere;

int intOption(const Arguments& args, const std::string& name, int fallback, int low, int high) {
  return int(wholeNumberOption(args, name, std::uint64_t(fallback), std::uint64_t(low), std::uint64_t(high)));
}

double realOption(const Arguments& args, const std::string& name, double fallback, double low, double high) {
  const auto text = args.value(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const double value = std::stod(*text, &used);
    if (used == text->size() && std::isfinite(value) && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(name + " " + *text + ": expected a number in [" + std::to_string(low) + ", " +
                   std::to_string(high) + "]");
}


render::RenderedImage rendered(const core::StimulusImage& image) { return {image.width, image.height, image.rgb, {}}; }

}  // namespace

int runSynthCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {},
                                   {"--study", "--roi", "--vertex", "--radius", "--label", "--minus", "--lambda",
                                    "--diversity", "--space", "--starts", "--steps", "--seed", "--threads",
                                    "--embedder", "--out"});
  if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
  const auto studyFolder = args.value("--study");
  const auto out = args.value("--out");
  if (!studyFolder) throw UsageError("--study DIR is required (a folder with study.json)");
  if (!out) throw UsageError("--out DIR is required");
  const int chosen = int(args.value("--roi").has_value()) + int(args.value("--vertex").has_value()) +
                     int(args.value("--label").has_value());
  if (chosen != 1) throw UsageError("name one target: --roi, --vertex or --label");
  const float radius = parseRadiusOption(args);

  core::SynthesisOptions options;
  if (const auto space = args.value("--space")) {
    if (*space == "latent") options.space = core::SynthesisSpace::Latent;
    else if (*space == "pixels") options.space = core::SynthesisSpace::Pixels;
    else throw UsageError("--space " + *space + ": expected latent or pixels");
  }
  options.starts = intOption(args, "--starts", 8, 1, 64);
  options.maxSteps = intOption(args, "--steps", options.maxSteps, 1, 100000);
  options.minSteps = std::min(options.minSteps, options.maxSteps);
  options.seed = std::uint64_t(intOption(args, "--seed", 1, 0, 2147483647));
  options.threads = intOption(args, "--threads", 0, 0, 256);
  core::SynthesisObjective objective;
  objective.lambda = realOption(args, "--lambda", 1.0, 0.0, 100.0);
  objective.diversity = realOption(args, "--diversity", 0.0, 0.0, 100.0);
  if (args.value("--lambda") && !args.value("--minus")) throw UsageError("--lambda goes with --minus");

  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = loadStudyWithResponses(*studyFolder, "to synthesise for", context.slice(0, 0.1));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  const auto& columns = experiment->columns;

  // The targets first, so that a bad name is reported before any fitting.
  core::SelectionTarget target;
  if (const auto roi = args.value("--roi")) target = parseRoiTarget(study, columns, *roi);
  if (const auto vertex = args.value("--vertex")) target = parseVertexTarget(study, columns, *vertex, radius);
  if (const auto label = args.value("--label")) target = parseLabelTarget(columns, *label);
  if (target.columns.empty())
    throw UsageError("the target " + target.describe() + " has no response columns (no response column lies inside it" +
                     (args.value("--vertex") ? "; try a larger --radius)" : ")"));
  std::optional<core::SelectionTarget> minus;
  if (const auto spec = args.value("--minus")) {
    minus = parseTargetSpec(study, columns, "--minus", *spec);
    if (minus->columns.empty()) throw UsageError("the --minus target " + minus->describe() + " has no response columns");
  }

  const auto embedderBundle = core::studyImageEmbedder(args.value("--embedder").value_or(""));
  const core::ImageEmbedder embedder(embedderBundle);
  const auto models = core::prepareStudyModels(*experiment, embedder, context.slice(0.1, 0.4));
  objective.target = core::targetWeights(models.encoder, target.columns);
  if (minus) objective.minus = core::targetWeights(models.encoder, minus->columns);

  core::BundleCatalog catalog;
  core::SynthesisModels synthesisModels{embedderBundle, nullptr};
  synthesisModels.generator =
      catalog.firstUsableOfDimension(core::ModelKind::Generator, embedder.dimension(), true);
  if (!synthesisModels.generator && (options.space == core::SynthesisSpace::Latent || options.pixelsFromLatent))
    throw UsageError("no generator bundle takes " + embedderBundle->name() + "'s " +
                     std::to_string(embedder.dimension()) + "-d embeddings (see voxellens models)");
  const auto judgeBundle = catalog.firstUsableOfDimension(core::ModelKind::ImageClassifier, 0, false);
  const auto textBundle =
      catalog.firstUsableOfDimension(core::ModelKind::TextEmbedder, embedder.dimension(), false);

  const auto result = core::synthesizeStimuli(synthesisModels, objective, models.stimulusEmbedding, options, {},
                                              context.slice(0.4, 0.95));
  const auto bank = core::bankReference(models.stimulusEmbedding, objective);

  std::optional<core::ImageClassifier> classifier;
  if (judgeBundle) classifier.emplace(judgeBundle);
  std::optional<core::TextEmbedder> text;
  std::optional<core::ZeroShotCategories> zeroShot;
  if (textBundle) {
    text.emplace(textBundle);
    if (core::unknownPromptWords(*text, core::demoCategoryPrompts()).empty())
      zeroShot.emplace(*text, core::demoCategoryPrompts());
  }
  std::vector<std::string> captions;
  for (std::size_t i = 0; i < experiment->stimuli->count(); ++i) captions.push_back(experiment->stimuli->caption(i));
  const auto reports = core::reportSynthesis(result, bank, models.stimulusEmbedding, captions,
                                             {classifier ? &*classifier : nullptr, zeroShot ? &*zeroShot : nullptr});

  fs::create_directories(*out);
  std::vector<std::string> files;
  std::vector<core::StimulusImage> images;
  for (std::size_t i = 0; i < result.starts.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "start-%02zu.png", i + 1);
    files.push_back(name);
    images.push_back(result.starts[i].image);
    if (result.starts[i].image.width > 0) render::writePng(rendered(result.starts[i].image), fs::path(*out) / name);
  }
  std::vector<std::size_t> order;
  for (const auto& report : reports) order.push_back(report.start);
  render::writePng(rendered(core::contactSheet(images, order)), fs::path(*out) / "contact-sheet.png");

  const auto provenance = core::studyProvenance(*studyFolder, *experiment, models,
                                                 {embedderBundle, synthesisModels.generator, judgeBundle, textBundle});
  auto targetDocument = core::targetJson(target);
  if (minus) targetDocument["minus"] = core::targetJson(*minus);
  core::SynthesisSettings settings{options, target.describe(), minus ? minus->describe() : "", objective.lambda,
                                   objective.diversity};
  const auto document = core::synthesisJson(result, reports, bank, captions, settings, files,
                                            core::provenanceJson(provenance, targetDocument));
  core::writeFileAtomically(fs::path(*out) / "synthesis.json", document.dump(2) + "\n");

  std::printf("target: %s%s, %zu columns; %s space, %d starts, %d steps (%s), %.1f s\n", target.describe().c_str(),
              minus ? (" minus " + formatFixed(objective.lambda, 2) + " x " + minus->describe()).c_str() : "",
              target.columns.size(), core::synthesisSpaceName(options.space), options.starts, result.steps,
              result.stopReason.c_str(), result.seconds);
  std::printf("bank: 50th %s, 95th %s, 99th %s, best %s (image %zu)\n", formatFixed(bank.p50).c_str(), formatFixed(bank.p95).c_str(),
              formatFixed(bank.p99).c_str(), formatFixed(bank.best).c_str(), bank.bestIndex);
  for (std::size_t rank = 0; rank < reports.size(); ++rank) {
    const auto& report = reports[rank];
    const auto& start = result.starts[report.start];
    std::printf("%zu. %s: %s (percentile %s)%s%s\n", rank + 1, files[report.start].c_str(), formatFixed(start.objective).c_str(),
                formatFixed(report.percentile, 2).c_str(),
                report.judge ? (", judge: " + report.judge->category + " " + formatFixed(report.judge->score, 2)).c_str() : "",
                report.zeroShot ? (", zero-shot: " + report.zeroShot->category).c_str() : "");
  }
  for (const auto& start : result.starts)
    if (start.failed) std::printf("failed: %s\n", start.failure.c_str());
  std::printf("wrote %s, contact-sheet.png and %zu images\n", (fs::path(*out) / "synthesis.json").c_str(),
              result.starts.size());
  return 0;
}

}  // namespace vl::app
