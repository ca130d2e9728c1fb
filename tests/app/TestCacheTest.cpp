// The test suite owns its cache (tests/CMakeLists.txt): every test sees XDG_CACHE_HOME in the build tree, the
// demo_cache fixture has put the demo brain and study there, and the programs started the way a user starts them
// write nothing into HOME's .cache.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/TempDir.h"

namespace fs = std::filesystem;

namespace {
struct Outcome {
  int status = -1;
  std::string output;  // stdout and stderr together, for the failure message
};

Outcome runWithHome(const fs::path& home, const std::string& arguments) {
  const std::string command = "HOME='" + home.string() + "' " + VOXELLENS_BINARY + " " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return outcome;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int raw = ::pclose(pipe);
  outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return outcome;
}

bool isInside(const fs::path& path, const fs::path& folder) {
  const auto relative = fs::weakly_canonical(path).lexically_relative(fs::weakly_canonical(folder));
  return !relative.empty() && *relative.begin() != "..";
}

std::string listing(const fs::path& folder) {
  std::string text;
  if (fs::exists(folder))
    for (const auto& entry : fs::recursive_directory_iterator(folder)) text += entry.path().string() + "\n";
  return text;
}
}  // namespace

TEST(TestCache, EveryTestSeesTheBuildTreesCacheFilledByTheFixture) {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  ASSERT_NE(cache, nullptr) << "CTest sets XDG_CACHE_HOME for every test (tests/CMakeLists.txt)";
  EXPECT_EQ(fs::path(cache), fs::path(VOXELLENS_TEST_CACHE));
  EXPECT_TRUE(isInside(cache, VOXELLENS_BUILD_DIR)) << cache;
  if (const char* home = std::getenv("HOME")) {
    EXPECT_FALSE(isInside(cache, fs::path(home) / ".cache")) << cache;
  }

  // What demo_cache_warm leaves: the demo brain's mesh cache and one complete demo study.
  const fs::path own = fs::path(cache) / "voxellens";
  int meshes = 0, studies = 0;
  for (const auto& entry : fs::directory_iterator(own)) {
    const std::string name = entry.path().filename().string();
    meshes += entry.path().extension() == ".vlmesh";
    studies += name.rfind("demo-study-", 0) == 0 && fs::exists(entry.path() / "study.json");
  }
  EXPECT_GE(meshes, 1) << listing(own);
  EXPECT_EQ(studies, 1) << listing(own);
}

// HOME points at an empty folder: the front end rendering the demo brain, and the viewer (exec'd voxellens-full:
// Qt, Mesa, fontconfig) drawing it, keep every cache file under XDG_CACHE_HOME.
TEST(TestCache, TheProgramsWriteNothingIntoHomesCache) {
  vl::fixtures::TempDir home, out;
  const auto render = runWithHome(home.path, "render --demo --size 64x48 -o " + (out.path / "brain.png").string());
  EXPECT_EQ(render.status, 0) << render.output;
  const auto viewer = runWithHome(home.path, "--brain-only --screenshot " + (out.path / "window.png").string());
  EXPECT_EQ(viewer.status, 0) << viewer.output;
  EXPECT_TRUE(fs::exists(out.path / "brain.png"));
  EXPECT_TRUE(fs::exists(out.path / "window.png"));
  EXPECT_FALSE(fs::exists(home.path / ".cache")) << listing(home.path / ".cache");
}
