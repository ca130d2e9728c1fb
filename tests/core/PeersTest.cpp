// With VOXELLENS_REQUIRE_PEERS=1 (CI) a missing peer fails the test that needed it instead of skipping it.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "tests/support/Peers.h"

namespace {
// Sets VOXELLENS_REQUIRE_PEERS for one scope and restores what was there, even when an assertion ends the test.
class RequirePeers {
public:
  explicit RequirePeers(const char* value) {
    if (const char* old = std::getenv("VOXELLENS_REQUIRE_PEERS")) old_ = old;
    if (value) ::setenv("VOXELLENS_REQUIRE_PEERS", value, 1);
    else ::unsetenv("VOXELLENS_REQUIRE_PEERS");
  }
  ~RequirePeers() {
    if (old_) ::setenv("VOXELLENS_REQUIRE_PEERS", old_->c_str(), 1);
    else ::unsetenv("VOXELLENS_REQUIRE_PEERS");
  }

private:
  std::optional<std::string> old_;
};

void missingPeer() { VL_PEER_MISSING("no such peer"); }
}  // namespace

TEST(Peers, AMissingPeerFailsWhenPeersAreRequired) {
  RequirePeers required("1");
  EXPECT_TRUE(vl::testing::peersRequired());
  EXPECT_FATAL_FAILURE(missingPeer(), "peer required (VOXELLENS_REQUIRE_PEERS=1): no such peer");
}

TEST(Peers, OnlyTheValueOneRequiresThem) {
  {
    RequirePeers unset(nullptr);
    EXPECT_FALSE(vl::testing::peersRequired());
  }
  RequirePeers zero("0");
  EXPECT_FALSE(vl::testing::peersRequired());
}
