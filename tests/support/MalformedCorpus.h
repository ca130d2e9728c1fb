#pragma once
// Runs every sample of tests/data/malformed whose name starts with `prefix` through `read`, which must throw
// FormatError naming that file; `more` may check the error further. Returns how many samples there were.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "core/base/FormatError.h"

namespace vl::fixtures {

inline int expectMalformedSamplesRejected(const std::string& prefix,
                                          const std::function<void(const std::filesystem::path&)>& read,
                                          const std::function<void(const core::FormatError&)>& more = {}) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(VOXELLENS_TEST_DATA) / "malformed")) {
    const auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    ++count;
    SCOPED_TRACE(name);
    try {
      read(entry.path());
      ADD_FAILURE() << "accepted " << name;
    } catch (const core::FormatError& e) {
      EXPECT_EQ(e.file(), entry.path());
      EXPECT_FALSE(e.problem().empty());
      if (more) more(e);
    }
  }
  return count;
}

}  // namespace vl::fixtures
