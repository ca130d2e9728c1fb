// Where the cache goes: XDG_CACHE_HOME when it is an absolute path, else HOME/.cache. The test suite relies on the
// first rule to keep its cache in the build tree (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/io/CachePaths.h"
#include "tests/support/ScopedVariable.h"
#include "tests/support/TempDir.h"

namespace {
using vl::fixtures::ScopedVariable;
}  // namespace

TEST(CachePaths, XdgCacheHomeWinsAndHomeIsNotWritten) {
  vl::fixtures::TempDir home, cache;
  ScopedVariable homeVariable("HOME", home.path.c_str());
  ScopedVariable cacheVariable("XDG_CACHE_HOME", cache.path.c_str());
  EXPECT_EQ(vl::core::cacheDirectory(), cache.path / "voxellens");
  EXPECT_TRUE(std::filesystem::is_directory(cache.path / "voxellens"));
  EXPECT_FALSE(std::filesystem::exists(home.path / ".cache"));
}

TEST(CachePaths, WithoutXdgCacheHomeTheCacheIsInHome) {
  vl::fixtures::TempDir home;
  ScopedVariable homeVariable("HOME", home.path.c_str());
  ScopedVariable cacheVariable("XDG_CACHE_HOME", nullptr);
  EXPECT_EQ(vl::core::cacheDirectory(), home.path / ".cache" / "voxellens");
  EXPECT_TRUE(std::filesystem::is_directory(home.path / ".cache" / "voxellens"));
}

// The XDG base directory rules ignore a relative path: it would put the cache wherever the program was started.
TEST(CachePaths, RelativeXdgCacheHomeIsIgnored) {
  vl::fixtures::TempDir home;
  ScopedVariable homeVariable("HOME", home.path.c_str());
  ScopedVariable cacheVariable("XDG_CACHE_HOME", "relative/cache");
  EXPECT_EQ(vl::core::cacheDirectory(), home.path / ".cache" / "voxellens");
}

TEST(CachePaths, AFolderThatCannotBeMadeIsAnErrorNamingIt) {
  vl::fixtures::TempDir cache;
  const auto blocker = cache.path / "file";
  {
    std::FILE* f = std::fopen(blocker.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  ScopedVariable cacheVariable("XDG_CACHE_HOME", blocker.c_str());
  try {
    vl::core::cacheDirectory();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((blocker / "voxellens").string()), std::string::npos) << e.what();
  }
}

// The folder chosen in Preferences wins over XDG_CACHE_HOME for the rest of the process; empty goes back to the
// XDG rule; a relative folder is refused rather than followed wherever the program happens to start.
TEST(CachePaths, AChosenFolderWinsAndEmptyRestoresTheXdgRule) {
  vl::fixtures::TempDir chosen, cache;
  ScopedVariable cacheVariable("XDG_CACHE_HOME", cache.path.c_str());
  vl::core::useCacheDirectory(chosen.path / "mine");
  EXPECT_EQ(vl::core::cacheDirectory(), chosen.path / "mine");
  EXPECT_TRUE(std::filesystem::is_directory(chosen.path / "mine"));
  vl::core::useCacheDirectory({});
  EXPECT_EQ(vl::core::cacheDirectory(), cache.path / "voxellens");
  EXPECT_THROW(vl::core::useCacheDirectory("relative/cache"), std::invalid_argument);
  EXPECT_EQ(vl::core::cacheDirectory(), cache.path / "voxellens");
}
