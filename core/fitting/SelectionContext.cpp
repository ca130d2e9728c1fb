#include "core/fitting/SelectionContext.h"

#include <algorithm>
#include <stdexcept>

#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"

namespace vl::core {

SelectionInputs SelectionContext::inputs() const {
  SelectionInputs in;
  in.experiment = experiment.get();
  in.encoder = models ? &models->encoder : nullptr;
  in.stimulusEmbedding = models ? &models->stimulusEmbedding : nullptr;
  in.captions = captions;
  in.captionEmbedding = captionEmbedding.empty() ? nullptr : &captionEmbedding;
  in.captionTexts = captionTexts;
  in.contrastEnergy = contrastEnergy.energy.empty() ? nullptr : &contrastEnergy;
  if (captioner) {
    in.captionerName = captioner->name();
    in.captioner = [bundle = captioner](const std::vector<double>& direction) {
      Matrix row(1, direction.size());
      for (std::size_t i = 0; i < direction.size(); ++i) row.data[i] = static_cast<float>(direction[i]);
      const auto captions = Captioner(bundle).caption(row);
      return captions.empty() ? std::string() : captions.front();
    };
  }
  return in;
}

namespace {


}  // namespace

std::shared_ptr<const ModelBundle> matchingCaptioner(std::size_t embeddingDimension) {
  return BundleCatalog().firstUsableOfDimension(ModelKind::Captioner, embeddingDimension, true);
}

SelectionContext makeSelectionContext(std::shared_ptr<const Experiment> experiment,
                                      std::shared_ptr<const StudyModels> models, std::size_t embeddingDimension,
                                      const JobContext& context) {
  if (!experiment || !experiment->stimuli || experiment->stimuli->count() == 0)
    throw std::invalid_argument("the study has no stimulus images to select from");
  SelectionContext out;
  out.experiment = experiment;
  out.models = std::move(models);
  const auto& stimuli = *experiment->stimuli;
  for (std::size_t i = 0; i < stimuli.count(); ++i) out.captions.push_back(stimuli.caption(i));
  if (std::all_of(out.captions.begin(), out.captions.end(), [](const std::string& c) { return c.empty(); }))
    out.captions.clear();

  // Captions through the text encoder; each distinct text once (the demo bank repeats its captions).
  if (!out.captions.empty()) {
    const auto textBundle = BundleCatalog().firstUsableOfDimension(ModelKind::TextEmbedder, embeddingDimension, false);
    if (textBundle) {
      out.captionTexts = out.captions;
      std::sort(out.captionTexts.begin(), out.captionTexts.end());
      out.captionTexts.erase(std::unique(out.captionTexts.begin(), out.captionTexts.end()), out.captionTexts.end());
      out.captionEmbedding = TextEmbedder(textBundle).embed(out.captionTexts, context.slice(0, 0.5));
      out.textEncoder = textBundle;
    } else {
      out.captionNote = "no text embedder of the image embedder's dimension is installed: no caption";
    }
  } else {
    out.captionNote = "the stimulus bank has no captions: no caption";
  }

  out.captioner = matchingCaptioner(embeddingDimension);

  // Images smaller than the grid (tiny test banks) get one cell per pixel.
  const auto first = stimuli.image(0);
  const int grid = std::min({kReceptiveFieldGrid, first.width, first.height});
  out.contrastEnergy = computeContrastEnergy(
      stimuli.count(), [&](std::size_t i) { return stimuli.image(i); }, grid, context.slice(0.5, 1.0));
  return out;
}

}  // namespace vl::core
