#pragma once
// What the Optimal stimuli dock needs from an open study once its models are ready: the fitted models, the image
// embedder they were fitted with, a generator of that embedding's size, the category judge, the text encoder of the
// same space (zero-shot categories) and the bank's captions. Loading bundles reads TorchScript files: call it from
// a background job.
#include <memory>

#include "core/fitting/StudyModelPipeline.h"
#include "core/study/Experiment.h"
#include "widgets/SynthesisPanel.h"

namespace vl::app {

// Throws std::runtime_error when no generator matches the embedder (synthesis in latent space needs one).
std::shared_ptr<widgets::SynthesisPanelInputs> makeSynthesisInputs(const core::Experiment& experiment,
                                                                   std::shared_ptr<const core::StudyModels> models);

}  // namespace vl::app
