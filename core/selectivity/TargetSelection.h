#pragma once
// Everything the selectivity explorer shows for one target, from one call: reliability, preferred images
// (predicted top and bottom, measured top), the BrainSCUBA caption with its nearest bank captions, keywords and the
// receptive field. The CLI (`voxellens select`) and the panels call this; the inputs that cost more than a click
// (the image embedding, the fitted encoder, the caption embedding, the contrast-energy grid) are made once per
// study by the caller.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/selectivity/CaptionProjection.h"
#include "core/selectivity/PreferredImages.h"
#include "core/selectivity/ReceptiveField.h"
#include "core/selectivity/SelectionTarget.h"
#include "core/selectivity/TargetReliability.h"
#include "core/study/Experiment.h"
#include "core/study/FitFolder.h"

namespace vl::core {

struct SelectionInputs {
  const Experiment* experiment = nullptr;
  const FitFolder* encoder = nullptr;
  const Matrix* stimulusEmbedding = nullptr;  // stimuli x features: what the encoder was fitted on
  std::vector<std::string> captions;          // bank captions, one per stimulus (empty when the bank has none)
  // The texts a caption is chosen from (e.g. the bank's distinct captions) and one text-encoder row per text;
  // optional (no caption without them).
  const Matrix* captionEmbedding = nullptr;
  std::vector<std::string> captionTexts;
  const ContrastEnergyGrid* contrastEnergy = nullptr;  // optional
  // A captioner model (embedding -> words) when one is installed for the embedding's space: it captions the
  // target's projected direction instead of the composed nearest captions (which are still listed). Empty: none.
  std::function<std::string(const std::vector<double>& direction)> captioner;
  std::string captionerName;
};

struct SelectionOptions {
  std::size_t topK = 16;      // 1..64
  // Columns weigh by their held-out R^2 in the predicted response and the caption direction (the option;
  // off: every column counts the same, as BrainSCUBA's mean of normalised weights does).
  bool weightByR2 = false;
};

struct SelectionResult {
  SelectionTarget target;
  TargetReliability reliability;
  std::vector<RankedImage> top, bottom, measuredTop;
  std::vector<NearestCaption> nearestCaptions;
  std::string caption;
  std::string captionSource;  // "nearest bank captions" or "captioner <name>"; empty without a caption
  std::vector<Keyword> keywords;
  std::optional<ReceptiveField> receptiveField;
  std::string receptiveFieldData;  // "measured responses" or "predicted responses"
};

// Throws std::invalid_argument for a target without columns (naming it), topK outside 1..64 or missing inputs.
SelectionResult selectTarget(const SelectionInputs& inputs, const SelectionTarget& target,
                             const SelectionOptions& options = {});

}  // namespace vl::core
