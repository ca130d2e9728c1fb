#pragma once
// A folder of its own for one test, removed with everything in it when the test ends.
#include <stdlib.h>

#include <filesystem>

namespace vl::fixtures {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char pattern[] = "/tmp/voxellens-test-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace vl::fixtures
