#include "core/ml/BundleCatalog.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;
constexpr int kMaxDepth = 3;

bool isBundle(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / "model.json", error);
}

void collect(const fs::path& folder, int depth, std::vector<fs::path>& bundles) {
  if (isBundle(folder)) {
    bundles.push_back(folder);
    return;
  }
  if (depth >= kMaxDepth) return;
  std::error_code error;
  std::vector<fs::path> children;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    std::error_code typeError;
    if (!name.empty() && name[0] != '.' && it->is_directory(typeError)) children.push_back(it->path());
  }
  std::sort(children.begin(), children.end());
  for (const auto& child : children) collect(child, depth + 1, bundles);
}

BundleListing describe(const fs::path& folder) {
  BundleListing listing;
  listing.folder = folder;
  try {
    listing.manifest = readModelManifest(folder);
  } catch (const FormatError& error) {
    listing.problem = error.what();
    return listing;
  }
  const ModelManifest& manifest = *listing.manifest;
  std::error_code error;
  if (!fs::is_regular_file(manifest.torchscript, error))
    listing.problem = manifest.file.string() + " (torchscript): file not found: " + manifest.torchscript.string();
  else if (!torchVersionSupported(manifest))
    listing.problem = manifest.file.string() + " (torch_version): exported with torch " + manifest.torchVersion +
                      ", newer than this LibTorch";
  return listing;
}
}  // namespace

fs::path builtInPluginDirFor(const fs::path& executable) {
  std::error_code error;
#ifdef VOXELLENS_INSTALLED_PLUGIN_DIR
  const fs::path installed = (executable.parent_path() / VOXELLENS_INSTALLED_PLUGIN_DIR).lexically_normal();
  if (fs::is_directory(installed, error)) return installed;
#endif
#if defined(VOXELLENS_PLUGIN_DIR) && defined(VOXELLENS_BUILD_DIR)
  const auto relative = executable.lexically_normal().lexically_relative(fs::path(VOXELLENS_BUILD_DIR));
  if (!relative.empty() && *relative.begin() != "..") return fs::path(VOXELLENS_PLUGIN_DIR);
#endif
  return {};
}

fs::path builtInPluginDir() {
  std::error_code error;
  const auto executable = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : builtInPluginDirFor(executable);
}

std::vector<fs::path> bundleSearchPaths(const std::vector<fs::path>& userDirs) {
  std::vector<fs::path> paths(userDirs.begin(), userDirs.end());
  if (const char* variable = std::getenv("VOXELLENS_PLUGINS")) {
    const std::string text = variable;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto colon = std::min(text.find(':', start), text.size());
      if (colon > start) paths.emplace_back(text.substr(start, colon - start));
      start = colon + 1;
    }
  }
  if (const auto builtIn = builtInPluginDir(); !builtIn.empty()) paths.push_back(builtIn);
  return paths;
}

std::vector<BundleListing> scanBundles(const std::vector<fs::path>& searchPaths) {
  std::vector<BundleListing> listings;
  std::set<fs::path> seenFolders;
  std::set<std::string> usableNames;
  for (const auto& root : searchPaths) {
    std::error_code error;
    if (!fs::is_directory(root, error)) continue;
    std::vector<fs::path> folders;
    collect(root, 0, folders);
    for (const auto& folder : folders) {
      const auto canonical = fs::weakly_canonical(folder, error);
      if (!seenFolders.insert(error ? folder : canonical).second) continue;
      BundleListing listing = describe(folder);
      if (listing.usable() && !usableNames.insert(listing.manifest->name).second) {
        const auto first = std::find_if(listings.begin(), listings.end(), [&](const BundleListing& other) {
          return other.usable() && other.manifest->name == listing.manifest->name;
        });
        listing.problem = "the name '" + listing.manifest->name + "' is taken by " + first->folder.string() +
                          ", found earlier in the search path";
      }
      listings.push_back(std::move(listing));
    }
  }
  return listings;
}

BundleCatalog::BundleCatalog(std::vector<fs::path> userDirs) : userDirs_(std::move(userDirs)) { rescan(); }

void BundleCatalog::rescan() {
  std::lock_guard lock(mutex_);
  listings_ = scanBundles(bundleSearchPaths(userDirs_));
  loaded_.clear();
}

const BundleListing* BundleCatalog::find(std::string_view name) const {
  for (const auto& listing : listings_)
    if (listing.usable() && listing.manifest->name == name) return &listing;
  return nullptr;
}

std::vector<const BundleListing*> BundleCatalog::usableOfKind(ModelKind kind) const {
  std::vector<const BundleListing*> result;
  for (const auto& listing : listings_)
    if (listing.usable() && listing.manifest->kind == kind) result.push_back(&listing);
  return result;
}

std::shared_ptr<const ModelBundle> BundleCatalog::load(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (const auto found = loaded_.find(name); found != loaded_.end()) return found->second;
  const BundleListing* listing = find(name);
  if (!listing) throw std::invalid_argument("no usable model bundle named '" + std::string(name) + "'");
  auto bundle = ModelBundle::load(listing->folder);
  loaded_.emplace(std::string(name), bundle);
  return bundle;
}

std::shared_ptr<const ModelBundle> BundleCatalog::loadNameOrFolder(const std::string& nameOrFolder) {
  std::error_code error;
  if (std::filesystem::is_directory(nameOrFolder, error)) return ModelBundle::load(nameOrFolder);
  return load(nameOrFolder);
}

std::shared_ptr<const ModelBundle> BundleCatalog::firstUsableOfDimension(ModelKind kind, std::size_t dimension,
                                                                          bool byInput) {
  for (const auto* listing : usableOfKind(kind)) {
    const auto& shape = byInput ? listing->manifest->input.shape : listing->manifest->output.shape;
    if (dimension == 0 || (shape.size() == 2 && std::size_t(shape[1]) == dimension))
      return load(listing->manifest->name);
  }
  return nullptr;
}

}  // namespace vl::core
