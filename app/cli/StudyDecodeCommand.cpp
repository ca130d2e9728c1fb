#include "app/cli/StudyDecodeCommand.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/TargetArguments.h"
#include "app/cli/TerminalProgress.h"
#include "core/fitting/BundleDecoding.h"
#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/Decoder.h"
#include "core/fitting/HighLevelReconstruction.h"
#include "core/fitting/LowLevelReconstruction.h"
#include "core/fitting/ReconstructionScores.h"
#include "core/fitting/Retrieval.h"
#include "core/fitting/RidgeCv.h"
#include "core/fitting/StudyContrastiveDecoder.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyIdentification.h"
#include "core/fitting/StudyModelFits.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/fitting/StudyProvenance.h"
#include "core/fitting/StudyReconstruction.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyMatrix.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Sha256.h"
#include "core/selectivity/SelectionJson.h"
#include "core/study/FitFolder.h"
#include "core/study/StudyFolderLoader.h"
#include "render/OffscreenRenderer.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kMinimumColumns = 10;
constexpr std::size_t kFigureColumns = 8;

std::size_t parsePositive(const Arguments& args, const std::string& name, std::size_t fallback) {
  return wholeNumberOption(args, name, fallback, 1, 1000000000);
}

json scoresJson(const core::IdentificationScores& s) {
  return {{"top1_brain_to_image", s.brainToImage}, {"top1_image_to_brain", s.imageToBrain}, {"ways", s.ways},
          {"chance", s.chance}, {"items", s.items}, {"columns", s.columns}};
}

json reconstructionJson(const core::ReconstructionScores& s) {
  return {{"pixcorr", s.pixCorr},
          {"ssim", s.ssim},
          {"two_way_embedding", s.twoWayEmbedding},
          {"two_way_gabor_energy", std::isfinite(s.twoWayGabor) ? json(s.twoWayGabor) : json(nullptr)},
          {"pairs", s.pairs},
          {"definitions",
           "MindEye's: PixCorr on RGB and SSIM on grey after a bilinear resize to 425 px; 2-way on features of the "
           "reconstructions (the study's image embedding standing in for CLIP, Gabor energy for AlexNet's early "
           "layers), Pearson, ties count as failures; chance 0.5"}};
}

// One kind of reconstruction's scores as metrics.json keeps them, with what its images are, and printed as a line.
json reportReconstruction(const std::string& what, const core::ReconstructionScores& s, const std::string& image) {
  std::printf("%s: PixCorr %.3f SSIM %.3f 2-way embedding %.3f Gabor %.3f\n", what.c_str(), s.pixCorr, s.ssim,
              s.twoWayEmbedding, s.twoWayGabor);
  auto out = reconstructionJson(s);
  out["image"] = image;
  return out;
}

// Row r of `rows` images, each scaled to `cell` pixels, into `out` at (left, top).
void paste(render::RenderedImage& out, const core::StimulusImage& image, int left, int top, int cell) {
  for (int y = 0; y < cell; ++y)
    for (int x = 0; x < cell; ++x) {
      const int sx = x * image.width / cell, sy = y * image.height / cell;
      const std::uint8_t* source = &image.rgb[(std::size_t(sy) * image.width + sx) * 3];
      std::copy(source, source + 3, &out.rgb[(std::size_t(top + y) * out.width + left + x) * 3]);
    }
}

render::RenderedImage figure(const std::vector<std::vector<core::StimulusImage>>& rows) {
  constexpr int kCell = 96, kGap = 4;
  render::RenderedImage out;
  const int columns = rows.empty() ? 0 : static_cast<int>(rows.front().size());
  out.width = columns * (kCell + kGap) + kGap;
  out.height = static_cast<int>(rows.size()) * (kCell + kGap) + kGap;
  out.rgb.assign(std::size_t(out.width) * std::size_t(out.height) * 3, 255);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      paste(out, rows[r][c], kGap + int(c) * (kCell + kGap), kGap + int(r) * (kCell + kGap), kCell);
  return out;
}

// Embedding-space identification of a decoder (ridge or contrastive): cosine similarity of decoded and true
// embeddings, MindEye's top-1 both ways.
json embeddingIdentificationJson(double brainToImage, double imageToBrain, std::size_t ways, double chance,
                                 std::size_t items, std::size_t columns) {
  return {{"top1_brain_to_image", brainToImage}, {"top1_image_to_brain", imageToBrain}, {"ways", ways},
          {"chance", chance}, {"items", items}, {"columns", columns},
          {"space", "decoded vs true image embeddings, cosine similarity"}};
}

// The noiseless test responses of a demo study (truth/test_signal.npy), when it has them in the test rows' shape.
std::optional<core::Matrix> noiseFreeTestResponses(const core::Experiment& experiment) {
  if (experiment.manifest.truth.empty() || !experiment.test) return std::nullopt;
  const auto file = experiment.manifest.resolve(experiment.manifest.truth) / "test_signal.npy";
  if (!fs::exists(file)) return std::nullopt;
  auto signal = core::readNpyMatrix(file);
  if (signal.rows != experiment.test->rows || signal.cols != experiment.test->columns) return std::nullopt;
  return signal;
}

std::pair<double, double> embeddingScores(const core::Matrix& decoded, const core::Matrix& truth, std::size_t ways) {
  const auto similarity = core::cosineSimilarity(decoded, truth);
  return {core::topOneIdentification(similarity, ways, 30, 0),
          core::topOneIdentification(core::transposed(similarity), ways, 30, 0)};
}

json noiseFreeJson(const std::pair<double, double>& scores) {
  return {{"top1_brain_to_image", scores.first}, {"top1_image_to_brain", scores.second},
          {"definition", "the same decoder on the noiseless test responses (truth/test_signal.npy): what its readout "
                         "allows without measurement noise"}};
}

std::size_t argmaxRow(const core::MatrixD& m, std::size_t row) {
  std::size_t best = 0;
  for (std::size_t j = 1; j < m.cols; ++j)
    if (m(row, j) > m(row, best)) best = j;
  return best;
}

}  // namespace

int runStudyDecodeCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {},
                                   {"--study", "--roi", "--vertex", "--radius", "--label", "--method", "--trials",
                                    "--max-columns", "--embedder", "--generator", "--decoder", "--out"});
  if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
  const auto studyFolder = args.value("--study");
  const auto out = args.value("--out");
  if (!studyFolder) throw UsageError("--study DIR is required (a folder with study.json)");
  if (!out) throw UsageError("--out DIR is required");
  const std::string method = args.value("--method").value_or("all");
  if (method != "forward" && method != "ridge" && method != "contrastive" && method != "bundle" && method != "all")
    throw UsageError("--method " + method + ": expected forward, ridge, contrastive, bundle or all");
  const auto decoderName = args.value("--decoder");
  if (method == "bundle" && !decoderName)
    throw UsageError("--method bundle needs --decoder NAME|DIR (a brain_decoder bundle)");
  if (decoderName && method != "bundle" && method != "all")
    throw UsageError("--decoder is run by --method bundle or all, not " + method);
  // The ridge decoder is the baseline the contrastive one is reported against, so both run with contrastive.
  const bool runForward = method == "forward" || method == "all";
  const bool runRidge = method != "forward" && method != "bundle";
  const bool runContrastive = method == "contrastive" || method == "all";
  const bool runBundle = decoderName.has_value();
  if (args.value("--trials").value_or("test") != "test")
    throw UsageError("--trials " + *args.value("--trials") + ": only test (the study's test rows) is supported");
  const int targets = int(args.value("--roi").has_value()) + int(args.value("--vertex").has_value()) +
                      int(args.value("--label").has_value());
  if (targets > 1) throw UsageError("name at most one target: --roi, --vertex or --label");
  if (targets > 0 && runBundle)
    throw UsageError("a brain_decoder bundle (--decoder) reads every response column: it cannot be restricted to "
                     "--roi, --vertex or --label");
  const float radius = parseRadiusOption(args);
  const std::size_t maxColumns = parsePositive(args, "--max-columns", 1000);

  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = core::loadStudyFolder(*studyFolder, context.slice(0, 0.1));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  if (!experiment || !experiment->stimuli || !experiment->train)
    throw UsageError(*studyFolder + ": the study has no stimuli and training responses to decode from");
  if (!experiment->test || experiment->test->rows < 2)
    throw UsageError(*studyFolder + ": the study has no test trials (at least 2 test rows are needed)");

  std::optional<core::SelectionTarget> target;
  if (const auto roi = args.value("--roi")) target = parseRoiTarget(study, experiment->columns, *roi);
  if (const auto vertex = args.value("--vertex"))
    target = parseVertexTarget(study, experiment->columns, *vertex, radius);
  if (const auto label = args.value("--label")) target = parseLabelTarget(experiment->columns, *label);
  std::vector<std::int32_t> columns;
  if (target) {
    for (const auto c : target->columns) columns.push_back(static_cast<std::int32_t>(c));
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    if (columns.size() < kMinimumColumns)
      throw UsageError("the target " + target->describe() + " has " + std::to_string(columns.size()) +
                       " response columns; decoding needs at least " + std::to_string(kMinimumColumns));
  }

  const auto embedderBundle = core::studyImageEmbedder(args.value("--embedder").value_or(""));
  const core::ImageEmbedder embedder(embedderBundle);
  const auto models = core::prepareStudyModels(*experiment, embedder, context.slice(0.1, 0.4));
  const auto& test = *experiment->test;
  const auto& stimuli = *experiment->stimuli;

  auto provenance = core::studyProvenance(*studyFolder, *experiment, models, {embedderBundle});

  json methods = json::object();
  std::vector<core::StimulusImage> seen;
  for (std::size_t r = 0; r < test.rows; ++r) seen.push_back(stimuli.image(static_cast<std::size_t>(test.stimulus[r])));
  std::vector<std::size_t> figureRows;
  for (std::size_t k = 0; k < std::min(kFigureColumns, test.rows); ++k)
    figureRows.push_back(k * test.rows / std::min(kFigureColumns, test.rows));
  std::vector<std::vector<core::StimulusImage>> figureImages(1);
  for (auto r : figureRows) figureImages[0].push_back(seen[r]);

  const std::string data = core::responseRowsDescription(test.repeats);
  const auto ceiling = core::plantedIdentificationCeiling(*experiment, columns, 300, 30, 0);

  std::optional<core::StudyIdentification> forwardPosterior;
  if (runForward) {
    core::StudyIdentificationOptions options;
    options.columns = columns;
    options.maxColumns = maxColumns;
    forwardPosterior = core::identifyStudy(*experiment, models.stimulusEmbedding, options, context.slice(0.4, 0.8));
    const auto& identified = *forwardPosterior;
    json forward = {{"identification", scoresJson(identified.scores)},
                    {"features", identified.features},
                    {"columns_kept", identified.model.columns.size()},
                    {"cv", identified.model.selection},
                    {"fit_seconds", identified.fitSeconds},
                    {"feature_seconds", identified.featureSeconds}};
    methods["forward"] = forward;
    std::printf("forward model (%zu features, %zu columns) on %s: top-1 %zu-way brain -> image %.3f, image -> brain "
                "%.3f (chance %.4f)\n",
                identified.features, identified.scores.columns, data.c_str(), identified.scores.ways,
                identified.scores.brainToImage, identified.scores.imageToBrain, identified.scores.chance);
    std::vector<core::StimulusImage> best;
    for (auto r : figureRows) best.push_back(seen[argmaxRow(identified.logPosterior, r)]);
    figureImages.push_back(best);
  }

  const auto noiseFree = noiseFreeTestResponses(*experiment);
  std::optional<core::ContrastiveFit> contrastive;
  if (runContrastive) {
    core::StudyContrastiveOptions options;
    options.columns = columns;
    const auto fitted = core::studyContrastiveDecoder(*experiment, models, options, context.slice(0.4, 0.8));
    contrastive = fitted.fit;
    const auto& c = fitted.fit;
    json identification = embeddingIdentificationJson(c.topOne, c.topOneImageToBrain, c.ways, c.topOneChance,
                                                      c.testImages, c.columns.size());
    if (noiseFree) {
      const auto scores = embeddingScores(core::predictContrastive(c, core::ResponseRows::of(*noiseFree)),
                                          core::rowsForTrials(models.stimulusEmbedding, test), c.ways);
      identification["noise_free"] = noiseFreeJson(scores);
    }
    methods["contrastive"] = {
        {"identification", identification},
        {"two_way_embedding_cosine", c.twoWay},
        {"training",
         {{"settings", c.settings}, {"epochs", c.epochs}, {"best_epoch", c.bestEpoch},
          {"validation_top1", c.validationTopOne}, {"validation_images", c.validationImages},
          {"validation_of", "training images held out of its training (test images never choose anything)"},
          {"training_rows", c.trainingRows}, {"fit_seconds", c.seconds}, {"from_cache", fitted.fromCache}}}};
    std::printf("contrastive decoder (%zu columns, best of %d epochs: %d) on %s: top-1 %zu-way brain -> image %.3f, "
                "image -> brain %.3f (%.0f s%s)\n",
                c.columns.size(), c.epochs, c.bestEpoch, data.c_str(), c.ways, c.topOne, c.topOneImageToBrain,
                c.seconds, fitted.fromCache ? ", cached" : "");
  }

  // The generator of the reconstructions: they come from the ridge and forward methods and a decoder bundle;
  // --method contrastive reports identification only.
  const bool reconstruct = method != "contrastive";
  core::BundleCatalog catalog;
  const std::string generatorName = args.value("--generator").value_or("demo-clip-generator");
  std::shared_ptr<const core::ModelBundle> generatorBundle;
  if (reconstruct) {
    try {
      generatorBundle = catalog.loadNameOrFolder(generatorName);
    } catch (const std::exception& e) {
      if (args.value("--generator")) throw;
      std::printf("no reconstruction: %s\n", e.what());
    }
  }
  if (generatorBundle) {
    const core::Generator generator(generatorBundle);
    if (generator.inputDimension() != models.stimulusEmbedding.cols)
      throw UsageError("the generator " + generatorBundle->name() + " takes " +
                       std::to_string(generator.inputDimension()) + " values; the decoders give " +
                       std::to_string(models.stimulusEmbedding.cols) + " (the embedding of " + embedderBundle->name() +
                       ")");
    provenance.models.push_back(
        {generatorBundle->name(), "generator", core::sha256HexOfFile(generatorBundle->manifest().torchscript)});
  }

  if (runBundle) {
    std::shared_ptr<const core::ModelBundle> decoderBundle;
    try {
      decoderBundle = catalog.loadNameOrFolder(*decoderName);
    } catch (const std::exception& e) {
      throw UsageError("--decoder " + *decoderName + ": " + e.what());
    }
    if (const auto mismatch = core::bundleDecoderMismatch(decoderBundle->manifest(), test.columns, models.stimulusEmbedding.cols))
      throw UsageError("--decoder " + *decoderName + ": " + *mismatch);
    provenance.models.push_back(
        {decoderBundle->name(), "brain_decoder", core::sha256HexOfFile(decoderBundle->manifest().torchscript)});
    const auto decoded = core::decodeStudyWithBundle(*experiment, models.stimulusEmbedding, decoderBundle, 300,
                                                     context.slice(0.8, 0.85));
    const auto& s = decoded.scores;
    json identification =
        embeddingIdentificationJson(s.brainToImage, s.imageToBrain, s.ways, s.chance, s.items, s.columns);
    if (noiseFree) {
      core::Experiment noiseless;  // the bundle reads only the test rows
      noiseless.test = *experiment->test;
      noiseless.test->betas = noiseFree->data;
      const auto clean = core::decodeStudyWithBundle(noiseless, models.stimulusEmbedding, decoderBundle, 300);
      identification["noise_free"] = noiseFreeJson({clean.scores.brainToImage, clean.scores.imageToBrain});
    }
    json bundleJson = {{"bundle", decoderBundle->name()}, {"identification", identification}};
    std::printf("decoder bundle %s (%zu columns) on %s: top-1 %zu-way brain -> image %.3f, image -> brain %.3f\n",
                decoderBundle->name().c_str(), s.columns, data.c_str(), s.ways, s.brainToImage, s.imageToBrain);
    std::vector<core::StimulusImage> best;
    for (auto r : figureRows) best.push_back(seen[argmaxRow(decoded.similarity, r)]);
    figureImages.push_back(best);
    if (generatorBundle) {
      const core::Generator generator(generatorBundle);
      const core::Matrix rescaled = core::matchTrainingDistribution(
          decoded.decoded, core::rowsForTrials(models.stimulusEmbedding, *experiment->train));
      const auto highLevel = generator.generate(rescaled, context.slice(0.85, 0.88));
      const auto scores = core::scoreReconstructions(seen, highLevel, embedder, context.slice(0.88, 0.9));
      bundleJson["reconstruction"]["high_level"] = reportReconstruction(
          "high-level reconstruction from the decoder bundle", scores,
          "the generator on the bundle's embedding, each dimension rescaled to the training embeddings' mean and SD "
          "(as Brain-Diffuser does)");
      std::vector<core::StimulusImage> row;
      for (auto r : figureRows) row.push_back(highLevel[r]);
      figureImages.push_back(row);
    }
    methods["decoder_bundle"] = bundleJson;
  }

  if (runRidge) {
    core::DecoderInput input;
    input.columns = core::bestColumns(models.encoder.cvR2, 2000, columns);
    input.trainResponses = {experiment->train->betas.data(), experiment->train->rows, experiment->train->columns};
    input.trainTargets = core::rowsForTrials(models.stimulusEmbedding, *experiment->train);
    input.testResponses = {test.betas.data(), test.rows, test.columns};
    input.testTargets = core::rowsForTrials(models.stimulusEmbedding, test);
    core::chooseStudyCv(input.ridge, *experiment->train);
    // On the whole cortex this is the study's own decoder (the same columns, targets and CV), fitted with the study
    // models: reused rather than fitted a second time.
    const auto decoder = columns.empty() ? models.decoder : core::fitDecoder(input, context.slice(0.8, 0.9));
    json identification = embeddingIdentificationJson(decoder.topOne, decoder.topOneImageToBrain, decoder.ways,
                                                      decoder.topOneChance, decoder.testImages,
                                                      decoder.columns.size());
    if (noiseFree) {
      const auto scores = embeddingScores(
          core::predictRidge(decoder.fit, core::gatherColumns(core::ResponseRows::of(*noiseFree), decoder.columns)),
          input.testTargets, decoder.ways);
      identification["noise_free"] = noiseFreeJson(scores);
    }
    json ridge = {{"identification", identification},
                  {"two_way_embedding_cosine", decoder.twoWay},
                  {"cv", decoder.selection}};
    std::printf("ridge decoder (%zu columns) on %s: top-1 %zu-way brain -> image %.3f, image -> brain %.3f\n",
                decoder.columns.size(), data.c_str(), decoder.ways, decoder.topOne, decoder.topOneImageToBrain);
    if (contrastive)
      methods["contrastive"]["gain_over_ridge"] = {
          {"top1_brain_to_image", contrastive->topOne - decoder.topOne},
          {"top1_image_to_brain", contrastive->topOneImageToBrain - decoder.topOneImageToBrain}};

    // Low level (Brain-Diffuser's first stage): the same columns -> a 16 x 16 RGB image of block means.
    if (reconstruct) {
      const auto& train = *experiment->train;
      core::Matrix targets(train.rows, std::size_t(core::kLowLevelSide * core::kLowLevelSide * 3));
      for (std::size_t r = 0; r < train.rows; ++r) {
        const auto pixels = core::blockMeanRgb(stimuli.image(static_cast<std::size_t>(train.stimulus[r])));
        std::copy(pixels.begin(), pixels.end(), targets.data.begin() + std::ptrdiff_t(r * targets.cols));
      }
      core::RidgeOptions options;
      core::chooseStudyCv(options, train);
      options.alphas = core::halfDecadeAlphas(0, 7);
      const auto lowDecoder = core::fitLowLevelDecoder(input.trainResponses, targets, decoder.columns, options,
                                                       context.slice(0.9, 0.92));
      const auto lowLevel = core::reconstructLowLevel(lowDecoder, input.testResponses, seen.front().width);
      const auto lowScores = core::scoreReconstructions(seen, lowLevel, embedder);
      ridge["reconstruction"]["low_level"] = reportReconstruction(
          "low-level reconstruction", lowScores, "16 x 16 RGB block means, ridge from the same columns");
      std::vector<core::StimulusImage> row;
      for (auto r : figureRows) row.push_back(lowLevel[r]);
      figureImages.push_back(row);
    }

    std::vector<core::StimulusImage> candidateRow;
    if (generatorBundle && reconstruct) {
      const core::Generator generator(generatorBundle);
      const core::Matrix decoded = core::matchTrainingDistribution(
          core::predictRidge(decoder.fit, core::gatherColumns(input.testResponses, decoder.columns)),
          input.trainTargets);
      const auto highLevel = generator.generate(decoded, context.slice(0.92, 0.94));
      const auto fromTruth = generator.generate(input.testTargets, context.slice(0.94, 0.96));
      const auto highScores = core::scoreReconstructions(seen, highLevel, embedder, context.slice(0.96, 0.98));
      const auto truthScores = core::scoreReconstructions(seen, fromTruth, embedder, context.slice(0.98, 1.0));
      ridge["reconstruction"]["high_level"] = reconstructionJson(highScores);
      ridge["reconstruction"]["high_level"]["image"] =
          "the generator on the ridge-decoded embedding, each dimension rescaled to the training embeddings' mean "
          "and SD (as Brain-Diffuser does)";
      ridge["reconstruction"]["generator_on_true_embeddings"] = reconstructionJson(truthScores);
      if (forwardPosterior) {
        // From the forward model's best candidates: the posterior-weighted mean of the embeddings of the 5 most
        // likely test images, through the generator (no latent optimisation).
        const core::Matrix fromCandidates =
            core::posteriorWeightedEmbedding(forwardPosterior->logPosterior, input.testTargets, 5);
        const auto candidateImages = generator.generate(fromCandidates, context.slice(0.96, 0.97));
        const auto candidateScores = core::scoreReconstructions(seen, candidateImages, embedder);
        ridge["reconstruction"]["from_identified_candidates"] = reportReconstruction(
            "reconstruction from the forward model's candidates", candidateScores,
            "the generator on the posterior-weighted mean embedding of the forward model's 5 most likely test "
            "images (candidates are the test images; no latent optimisation)");
        candidateRow.clear();
        for (auto r : figureRows) candidateRow.push_back(candidateImages[r]);
      }
      std::printf("high-level reconstruction: PixCorr %.3f SSIM %.3f 2-way embedding %.3f Gabor %.3f (generator on "
                  "true embeddings: PixCorr %.3f SSIM %.3f)\n",
                  highScores.pixCorr, highScores.ssim, highScores.twoWayEmbedding, highScores.twoWayGabor,
                  truthScores.pixCorr, truthScores.ssim);
      std::vector<core::StimulusImage> row;
      for (auto r : figureRows) row.push_back(highLevel[r]);
      figureImages.push_back(row);
      if (!candidateRow.empty()) figureImages.push_back(candidateRow);

      // Combined (the generator's latent optimised to match the decoded embedding and the low-level image), with
      // its own ridge on the training rows less the validation images that choose its weights.
      core::StudyReconstructionOptions combinedOptions;
      combinedOptions.columns = columns;
      combinedOptions.method = forwardPosterior ? core::IdentificationMethod::Forward : core::IdentificationMethod::Ridge;
      combinedOptions.identified = forwardPosterior ? &*forwardPosterior : nullptr;
      const auto combined = core::reconstructStudy(*experiment, models.stimulusEmbedding, models.encoder.cvR2, embedder,
                                                   generatorBundle, combinedOptions, context.slice(0.97, 1.0));
      json weights = json::array();
      for (std::size_t k = 0; k < combined.weights.tried.size(); ++k)
        weights.push_back({{"low_level", combined.weights.tried[k].lowLevel},
                           {"embedding", combined.weights.tried[k].embedding},
                           {"validation_pixcorr", combined.weights.pixCorr[k]}});
      ridge["reconstruction"]["combined"] = reconstructionJson(combined.combined);
      ridge["reconstruction"]["combined"]["image"] =
          "the generator's input optimised (Adam, " + std::to_string(combinedOptions.combined.steps) +
          " steps) to match the decoded embedding and the 16 x 16 low-level image, started from " + combined.start;
      ridge["reconstruction"]["combined"]["weights"] = {
          {"low_level", combined.weights.best.lowLevel},
          {"embedding", combined.weights.best.embedding},
          {"chosen_on", std::to_string(combined.validationImages) +
                            " training images held out of its ridge (their trials averaged), by MindEye PixCorr"},
          {"tried", weights}};
      ridge["reconstruction"]["combined"]["its_low_level"] = reconstructionJson(combined.lowLevel);
      ridge["reconstruction"]["combined"]["its_high_level"] = reconstructionJson(combined.highLevel);
      ridge["reconstruction"]["combined"]["pixcorr_vs_true_embeddings"] =
          combined.fromTruth.pixCorr != 0 ? json(combined.combined.pixCorr / combined.fromTruth.pixCorr) : json(nullptr);
      std::printf("combined reconstruction (embedding weight %.2f, from %s): PixCorr %.3f SSIM %.3f 2-way embedding "
                  "%.3f Gabor %.3f; %.2f x the generator on true embeddings (its low level %.3f, high level %.3f)\n",
                  combined.weights.best.embedding, combined.start.c_str(), combined.combined.pixCorr,
                  combined.combined.ssim, combined.combined.twoWayEmbedding, combined.combined.twoWayGabor,
                  combined.combined.pixCorr / combined.fromTruth.pixCorr, combined.lowLevel.pixCorr,
                  combined.highLevel.pixCorr);
      row.clear();
      for (auto r : figureRows) row.push_back(combined.trials[r].combined);
      figureImages.push_back(row);
    }
    methods["ridge"] = ridge;
  }

  json document = {{"provenance", core::provenanceJson(provenance, target ? core::targetJson(*target) : json(nullptr))},
                   {"trials", "test"},
                   {"data", data},
                   {"test_images", test.rows},
                   {"methods", methods},
                   {"figure", {{"file", "decoding.png"},
                               {"rows", "seen; identified by the forward model; low-level reconstruction; high-level "
                                        "reconstruction (generator on the ridge-decoded embedding); the generator on the forward "
                                        "model's best candidates; the combined reconstruction, for the methods run"},
                               {"test_rows", figureRows}}}};
  if (ceiling) {
    document["planted_ceiling"] = scoresJson(*ceiling);
    document["planted_ceiling"]["definition"] =
        "the same identification with the noiseless test responses and the planted noise variance (truth/)";
    std::printf("planted ceiling (%zu columns): brain -> image %.3f, image -> brain %.3f\n", ceiling->columns,
                ceiling->brainToImage, ceiling->imageToBrain);
  }
  fs::create_directories(*out);
  core::writeFileAtomically(fs::path(*out) / "metrics.json", document.dump(2) + "\n");
  render::writePng(figure(figureImages), fs::path(*out) / "decoding.png");
  std::printf("wrote %s and decoding.png\n", (fs::path(*out) / "metrics.json").c_str());
  return 0;
}

}  // namespace vl::app
