#pragma once
// What the selectivity explorer needs once per study before any click is answered in milliseconds: the fitted
// encoder and the stimulus embedding (the study models), the bank's captions embedded by a text encoder of the
// image embedder's space, and the bank's contrast-energy grid for receptive fields. The CLI (`voxellens select`)
// and the window's selectivity panel build it with the same function, so both give the same answer.
#include <memory>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/jobs/JobContext.h"
#include "core/ml/ModelBundle.h"
#include "core/selectivity/SelectionJson.h"
#include "core/selectivity/TargetSelection.h"
#include "core/study/Experiment.h"

namespace vl::core {

struct SelectionContext {
  std::shared_ptr<const Experiment> experiment;
  std::shared_ptr<const StudyModels> models;
  std::vector<std::string> captions;      // one per stimulus; empty when the bank has no captions
  std::vector<std::string> captionTexts;  // the distinct captions, in the order of captionEmbedding's rows
  Matrix captionEmbedding;                // empty without a text encoder of the image embedder's dimension
  std::string captionNote;                // why there is no caption, when there is none
  ContrastEnergyGrid contrastEnergy;
  std::shared_ptr<const ModelBundle> textEncoder;  // the text encoder the captions went through, or null
  std::shared_ptr<const ModelBundle> captioner;    // an installed captioner of the embedding's size, or null

  // Views into this object: valid while it lives.
  SelectionInputs inputs() const;
};

// Throws std::invalid_argument when the experiment has no stimuli. Progress: captions 0-50%, contrast energy
// 50-100%. `embeddingDimension`: the image embedder's output size (a text encoder must match it).
// The first usable captioner bundle (plugins/, $VOXELLENS_PLUGINS) whose input is an embedding of this size, or null.
std::shared_ptr<const ModelBundle> matchingCaptioner(std::size_t embeddingDimension);

SelectionContext makeSelectionContext(std::shared_ptr<const Experiment> experiment,
                                      std::shared_ptr<const StudyModels> models, std::size_t embeddingDimension,
                                      const JobContext& context = {});

}  // namespace vl::core
