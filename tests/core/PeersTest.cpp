// With VOXELLENS_REQUIRE_PEERS=1 (CI) a missing peer fails the test that needed it instead of skipping it.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "tests/support/Peers.h"
#include "tests/support/ScopedVariable.h"

namespace {
void missingPeer() { VL_PEER_MISSING("no such peer"); }
}  // namespace

TEST(Peers, AMissingPeerFailsWhenPeersAreRequired) {
  vl::fixtures::ScopedVariable required("VOXELLENS_REQUIRE_PEERS", "1");
  EXPECT_TRUE(vl::testing::peersRequired());
  EXPECT_FATAL_FAILURE(missingPeer(), "peer required (VOXELLENS_REQUIRE_PEERS=1): no such peer");
}

TEST(Peers, OnlyTheValueOneRequiresThem) {
  {
    vl::fixtures::ScopedVariable unset("VOXELLENS_REQUIRE_PEERS", nullptr);
    EXPECT_FALSE(vl::testing::peersRequired());
  }
  vl::fixtures::ScopedVariable zero("VOXELLENS_REQUIRE_PEERS", "0");
  EXPECT_FALSE(vl::testing::peersRequired());
}
