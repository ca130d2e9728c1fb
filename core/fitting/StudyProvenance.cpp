#include "core/fitting/StudyProvenance.h"

#include <string>

#include "core/ml/Sha256.h"

namespace vl::core {

SelectionProvenance studyProvenance(const std::filesystem::path& studyFolder, const Experiment& experiment,
                                    const StudyModels& models,
                                    const std::vector<std::shared_ptr<const ModelBundle>>& bundles) {
  SelectionProvenance provenance;
  provenance.studyPath = std::filesystem::absolute(studyFolder).string();
  provenance.studyName = experiment.manifest.name;
  provenance.responsesHash = experiment.manifest.responsesHash;
  provenance.fitCacheKey = models.cacheFolder.string();
  provenance.fitCv = models.encoder.selection;
  for (const auto& bundle : bundles)
    if (bundle)
      provenance.models.push_back({bundle->name(), std::string(modelKindName(bundle->kind())),
                                   sha256HexOfFile(bundle->manifest().torchscript)});
  return provenance;
}

}  // namespace vl::core
