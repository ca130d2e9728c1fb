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
  for (const auto* listing : catalog.usableOfKind(core::ModelKind::Generator)) {
    auto bundle = catalog.load(listing->manifest->name);
    if (core::Generator(bundle).inputDimension() == dimension) {
      inputs->bundles.generator = bundle;
      break;
    }
  }
  if (!inputs->bundles.generator)
    throw std::runtime_error("no generator bundle takes the image embedder's " + std::to_string(dimension) +
                             "-value embedding: synthesis needs one");
  for (const auto* listing : catalog.usableOfKind(core::ModelKind::ImageClassifier)) {
    inputs->judge = catalog.load(listing->manifest->name);
    break;
  }
  for (const auto* listing : catalog.usableOfKind(core::ModelKind::TextEmbedder)) {
    auto bundle = catalog.load(listing->manifest->name);
    if (core::TextEmbedder(bundle).dimension() == dimension) {
      inputs->text = bundle;
      break;
    }
  }
  if (experiment.stimuli)
    for (std::size_t i = 0; i < experiment.stimuli->count(); ++i) inputs->captions.push_back(experiment.stimuli->caption(i));
  inputs->studyPath = experiment.manifest.folder.string();
  inputs->studyName = experiment.manifest.name;
  return inputs;
}

}  // namespace vl::app
