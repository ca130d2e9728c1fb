#include "app/ReconstructionController.h"

#include <QString>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/StudyModelsController.h"
#include "core/fitting/BundleDecoding.h"
#include "core/fitting/StudyContrastiveDecoder.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/fitting/StudyReconstruction.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"
#include "core/panels/RoiDrawPanelModel.h"
#include "widgets/JobRunner.h"
#include "widgets/ReconstructionPanel.h"
#include "widgets/SelectivityPanel.h"
#include "widgets/SelectivityView.h"
#include "widgets/StudyAdapter.h"

namespace vl::app {
namespace {

struct Bundles {
  std::shared_ptr<const core::ModelBundle> embedder, generator;
  std::shared_ptr<const core::ModelBundle> decoder;  // the first brain_decoder that fits the study, or null
  std::string whyNoDecoder;                          // when there is none
};

// The first usable brain_decoder bundle that reads the study's `columns` and gives the embedding's `dimension`,
// loaded; when none does, why (the last mismatch, or that none is installed).
std::shared_ptr<const core::ModelBundle> fittingDecoder(core::BundleCatalog& catalog, std::size_t columns,
                                                        std::size_t dimension, std::string& whyNone) {
  whyNone = "No brain_decoder bundle is installed (see plugins/README.md)";
  for (const auto* listing : catalog.usableOfKind(core::ModelKind::BrainDecoder)) {
    if (const auto mismatch = core::bundleDecoderMismatch(*listing->manifest, columns, dimension)) {
      whyNone = *mismatch;
      continue;
    }
    return catalog.load(listing->manifest->name);
  }
  return nullptr;
}

core::ReconstructionImageScores imageScores(const core::ReconstructionScores& s) {
  return {s.pixCorr, s.ssim, s.twoWayEmbedding, s.twoWayGabor};
}

struct Outcome {
  std::vector<core::ReconstructionPanelRow> rows;
  core::ReconstructionPanelScores scores;
};

Outcome toPanel(const core::StudyReconstruction& r, const core::StimulusSource& stimuli) {
  Outcome out;
  for (const auto& trial : r.trials) {
    core::ReconstructionPanelRow row;
    row.testRow = trial.testRow;
    row.seen = trial.seen;
    for (auto s : trial.identified) row.identified.push_back(stimuli.image(std::size_t(s)));
    row.trueRank = trial.trueRank;
    row.lowLevel = trial.lowLevel;
    row.highLevel = trial.highLevel;
    row.combined = trial.combined;
    out.rows.push_back(std::move(row));
  }
  auto& s = out.scores;
  s.brainToImage = r.identification.brainToImage;
  s.imageToBrain = r.identification.imageToBrain;
  s.chance = r.identification.chance;
  s.ways = r.identification.ways;
  s.columns = r.identification.columns;
  if (r.ceiling) s.ceiling = std::make_pair(r.ceiling->brainToImage, r.ceiling->imageToBrain);
  s.lowLevel = imageScores(r.lowLevel);
  s.highLevel = imageScores(r.highLevel);
  s.combined = imageScores(r.combined);
  s.fromTruth = imageScores(r.fromTruth);
  s.reconstructed = r.trials.size();
  s.data = r.data;
  s.embeddingWeight = r.weights.best.embedding;
  return out;
}

}  // namespace

ReconstructionController::ReconstructionController(widgets::JobRunner* jobs, widgets::StudyAdapter* adapter,
                                                   StudyModelsController* models,
                                                   widgets::SelectivityPanel* selectivity,
                                                   widgets::ReconstructionPanel* panel, QObject* parent)
    : QObject(parent), jobs_(jobs), adapter_(adapter), models_(models), selectivity_(selectivity), panel_(panel) {
  connect(models_, &StudyModelsController::modelsReady, this, &ReconstructionController::modelsReady);
  connect(panel_, &widgets::ReconstructionPanel::runRequested, this, &ReconstructionController::run);
  connect(panel_, &widgets::ReconstructionPanel::cancelRequested, this, &ReconstructionController::cancel);
  connect(panel_, &widgets::ReconstructionPanel::sourceChanged, this, &ReconstructionController::updateDrawnTarget);
  connect(adapter_, &widgets::StudyAdapter::studyChanged, this, &ReconstructionController::updateDrawnTarget);
  connect(adapter_, &widgets::StudyAdapter::studyReplaced, this, [this] {
    embedder_.reset();
    generator_.reset();
    decoder_.reset();
    auto& model = panel_->model();
    model.setInputsReady(false);
    const auto& study = adapter_->study();
    const auto experiment = study ? study->experiment() : nullptr;
    model.setTestTrials(experiment && experiment->test ? experiment->test->rows : 0);
    panel_->refresh();
  });
  connect(selectivity_, &widgets::SelectivityPanel::targetChanged, this, [this] {
    const auto& current = selectivity_->current();
    panel_->model().setSelectivityTarget(current ? std::optional(current->result.target) : std::nullopt);
    panel_->refresh();
  });
  connect(jobs_, &widgets::JobRunner::progressed, this,
          [this](qulonglong id, const QString&, double fraction, const QString& message) {
            if (id != runJob_ || !panel_->model().running()) return;
            panel_->model().setProgress(fraction, message.toStdString());
            panel_->refresh();
          });
  connect(jobs_, &widgets::JobRunner::finished, this, [this](qulonglong id, const QString&, int state,
                                                             const QString& error) {
    if (id != runJob_) return;
    auto& model = panel_->model();
    if (state == int(core::JobState::Cancelled)) model.cancelled();
    else if (state == int(core::JobState::Failed)) model.failed(error.toStdString());
    panel_->refresh();
    Q_EMIT runEnded();
  });
}

void ReconstructionController::modelsReady() {
  const auto study = adapter_->study();
  const auto models = models_->models();
  if (!study || !study->experiment() || !models) return;
  const auto experiment = study->experiment();
  panel_->model().setTestTrials(experiment->test ? experiment->test->rows : 0);
  panel_->refresh();
  const std::size_t columns = experiment->test ? experiment->test->columns : 0;
  loadJob_ = jobs_->runForResult<Bundles>(
      tr("Loading the reconstruction models"),
      [columns](const core::JobContext&) {
        Bundles bundles;
        bundles.embedder = core::studyImageEmbedder();
        const auto dimension = core::ImageEmbedder(bundles.embedder).dimension();
        core::BundleCatalog catalog;
        bundles.generator = catalog.firstUsableOfDimension(core::ModelKind::Generator, dimension, true);
        if (!bundles.generator)
          throw std::runtime_error("no generator bundle takes the image embedder's " + std::to_string(dimension) +
                                   "-value embedding: reconstruction needs one");
        bundles.decoder = fittingDecoder(catalog, columns, dimension, bundles.whyNoDecoder);
        return bundles;
      },
      [this, study](Bundles bundles) {
        if (adapter_->study() != study) return;
        embedder_ = bundles.embedder;
        generator_ = bundles.generator;
        decoder_ = bundles.decoder;
        panel_->model().setDecoderBundle(decoder_ ? decoder_->name() : std::string(), bundles.whyNoDecoder);
        panel_->model().setInputsReady(true);
        panel_->refresh();
        Q_EMIT ready();
      });
}

void ReconstructionController::updateDrawnTarget() {
  const auto& study = adapter_->study();
  std::optional<core::SelectionTarget> target;
  const auto experiment = study ? study->experiment() : nullptr;
  if (study && experiment)
    for (const auto& set : study->roiSets())
      if (set.data && set.data->name == core::RoiDrawPanelModel::kSetName && !set.data->labels.empty()) {
        try {
          // The newest drawn ROI: the last label of the set.
          target = core::roiTarget(*set.data, set.data->labels.back().name,
                                   {core::Hemisphere::Left, core::Hemisphere::Right}, experiment->columns,
                                   core::TargetSource::Drawn);
        } catch (const std::exception&) {
        }
      }
  auto& model = panel_->model();
  const bool had = model.drawnTarget().has_value();
  if (had || target) {
    model.setDrawnTarget(std::move(target));
    panel_->refresh();
  }
}

void ReconstructionController::run() {
  auto& model = panel_->model();
  const auto study = adapter_->study();
  const auto models = models_->models();
  if (!study || !study->experiment() || !models || !generator_ || !model.start()) {
    panel_->refresh();
    return;
  }
  panel_->refresh();
  core::StudyReconstructionOptions options;
  options.columns = model.columns();
  switch (model.method()) {
    case core::ReconstructionMethod::Forward: options.method = core::IdentificationMethod::Forward; break;
    case core::ReconstructionMethod::Ridge: options.method = core::IdentificationMethod::Ridge; break;
    case core::ReconstructionMethod::Contrastive: options.method = core::IdentificationMethod::Contrastive; break;
    case core::ReconstructionMethod::DecoderBundle:
      options.method = core::IdentificationMethod::DecoderBundle;
      options.decoderBundle = decoder_;
      break;
  }
  options.trials = model.chosenTrials();
  const auto experiment = study->experiment();
  runJob_ = jobs_->runForResult<Outcome>(
      tr("Reconstructing %1 test trials").arg(options.trials.size()),
      [experiment, models, embedder = embedder_, generator = generator_, options](const core::JobContext& context) {
        const core::ImageEmbedder runner(embedder);
        auto run = options;
        std::optional<core::StudyContrastive> contrastive;
        auto rest = context;
        if (run.method == core::IdentificationMethod::Contrastive) {
          // The study's contrastive decoder, from the model cache or fitted now (the long part of this job).
          core::StudyContrastiveOptions contrastiveOptions;
          contrastiveOptions.columns = run.columns;
          contrastiveOptions.maxColumns = run.decoderColumns;
          contrastive = core::studyContrastiveDecoder(*experiment, *models, contrastiveOptions, context.slice(0, 0.7));
          run.contrastive = &contrastive->fit;
          rest = context.slice(0.7, 1.0);
        }
        const auto result = core::reconstructStudy(*experiment, models->stimulusEmbedding, models->encoder.cvR2,
                                                   runner, generator, run, rest);
        return toPanel(result, *experiment->stimuli);
      },
      [this](Outcome outcome) {
        panel_->model().finish(std::move(outcome.rows), std::move(outcome.scores));
        panel_->refresh();
      });
}

void ReconstructionController::cancel() {
  if (runJob_) jobs_->cancel(runJob_);
}

}  // namespace vl::app
