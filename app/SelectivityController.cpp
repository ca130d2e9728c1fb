#include "app/SelectivityController.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "app/StudyModelsController.h"
#include "core/fitting/SelectionContext.h"
#include "core/panels/RoiDrawPanelModel.h"
#include "core/selectivity/PredictedResponseMap.h"
#include "core/selectivity/SelectivityMaps.h"
#include "core/study/StudyImport.h"
#include "widgets/JobRunner.h"
#include "widgets/SelectivityGallery.h"
#include "widgets/SelectivityPanel.h"
#include "widgets/StudyAdapter.h"

namespace vl::app {
namespace {

constexpr int kThumbnailPixels = 96;

struct Outcome {
  core::SelectionTarget target;
  std::shared_ptr<const widgets::SelectivityView> view;  // null for a target without columns
};

}  // namespace

// Thumbnails already made, by stimulus index: neighbouring targets share many of their images, and reading and
// scaling a bank image costs milliseconds. Workers fill it; bounded so that a long session does not hoard memory.
struct SelectivityController::ThumbnailCache {
  static constexpr std::size_t kMaxImages = 4096;
  std::mutex mutex;
  std::unordered_map<std::size_t, QImage> images;

  QImage get(const core::StimulusSource& stimuli, std::size_t index) {
    {
      std::lock_guard lock(mutex);
      if (auto found = images.find(index); found != images.end()) return found->second;
    }
    QImage made = widgets::thumbnailOf(stimuli.image(index), kThumbnailPixels);
    std::lock_guard lock(mutex);
    if (images.size() >= kMaxImages) images.clear();
    images.emplace(index, made);
    return made;
  }
};

namespace {

std::vector<widgets::SelectivityThumbnail> thumbnails(const core::SelectionContext& context,
                                                      SelectivityController::ThumbnailCache& cache,
                                                      const std::vector<core::RankedImage>& ranked) {
  std::vector<widgets::SelectivityThumbnail> out;
  out.reserve(ranked.size());
  const auto& stimuli = *context.experiment->stimuli;
  for (const auto& image : ranked) {
    widgets::SelectivityThumbnail thumbnail;
    thumbnail.ranked = image;
    thumbnail.image = cache.get(stimuli, image.index);
    if (image.index < context.captions.size())
      thumbnail.caption = QString::fromStdString(context.captions[image.index]);
    out.push_back(std::move(thumbnail));
  }
  return out;
}

QString imageName(const core::SelectionContext& context, std::size_t index) {
  QString name = QStringLiteral("image %1").arg(index);
  if (index < context.captions.size() && !context.captions[index].empty()) {
    QString caption = QString::fromStdString(context.captions[index]);
    if (caption.size() > 48) caption = caption.left(45) + QStringLiteral("...");
    name += QStringLiteral(" (%1)").arg(caption);
  }
  return name;
}

}  // namespace

SelectivityController::SelectivityController(widgets::JobRunner* jobs, widgets::StudyAdapter* adapter,
                                             StudyModelsController* models, widgets::SelectivityPanel* panel,
                                             QObject* parent)
    : QObject(parent), jobs_(jobs), adapter_(adapter), models_(models), panel_(panel),
      thumbnails_(std::make_shared<ThumbnailCache>()) {
  connect(panel_, &widgets::SelectivityPanel::optionsChanged, this, &SelectivityController::recomputeCurrent);
  connect(panel_, &widgets::SelectivityPanel::imageClicked, this, &SelectivityController::showImage);
  connect(panel_, &widgets::SelectivityPanel::discRadiusChanged, this, [this] {
    if (lastTarget_ && lastTarget_->source == core::TargetSource::Disc)
      selectDisc(int(core::hemisphereIndex(lastTarget_->discHemisphere)), lastTarget_->vertex);
  });
  connect(jobs_, &widgets::JobRunner::finished, this, [this](qulonglong id, const QString& name, int state,
                                                             const QString& error) {
    if (id != contextJob_ && id != selectJob_ && id != imageJob_ && id != mapsJob_) return;
    if (id == mapsJob_) mapsJob_ = 0;
    if (id == contextJob_) contextJob_ = 0;
    if (id == selectJob_) selectJob_ = 0;
    if (id == imageJob_) imageJob_ = 0;
    if (static_cast<core::JobState>(state) == core::JobState::Failed)
      panel_->showStatus(tr("%1 failed: %2").arg(name, error));
  });
  connect(jobs_, &widgets::JobRunner::progressed, this,
          [this](qulonglong id, const QString&, double fraction, const QString& message) {
            if (id == contextJob_)
              panel_->showStatus(tr("Preparing the explorer (%1%): %2").arg(int(fraction * 100)).arg(message));
          });
}

SelectivityController::~SelectivityController() = default;

void SelectivityController::studyOpened() {
  for (auto job : {contextJob_, selectJob_, imageJob_, mapsJob_})
    if (job) jobs_->cancel(job);
  contextJob_ = selectJob_ = imageJob_ = mapsJob_ = 0;
  mapLayers_.clear();
  mapRoiSetName_.clear();
  context_.reset();
  thumbnails_ = std::make_shared<ThumbnailCache>();
  pending_ = {};
  lastTarget_.reset();
  predictedLayer_ = 0;
  ++generation_;
  panel_->clear();
  const auto& study = adapter_->study();
  const bool hasResponses = study && study->experiment() && study->experiment()->stimuli;
  panel_->showStatus(hasResponses ? tr("Waiting for the study's encoder (Jobs dock)...")
                                  : tr("This study has no stimuli and responses: nothing to select from."));
}

void SelectivityController::modelsReady() {
  const auto models = models_->models();
  const auto& study = adapter_->study();
  if (!models || !study || !study->experiment()) return;
  const auto experiment = study->experiment();
  if (contextJob_) jobs_->cancel(contextJob_);
  contextJob_ = jobs_->runForResult<std::shared_ptr<const core::SelectionContext>>(
      tr("Selectivity explorer inputs"),
      [experiment, models](const core::JobContext& context) {
        return std::make_shared<const core::SelectionContext>(
            core::makeSelectionContext(experiment, models, models->stimulusEmbedding.cols, context));
      },
      [this, study](std::shared_ptr<const core::SelectionContext> context) {
        if (adapter_->study() != study) return;  // another study was opened meanwhile
        context_ = std::move(context);
        const auto& manifest = context_->experiment->manifest;
        const auto fov = manifest.stimuli ? manifest.stimuli->fieldOfViewDeg : std::nullopt;
        fieldWidth_ = fov ? *fov : double(context_->experiment->stimuli->image(0).width);
        panel_->showStatus(context_->captionNote.empty() ? QString() : QString::fromStdString(context_->captionNote));
        Q_EMIT ready();
        if (auto next = std::move(pending_)) {
          pending_ = {};
          next();
        }
      });
}

void SelectivityController::request(const QString& description, std::function<core::SelectionTarget()> makeTarget) {
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  const auto generation = ++generation_;
  panel_->showPending(description);
  if (!context_) {
    // Answered once the inputs are ready (the latest request only).
    pending_ = [this, description, makeTarget] { request(description, makeTarget); };
    return;
  }
  if (selectJob_) jobs_->cancel(selectJob_);  // superseded: skipped when it has not started yet
  core::SelectionOptions options;
  options.topK = panel_->model().topK();
  options.weightByR2 = panel_->model().weightByR2();
  selectJob_ = jobs_->runForResult<Outcome>(
      tr("Selectivity: %1").arg(description),
      [context = context_, cache = thumbnails_, makeTarget, options,
       fieldWidth = fieldWidth_](const core::JobContext& job) {
        Outcome outcome;
        outcome.target = makeTarget();
        if (outcome.target.columns.empty()) return outcome;
        job.throwIfStopped();
        auto view = std::make_shared<widgets::SelectivityView>();
        QElapsedTimer step;
        step.start();
        view->result = core::selectTarget(context->inputs(), outcome.target, options);
        view->selectMs = double(step.nsecsElapsed()) / 1e6;
        step.restart();
        view->top = thumbnails(*context, *cache, view->result.top);
        view->bottom = thumbnails(*context, *cache, view->result.bottom);
        view->measuredTop = thumbnails(*context, *cache, view->result.measuredTop);
        view->thumbnailsMs = double(step.nsecsElapsed()) / 1e6;
        view->captionNote = QString::fromStdString(context->captionNote);
        view->fieldWidth = fieldWidth;
        outcome.view = std::move(view);
        return outcome;
      },
      [this, generation, clock](Outcome outcome) {
        if (generation != generation_) return;  // a newer request was made meanwhile
        lastTarget_ = outcome.target;
        if (!outcome.view) {
          panel_->showTargetWithoutColumns(outcome.target);
          return;
        }
        const double arrivedMs = double(clock->nsecsElapsed()) / 1e6;
        panel_->showResult(outcome.view);
        lastClickToGalleryMs_ = double(clock->nsecsElapsed()) / 1e6;
        lastBindMs_ = lastClickToGalleryMs_ - arrivedMs;
        panel_->showStatus(tr("Shown %1 ms after the click (selection %2 ms, thumbnails %3 ms, panel %4 ms).")
                               .arg(lastClickToGalleryMs_, 0, 'f', 0)
                               .arg(outcome.view->selectMs, 0, 'f', 0)
                               .arg(outcome.view->thumbnailsMs, 0, 'f', 0)
                               .arg(lastBindMs_, 0, 'f', 0));
        Q_EMIT resultShown(lastClickToGalleryMs_);
      });
}

void SelectivityController::selectRoi(int roiSet, int key) {
  const auto& study = adapter_->study();
  if (!study || roiSet < 0 || std::size_t(roiSet) >= study->roiSets().size() || !study->experiment()) return;
  const auto parcellation = study->roiSets()[std::size_t(roiSet)].data;
  const auto label = std::find_if(parcellation->labels.begin(), parcellation->labels.end(),
                                  [key](const core::Label& l) { return l.key == key; });
  if (label == parcellation->labels.end()) return;
  const auto source = parcellation->name == core::RoiDrawPanelModel::kSetName ? core::TargetSource::Drawn
                                                                              : core::TargetSource::Roi;
  const auto experiment = study->experiment();
  const std::string name = label->name;
  request(QString::fromStdString(parcellation->name + ":" + name), [parcellation, name, source, experiment] {
    return core::roiTarget(*parcellation, name, {core::Hemisphere::Left, core::Hemisphere::Right},
                           experiment->columns, source);
  });
}

void SelectivityController::selectDisc(int hemisphere, int vertex) {
  const auto& study = adapter_->study();
  if (!study || !study->experiment()) return;
  const auto side = hemisphere == 0 ? core::Hemisphere::Left : core::Hemisphere::Right;
  const auto surface = study->referenceSurface(side);
  if (!surface) return;
  const auto experiment = study->experiment();
  const float radius = panel_->model().discRadiusMm();
  request(tr("disc %1:%2 r=%3 mm").arg(QString::fromStdString(core::toString(side))).arg(vertex).arg(radius),
          [surface, side, vertex, radius, experiment] {
            return core::discTarget(*surface, side, vertex, radius, experiment->columns);
          });
}

void SelectivityController::recomputeCurrent() {
  if (!lastTarget_) return;
  const auto target = *lastTarget_;
  request(QString::fromStdString(target.describe()), [target] { return target; });
}

void SelectivityController::showImage(int index) {
  const auto& study = adapter_->study();
  if (!context_ || !study || index < 0) return;
  struct Shown {
    std::shared_ptr<core::SurfaceLayer> layer;
    QImage image;
  };
  if (imageJob_) jobs_->cancel(imageJob_);
  const auto name = imageName(*context_, std::size_t(index));
  imageJob_ = jobs_->runForResult<Shown>(
      tr("Predicted response to %1").arg(name),
      [context = context_, snapshot = study->snapshot(), index, name](const core::JobContext&) {
        Shown shown;
        shown.layer = core::predictedResponseLayer(snapshot, context->experiment->columns, context->models->encoder,
                                                   context->models->stimulusEmbedding, std::size_t(index),
                                                   name.toStdString());
        shown.image = widgets::toQImage(context->experiment->stimuli->image(std::size_t(index)));
        return shown;
      },
      [this, study, index, name](Shown shown) {
        if (adapter_->study() != study) return;
        const QString caption = std::size_t(index) < context_->captions.size()
                                    ? QString::fromStdString(context_->captions[std::size_t(index)])
                                    : QString();
        panel_->showLargeImage(shown.image, tr("<b>Image %1</b><br>%2<br><small>Its predicted response is the layer "
                                               "\u201c%3\u201d.</small>")
                                                .arg(index)
                                                .arg(caption.toHtmlEscaped(),
                                                     QString::fromStdString(shown.layer->name).toHtmlEscaped()));
        // One predicted-response layer at a time: the previous one is replaced, not stacked.
        if (predictedLayer_ && study->findLayer(predictedLayer_)) study->removeLayer(predictedLayer_);
        try {
          predictedLayer_ = study->addLayer(shown.layer, core::scalarDisplayFor(*shown.layer));
        } catch (const std::invalid_argument& e) {  // the surfaces changed their vertex count meanwhile
          panel_->showStatus(QString::fromStdString(e.what()));
          return;
        }
        Q_EMIT predictedResponseShown(predictedLayer_);
      });
}

bool SelectivityController::computeMaps(int clusters) {
  const auto study = adapter_->study();
  if (!context_ || !study) {
    panel_->showStatus(tr("The selectivity maps need the study's models: wait until the explorer is ready."));
    return false;
  }
  if (mapsJob_) jobs_->cancel(mapsJob_);
  core::SelectivityMapOptions options;
  options.captionMap.clusters = static_cast<std::size_t>(std::max(2, clusters));
  mapsJob_ = jobs_->runForResult<std::shared_ptr<core::SelectivityMapLayers>>(
      tr("Caption map (k = %1) and category selectivity maps").arg(clusters),
      [context = context_, snapshot = study->snapshot(), options](const core::JobContext& job) {
        const auto lh = snapshot.referenceSurface(core::Hemisphere::Left);
        const auto rh = snapshot.referenceSurface(core::Hemisphere::Right);
        return std::make_shared<core::SelectivityMapLayers>(
            core::computeSelectivityMapLayers(context->inputs(), {lh.get(), rh.get()}, options, job));
      },
      [this, study](std::shared_ptr<core::SelectivityMapLayers> maps) {
        if (adapter_->study() != study) return;
        // A second run replaces the first: its layers go, and its caption map's ROI set takes the new data.
        for (const auto id : mapLayers_)
          if (study->findLayer(id)) study->removeLayer(id);
        mapLayers_.clear();
        try {
          auto captionMap = std::make_shared<core::Parcellation>(std::move(maps->captionMap));
          const auto& sets = study->roiSets();
          const auto previous = std::find_if(sets.begin(), sets.end(), [&](const core::RoiSetEntry& entry) {
            return !mapRoiSetName_.empty() && entry.data->name == mapRoiSetName_;
          });
          mapRoiSetName_ = captionMap->name;
          if (previous != sets.end())
            study->setRoiSetData(static_cast<std::size_t>(previous - sets.begin()), captionMap);
          else
            study->addRoiSet(captionMap);
          for (auto& layer : maps->scalars) {
            auto shared = std::make_shared<core::SurfaceLayer>(std::move(layer));
            auto display = core::scalarDisplayFor(*shared);
            display.visible = false;  // many layers: the user picks which to look at in the Layers dock
            mapLayers_.push_back(study->addLayer(shared, display));
          }
        } catch (const std::invalid_argument& e) {  // the surfaces changed their vertex count meanwhile
          panel_->showStatus(QString::fromStdString(e.what()));
          return;
        }
        panel_->showStatus(tr("Caption map added as an ROI set and %1 category maps as layers (hidden: tick one in "
                              "the Layers dock)").arg(mapLayers_.size()));
        Q_EMIT mapsShown(static_cast<int>(mapLayers_.size()));
      });
  return true;
}

}  // namespace vl::app
