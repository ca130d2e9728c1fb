#pragma once
// Tests that compare with a peer program (wb_command, nibabel, scikit-learn) or a Debian data package: without it a
// developer's run skips them, but CI sets VOXELLENS_REQUIRE_PEERS=1 (.ci/run), and there a missing peer fails the
// test, so a green CI run always means the comparison was made.
//
//   if (!peerAvailable) VL_PEER_MISSING("wb_command is not installed (Debian: connectome-workbench)");
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace vl::testing {
inline bool peersRequired() {
  const char* value = std::getenv("VOXELLENS_REQUIRE_PEERS");
  return value && std::strcmp(value, "1") == 0;
}
}  // namespace vl::testing

// Ends the test: a failure when peers are required, a skip otherwise. Use in the test body (it returns).
#define VL_PEER_MISSING(message)                                                                   \
  do {                                                                                             \
    if (::vl::testing::peersRequired()) GTEST_FAIL() << "peer required (VOXELLENS_REQUIRE_PEERS=1): " << message; \
    GTEST_SKIP() << message;                                                                       \
  } while (0)
