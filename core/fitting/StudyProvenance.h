#pragma once
// The provenance object of a result made from a study's models (DESIGN.md: one schema for every result file): the
// study, its responses' hash, the model cache and how the encoder was cross-validated, and every model bundle used
// with its TorchScript checksum. select, select --maps, synth and decode --study all write it.
#include <filesystem>
#include <memory>
#include <vector>

#include "core/fitting/StudyModelPipeline.h"
#include "core/ml/ModelBundle.h"
#include "core/selectivity/SelectionJson.h"
#include "core/study/Experiment.h"

namespace vl::core {

// `bundles`: each bundle used (null entries are skipped), named with its kind and checksum.
SelectionProvenance studyProvenance(const std::filesystem::path& studyFolder, const Experiment& experiment,
                                    const StudyModels& models,
                                    const std::vector<std::shared_ptr<const ModelBundle>>& bundles);

}  // namespace vl::core
