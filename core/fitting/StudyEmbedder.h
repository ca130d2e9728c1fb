#pragma once
// Which image embedder a study's models are fitted with, for the window and `voxellens fit-study` alike.
#include <memory>
#include <string>

#include "core/ml/ModelBundle.h"

namespace vl::core {

// `nameOrFolder`: a bundle folder, or the name of a usable bundle on the search path (BundleCatalog.h); empty:
// the first usable image embedder on the search path. Throws std::invalid_argument when there is none or the
// bundle is not an image embedder, FormatError when it fails to load.
std::shared_ptr<const ModelBundle> studyImageEmbedder(const std::string& nameOrFolder = {});

}  // namespace vl::core
