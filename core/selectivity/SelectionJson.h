#pragma once
// selection.json: one target's results as `voxellens select` writes them, with the provenance object of the design
// notes (section 10: program, created, study, models, fit, target).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/selectivity/TargetSelection.h"
#include "core/study/StudyManifest.h"

namespace vl::core {

struct ProvenanceModel {
  std::string name, kind, sha256;
};

struct SelectionProvenance {
  std::string studyPath, studyName, responsesHash;
  std::vector<ProvenanceModel> models;
  std::string fitCacheKey, fitCv;
};

// The provenance object (one schema for every result file); `target` is added when given.
nlohmann::json provenanceJson(const SelectionProvenance& provenance, const nlohmann::json& target = nullptr);

nlohmann::json targetJson(const SelectionTarget& target);

// The whole selection.json document. `captions`: the bank's captions (for the images' caption fields).
nlohmann::json selectionJson(const SelectionResult& result, const std::vector<std::string>& captions,
                             const SelectionProvenance& provenance);

// Atomic.
void writeSelectionJson(const std::filesystem::path& file, const nlohmann::json& document);

}  // namespace vl::core
