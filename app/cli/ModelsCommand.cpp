#include "app/cli/ModelsCommand.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "core/base/FormatError.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/TorchRuntime.h"

namespace vl::app {

const char* const kModelsHelp =
    "usage: voxellens models [DIR...]\n"
    "       voxellens models --check DIR|NAME\n"
    "Lists the model bundles (folders with model.json + TorchScript, see plugins/README.md) found in DIR..., then\n"
    "in $VOXELLENS_PLUGINS (colon separated), then in the built-in plugins folder: name, kind, input and output\n"
    "shapes, exporter's torch version and whether the manifest is usable. Listing reads model.json only.\n"
    "--check loads one bundle (a folder, or a name found on the search path), verifies its SHA-256 when given,\n"
    "runs a dummy batch through it and prints the result; a bundle that fails is one line on stderr, status 2.\n";

namespace {
void printRow(const std::string& name, const std::string& kind, const std::string& input, const std::string& output,
              const std::string& torch, const std::string& status) {
  std::printf("%-24s %-15s %-24s %-16s %-9s %s\n", name.c_str(), kind.c_str(), input.c_str(), output.c_str(),
              torch.c_str(), status.c_str());
}

int listBundles(const std::vector<std::filesystem::path>& userDirs) {
  for (const auto& dir : userDirs) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) throw UsageError("not a folder: " + dir.string());
  }
  const auto searchPaths = core::bundleSearchPaths(userDirs);
  const auto listings = core::scanBundles(searchPaths);
  std::printf("search path (LibTorch %s):\n", core::torchVersion().c_str());
  for (const auto& path : searchPaths) {
    std::error_code error;
    std::printf("  %s%s\n", path.c_str(), std::filesystem::is_directory(path, error) ? "" : "  (missing)");
  }
  if (listings.empty()) {
    std::printf("no model bundles found\n");
    return 0;
  }
  std::printf("\n");
  printRow("NAME", "KIND", "INPUT", "OUTPUT", "TORCH", "STATUS");
  for (const auto& listing : listings) {
    if (!listing.manifest) {
      printRow(listing.folder.filename().string(), "?", "", "", "", "invalid: " + listing.problem);
      continue;
    }
    const auto& manifest = *listing.manifest;
    const std::string status = listing.usable() ? "ok (not loaded; --check validates) " + listing.folder.string()
                                                : "invalid: " + listing.problem;
    printRow(manifest.name, std::string(core::modelKindName(manifest.kind)),
             manifest.input.shapeText() + " " + std::string(core::tensorDtypeName(manifest.input.dtype)),
             manifest.output.shapeText(), manifest.torchVersion, status);
  }
  return 0;
}

int checkBundle(const std::string& target) {
  std::filesystem::path folder = target;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    const core::BundleCatalog catalog;
    const auto* listing = catalog.find(target);
    if (!listing) throw UsageError("'" + target + "' is neither a bundle folder nor a usable bundle on the search path");
    folder = listing->folder;
  }
  const auto bundle = core::ModelBundle::load(folder);
  const auto& manifest = bundle->manifest();
  std::printf("name:        %s\n", manifest.name.c_str());
  std::printf("kind:        %s\n", std::string(core::modelKindName(manifest.kind)).c_str());
  std::printf("folder:      %s\n", manifest.folder().c_str());
  std::printf("input:       %s %s\n", manifest.input.shapeText().c_str(),
              std::string(core::tensorDtypeName(manifest.input.dtype)).c_str());
  std::printf("output:      %s%s\n", manifest.output.shapeText().c_str(),
              manifest.output.normalized ? " (unit-norm rows)" : "");
  std::printf("torch:       exported with %s, running LibTorch %s\n", manifest.torchVersion.c_str(),
              core::torchVersion().c_str());
  std::printf("sha256:      %s\n", manifest.sha256 ? ("matches " + *manifest.sha256).c_str() : "not given");
  if (!manifest.licence.empty()) std::printf("licence:     %s\n", manifest.licence.c_str());
  std::printf("validation:  %s\n", bundle->validation().summary().c_str());
  return 0;
}
}  // namespace

int runModelsCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--check"});
  if (const auto target = args.value("--check")) {
    if (!args.positional.empty()) throw UsageError("--check takes one bundle; list folders without --check");
    return checkBundle(*target);
  }
  return listBundles({args.positional.begin(), args.positional.end()});
}

}  // namespace vl::app
