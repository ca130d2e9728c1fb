#include "app/SynthesisInputs.h"

#include <stdexcept>

#include "core/fitting/StudyEmbedder.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"

namespace vl::app {

std::shared_ptr<widgets::SynthesisPanelInputs> makeSynthesisInputs(const core::Experiment& experiment,
                                                                   std::shared_ptr<const core::StudyModels> models) {
  auto inputs = std::make_shared<widgets::SynthesisPanelInputs>();
  inputs->models = std::move(models);
  inputs->bundles.embedder = core::studyImageEmbedder();
  const auto dimension = core::ImageEmbedder(inputs->bundles.embedder).dimension();
  core::BundleCatalog catalog;
  inputs->bundles.generator = catalog.firstUsableOfDimension(core::ModelKind::Generator, dimension, true);
  if (!inputs->bundles.generator)
    throw std::runtime_error("no generator bundle takes the image embedder's " + std::to_string(dimension) +
                             "-value embedding: synthesis needs one");
  inputs->judge = catalog.firstUsableOfDimension(core::ModelKind::ImageClassifier, 0, true);
  inputs->text = catalog.firstUsableOfDimension(core::ModelKind::TextEmbedder, dimension, false);
  if (const auto& stimuli = experiment.stimuli)
    for (std::size_t i = 0; i < stimuli->count(); ++i) inputs->captions.push_back(stimuli->caption(i));
  inputs->studyPath = experiment.manifest.folder.string();
  inputs->studyName = experiment.manifest.name;
  return inputs;
}

}  // namespace vl::app
