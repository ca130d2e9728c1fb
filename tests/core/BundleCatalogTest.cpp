// Finding bundles: user folders, $VOXELLENS_PLUGINS, nesting, broken and shadowed bundles, loading on demand.
#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>

#include "core/base/FormatError.h"
#include "core/ml/BundleCatalog.h"
#include "tests/support/ScopedVariable.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

using namespace vl::core;
namespace fx = vl::fixtures;

namespace {
std::vector<std::string> names(const std::vector<BundleListing>& listings) {
  std::vector<std::string> result;
  for (const auto& listing : listings) result.push_back(listing.manifest ? listing.manifest->name : "?");
  return result;
}
}  // namespace

TEST(BundleCatalog, SearchOrderIsUserThenEnvironmentThenBuiltIn) {
  const fx::ScopedVariable environment("VOXELLENS_PLUGINS", "/a/b::/c");
  const auto paths = bundleSearchPaths({"/user"});
  ASSERT_EQ(paths.size(), 4u);
  EXPECT_EQ(paths[0], "/user");
  EXPECT_EQ(paths[1], "/a/b");
  EXPECT_EQ(paths[2], "/c");
  EXPECT_EQ(paths[3], builtInPluginDir());
  EXPECT_EQ(builtInPluginDir().filename(), "plugins");
}

// An installed executable finds the bundles installed beside it (bin/../share/voxellens/plugins) wherever the
// install was unpacked; the source tree's plugins/ serves executables of the build tree only.
TEST(BundleCatalog, BuiltInBundlesAreTheInstalledOnesBesideAnInstalledExecutable) {
  fx::TempDir dir;
  const auto prefix = dir.path / "staging" / "usr";
  std::filesystem::create_directories(prefix / "bin");
  std::filesystem::create_directories(prefix / "share" / "voxellens" / "plugins");
  EXPECT_EQ(builtInPluginDirFor(prefix / "bin" / "voxellens-full"), prefix / "share" / "voxellens" / "plugins");
}

TEST(BundleCatalog, AnExecutableOutsideTheBuildTreeWithoutInstalledBundlesHasNone) {
  fx::TempDir dir;
  std::filesystem::create_directories(dir.path / "usr" / "bin");
  EXPECT_TRUE(builtInPluginDirFor(dir.path / "usr" / "bin" / "voxellens-full").empty());
}

TEST(BundleCatalog, TheBuildTreeUsesTheSourceTreesBundles) {
  const auto fromThisTest = builtInPluginDir();  // this test executable lies in the build tree
  EXPECT_EQ(fromThisTest.filename(), "plugins");
  EXPECT_TRUE(std::filesystem::is_regular_file(fromThisTest / "README.md"));
  EXPECT_TRUE(std::filesystem::exists(fromThisTest / "demo" / "image-encoder" / "model.json"));
}

TEST(BundleCatalog, ListsNestedBundlesWithoutLoadingThem) {
  fx::TempDir dir;
  const auto root = dir.path / "mine";
  fx::writeTextEmbedder(root / "set" / "text");
  fx::writeImageEmbedder(root / "set" / "image");
  fx::writeGenerator(root / "a-generator");
  fx::writeImageEmbedder(root / "x" / "y" / "z" / "too-deep");  // four levels below the search folder
  fx::writeImageEmbedder(root / ".hidden");
  // Broken ones are listed with the reason, not skipped.
  fx::writeManifest(root / "broken", {{"format", "voxellens-model"}});
  fx::writeImageEmbedder(root / "no-weights");
  std::filesystem::remove(root / "no-weights" / "model.pt");
  // A corrupt model.pt is only found when the bundle is loaded: listing never reads weights.
  fx::writeBrainDecoder(root / "corrupt");
  fx::writeText(root / "corrupt" / "model.pt", "not a zip archive");

  const auto listings = scanBundles({root});
  EXPECT_EQ(names(listings), (std::vector<std::string>{"test-generator", "?", "test-decoder", "test-image",
                                                       "test-image", "test-text"}));
  EXPECT_TRUE(listings[0].usable());
  EXPECT_FALSE(listings[1].usable());
  EXPECT_NE(listings[1].problem.find("(version): missing"), std::string::npos) << listings[1].problem;
  EXPECT_TRUE(listings[2].usable());
  EXPECT_NE(listings[3].problem.find("file not found"), std::string::npos) << listings[3].problem;
  EXPECT_TRUE(listings[4].usable());
  EXPECT_EQ(listings[4].folder, root / "set" / "image");

  // A search folder that is itself a bundle.
  EXPECT_EQ(names(scanBundles({root / "set" / "text"})), (std::vector<std::string>{"test-text"}));
}

TEST(BundleCatalog, EarlierFoldersShadowLaterOnesAndLoadingIsOnDemand) {
  fx::TempDir dir;
  fx::writeImageEmbedder(dir.path / "user" / "image");
  fx::writeImageEmbedder(dir.path / "env" / "image");
  fx::writeTextEmbedder(dir.path / "env" / "text");
  fx::writeBrainDecoder(dir.path / "env" / "corrupt");
  fx::writeText(dir.path / "env" / "corrupt" / "model.pt", "not a zip archive");
  const fx::ScopedVariable environment("VOXELLENS_PLUGINS", (dir.path / "env").string());

  BundleCatalog catalog({dir.path / "user", dir.path / "user"});  // the same folder twice is listed once
  const auto& listings = catalog.listings();
  ASSERT_GE(listings.size(), 4u);
  ASSERT_NE(catalog.find("test-image"), nullptr);
  EXPECT_EQ(catalog.find("test-image")->folder, dir.path / "user" / "image");
  const auto shadowed = std::find_if(listings.begin(), listings.end(), [&](const BundleListing& listing) {
    return listing.folder == dir.path / "env" / "image";
  });
  ASSERT_NE(shadowed, listings.end());
  EXPECT_NE(shadowed->problem.find("taken by"), std::string::npos) << shadowed->problem;
  // The built-in plugins/ folder may ship its own (the demo bundles); count the text embedders of this test's folders.
  const auto textEmbedders = catalog.usableOfKind(ModelKind::TextEmbedder);
  EXPECT_EQ(std::count_if(textEmbedders.begin(), textEmbedders.end(),
                          [&](const BundleListing* listing) { return listing->folder.string().starts_with(dir.path.string()); }),
            1);

  const auto first = catalog.load("test-text");
  EXPECT_EQ(catalog.load("test-text"), first);  // loaded once
  EXPECT_EQ(first->kind(), ModelKind::TextEmbedder);
  EXPECT_THROW(catalog.load("no-such-model"), std::invalid_argument);
  EXPECT_THROW(catalog.load("test-decoder"), FormatError);
}
