#pragma once
// Where model bundles are found and which ones are there. Listing reads model.json only (no weights), so the
// GUI and `voxellens models` can show every bundle cheaply; a bundle is loaded (and validated) on first use.
// Search order: directories the user gives, then $VOXELLENS_PLUGINS (colon separated), then the built-in bundles:
// share/voxellens/plugins beside an installed executable (bin/../share/voxellens/plugins), or the plugins/ folder
// of the source tree when the executable runs from the build tree (compile definitions VOXELLENS_PLUGIN_DIR,
// VOXELLENS_BUILD_DIR, VOXELLENS_INSTALLED_PLUGIN_DIR). A directory is a bundle when it holds
// model.json; otherwise bundles are looked for in its subfolders, up to three levels down (plugins/demo/<name>).
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ml/ModelBundle.h"
#include "core/ml/ModelManifest.h"

namespace vl::core {

struct BundleListing {
  std::filesystem::path folder;
  std::optional<ModelManifest> manifest;  // empty when model.json could not be parsed
  // Empty when the manifest is valid, its TorchScript file exists, its torch version is supported and no bundle
  // of the same name comes earlier in the search order; otherwise the reason it cannot be used.
  std::string problem;
  bool usable() const { return manifest.has_value() && problem.empty(); }
};

// The search order described above. Folders that do not exist are kept (scanning skips them).
std::vector<std::filesystem::path> bundleSearchPaths(const std::vector<std::filesystem::path>& userDirs = {});
// The built-in bundles of the running executable (builtInPluginDirFor(/proc/self/exe)).
std::filesystem::path builtInPluginDir();
// The built-in bundles for an executable at that path: the installed folder when it exists beside it, else the
// source tree's plugins/ when the executable lies in the build tree, else empty (an install without bundles must
// not read a source tree that happens to be on the machine).
std::filesystem::path builtInPluginDirFor(const std::filesystem::path& executable);
// Every bundle under the given folders, in search order (alphabetical within one folder), each folder once.
std::vector<BundleListing> scanBundles(const std::vector<std::filesystem::path>& searchPaths);

class BundleCatalog {
public:
  explicit BundleCatalog(std::vector<std::filesystem::path> userDirs = {});

  const std::vector<BundleListing>& listings() const { return listings_; }
  // The usable listing of that name, or nullptr.
  const BundleListing* find(std::string_view name) const;
  std::vector<const BundleListing*> usableOfKind(ModelKind kind) const;
  // Loads and validates on first request, then returns the same bundle. Throws std::invalid_argument for an
  // unknown name and FormatError for a bundle that fails to load. Thread-safe.
  std::shared_ptr<const ModelBundle> load(std::string_view name);
  // What a command's NAME|DIR option names: a bundle folder (loaded from there, even when it is not on the search
  // path) or the name of a usable bundle (load). Throws as load and ModelBundle::load do.
  std::shared_ptr<const ModelBundle> loadNameOrFolder(const std::string& nameOrFolder);
  // The first usable bundle of `kind` whose input (`byInput`) or output has `dimension` values per row, as its
  // manifest declares (0: any), loaded; null when there is none. Pairs bundles with an embedding space: the text
  // encoder and captioner of the explorer, the generator, judge and text encoder of synthesis.
  std::shared_ptr<const ModelBundle> firstUsableOfDimension(ModelKind kind, std::size_t dimension, bool byInput);
  void rescan();

private:
  std::vector<std::filesystem::path> userDirs_;
  std::vector<BundleListing> listings_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ModelBundle>, std::less<>> loaded_;
};

}  // namespace vl::core
