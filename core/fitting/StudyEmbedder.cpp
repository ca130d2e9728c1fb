#include "core/fitting/StudyEmbedder.h"

#include <stdexcept>

#include "core/ml/BundleCatalog.h"
#include "core/ml/ModelManifest.h"

namespace vl::core {

std::shared_ptr<const ModelBundle> studyImageEmbedder(const std::string& nameOrFolder) {
  std::shared_ptr<const ModelBundle> bundle;
  BundleCatalog catalog;
  if (nameOrFolder.empty()) {
    const auto usable = catalog.usableOfKind(ModelKind::ImageEmbedder);
    if (usable.empty())
      throw std::invalid_argument("no usable image embedder bundle was found (searched $VOXELLENS_PLUGINS and " +
                                  builtInPluginDir().string() + ")");
    bundle = catalog.load(usable.front()->manifest->name);
  } else {
    bundle = catalog.loadNameOrFolder(nameOrFolder);
  }
  if (bundle->manifest().kind != ModelKind::ImageEmbedder)
    throw std::invalid_argument(bundle->manifest().folder().string() + ": a " +
                                std::string(modelKindName(bundle->manifest().kind)) +
                                " bundle, not an image embedder");
  return bundle;
}

}  // namespace vl::core
