#include "core/selectivity/TargetSelection.h"

#include <cmath>
#include <stdexcept>

namespace vl::core {

SelectionResult selectTarget(const SelectionInputs& inputs, const SelectionTarget& target,
                             const SelectionOptions& options) {
  if (!inputs.experiment || !inputs.encoder || !inputs.stimulusEmbedding)
    throw std::invalid_argument("selection needs the study's responses, its fitted encoder and the stimulus embedding");
  if (target.columns.empty())
    throw std::invalid_argument("the target " + target.describe() +
                                " has no response columns (no fitted column lies inside it)");
  if (options.topK < 1 || options.topK > 64)
    throw std::invalid_argument("top-k is " + std::to_string(options.topK) + "; expected 1..64");
  const Experiment& experiment = *inputs.experiment;
  const Matrix& embedding = *inputs.stimulusEmbedding;

  SelectionResult out;
  out.target = target;
  out.reliability = targetReliability(experiment, *inputs.encoder, embedding, target.columns, options.topK);

  const auto weights = targetWeights(*inputs.encoder, target.columns, options.weightByR2);
  const auto predicted = predictedResponse(embedding, weights);
  const auto fitted = fittedStimuli(experiment, embedding.rows);
  out.top = rankImages(predicted, options.topK, true, fitted);
  out.bottom = rankImages(predicted, options.topK, false, fitted);
  std::vector<std::size_t> trials;
  const auto measured = measuredResponse(experiment, target.columns, &trials);
  out.measuredTop = rankImages(measured, options.topK, true, fitted, &trials);

  if (!inputs.captions.empty()) {
    std::vector<std::string> ranked;
    for (const auto& image : out.top)
      if (image.index < inputs.captions.size()) ranked.push_back(inputs.captions[image.index]);
    out.keywords = rankWeightedKeywords(ranked);
  }
  if (inputs.captionEmbedding || inputs.captioner) {
    const auto projected = projectTargetDirection(*inputs.encoder, target.columns, embedding, options.weightByR2);
    if (inputs.captionEmbedding) {
      out.nearestCaptions = nearestCaptions(projected, *inputs.captionEmbedding, inputs.captionTexts, 5);
      out.caption = composeCaption(out.nearestCaptions);
      out.captionSource = "nearest bank captions";
    }
    if (inputs.captioner) {
      if (auto generated = inputs.captioner(projected); !generated.empty()) {
        out.caption = std::move(generated);
        out.captionSource = "captioner " + inputs.captionerName;
      }
    }
  }

  if (inputs.contrastEnergy) {
    // Measured responses where the study has them: they see the pixels, the embedding may not keep position.
    std::size_t shown = 0;
    for (double m : measured) shown += !std::isnan(m);
    const bool useMeasured = shown >= 2 && measured.size() == inputs.contrastEnergy->energy.rows;
    const auto& responses = useMeasured ? measured : predicted;
    const int imageSize = experiment.stimuli && experiment.stimuli->count() ? experiment.stimuli->image(0).width : 0;
    const auto fov = experiment.manifest.stimuli ? experiment.manifest.stimuli->fieldOfViewDeg : std::nullopt;
    out.receptiveField = receptiveField(*inputs.contrastEnergy, responses, fov, imageSize);
    out.receptiveFieldData = useMeasured ? "measured responses" : "predicted responses";
  }
  return out;
}

}  // namespace vl::core
