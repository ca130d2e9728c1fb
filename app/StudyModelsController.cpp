#include "app/StudyModelsController.h"

#include <algorithm>
#include <cmath>

#include "core/study/StudyImport.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/study/Experiment.h"
#include "widgets/JobRunner.h"

namespace vl::app {

namespace {

struct PreparedModels {
  std::shared_ptr<const core::StudyModels> models;
  std::shared_ptr<core::SurfaceLayer> encoderLayer;  // test R^2 spread over every vertex
};

// Spreads the per-column R^2 over the vertices along the edges of each hemisphere's reference surface (white by
// default), whose geodesics do not jump across a sulcus.
std::shared_ptr<core::SurfaceLayer> encoderLayer(const core::StudySnapshot& study, const core::Experiment& experiment,
                                                 const core::StudyModels& models) {
  auto layer = std::make_shared<core::SurfaceLayer>();
  // Says which responses the score is on (repeat means for the demo and NSD test images).
  const std::string data = models.encoder.testData.empty() ? "" : " on " + models.encoder.testData;
  layer->name = std::string(StudyModelsController::kEncoderLayerPrefix) + data + ", " + models.embedderName;
  const std::vector<float> perColumn(models.encoder.testR2.begin(), models.encoder.testR2.end());
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto surface = study.referenceSurface(side);
    if (!surface || experiment.columns.columnCount(side) == 0) continue;
    layer->valuesFor(side) = experiment.columns.spreadToVertices(perColumn, *surface);
  }
  return layer;
}

core::LayerDisplay encoderDisplay(const core::SurfaceLayer& layer) {
  core::LayerDisplay display = core::scalarDisplayFor(layer);
  display.colourMap = "inferno";
  display.symmetric = false;
  display.rangeMin = 0.0;
  display.rangeMax = std::max(0.05, display.rangeMax);
  display.thresholdMode = core::ThresholdMode::Value;
  display.threshold = 0.05;  // R^2 below 5% is at the noise level of 300 test images: let the folding show
  return display;
}

}  // namespace

StudyModelsController::StudyModelsController(widgets::JobRunner* jobs, QObject* parent)
    : QObject(parent), jobs_(jobs) {}

void StudyModelsController::studyOpened(const std::shared_ptr<core::Study>& study) {
  if (job_) jobs_->cancel(job_);
  job_ = 0;
  models_.reset();
  study_ = study;
  if (!study || !study->experiment()) return;
  const auto experiment = study->experiment();
  if (!experiment->stimuli || !experiment->train || !experiment->test) return;
  // The job reads a snapshot, never the Study: Inflate may replace the study's surfaces while it runs.
  job_ = jobs_->runForResult<PreparedModels>(
      tr("Encoder and decoder"),
      [snapshot = study->snapshot(), experiment](const core::JobContext& context) {
        context.report(0.0, "Loading the image embedder");
        const core::ImageEmbedder embedder(core::studyImageEmbedder());
        PreparedModels prepared;
        auto models = std::make_shared<core::StudyModels>(core::prepareStudyModels(*experiment, embedder, context));
        prepared.encoderLayer = encoderLayer(snapshot, *experiment, *models);
        prepared.models = std::move(models);
        return prepared;
      },
      [this, study](PreparedModels prepared) {
        job_ = 0;
        if (study_.lock() != study) return;  // another study was opened meanwhile
        models_ = prepared.models;
        try {
          study->addLayer(prepared.encoderLayer, encoderDisplay(*prepared.encoderLayer));
        } catch (const std::invalid_argument& e) {  // the study's surfaces changed their vertex count meanwhile
          Q_EMIT modelsFailed(QString::fromStdString(e.what()));
          return;
        }
        const auto& decoder = models_->decoder;
        const auto& encoder = models_->encoder;
        const auto testData =
            QString::fromStdString(encoder.testData.empty() ? "unstated data" : encoder.testData);
        const auto origin = models_->fromCache ? tr("from the cache") : tr("fitted now");
        const auto embedder = QString::fromStdString(models_->embedderName);
        const auto testImages = static_cast<qulonglong>(std::min<std::size_t>(300, decoder.testImages));
        Q_EMIT modelsReady(
            tr("Decoder top-1 %1 among %2 test images (chance %3), 2-way %4; encoder on %5 columns; %6, %7")
                .arg(decoder.topOne, 0, 'f', 3)
                .arg(testImages)
                .arg(decoder.topOneChance, 0, 'f', 4)
                .arg(decoder.twoWay, 0, 'f', 3)
                .arg(encoder.testR2.size())
                .arg(embedder, origin),
            tr("Models (%1, %2): encoder on %3 columns (CV R\u00b2 by %8 on %9, test R\u00b2 on %10); "
               "decoder top-1 %4 of %5 test images on %10 (chance %6; image -> brain %11), 2-way %7")
                .arg(embedder, origin)
                .arg(encoder.testR2.size())
                .arg(decoder.topOne, 0, 'f', 3)
                .arg(testImages)
                .arg(decoder.topOneChance, 0, 'f', 4)
                .arg(decoder.twoWay, 0, 'f', 3)
                .arg(QString::fromStdString(encoder.selection))
                .arg(QString::fromStdString(encoder.cvData.empty() ? "unstated data" : encoder.cvData))
                .arg(testData)
                .arg(decoder.topOneImageToBrain, 0, 'f', 3));
      });
}

}  // namespace vl::app
