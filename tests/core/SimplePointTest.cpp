// The (6, 26) simple-point test and the well-composedness check on hand-made 3x3x3 neighbourhoods.
#include <gtest/gtest.h>

#include "core/anatomy/SimplePoint.h"

using namespace vl::core;

namespace {
Neighbourhood with(std::initializer_list<std::array<int, 3>> offsets) {
  Neighbourhood n = 0;
  for (const auto& o : offsets) n |= 1u << neighbourBit(o[0], o[1], o[2]);
  return n;
}
Neighbourhood plane(int z) {
  Neighbourhood n = 0;
  for (int x = -1; x <= 1; ++x)
    for (int y = -1; y <= 1; ++y) n |= 1u << neighbourBit(x, y, z);
  return n;
}
constexpr Neighbourhood kFull = (1u << 27) - 1;
}  // namespace

TEST(SimplePoint, IsolatedVoxelWouldStartANewComponent) {
  EXPECT_EQ(foregroundComponents6(0), 0);
  EXPECT_EQ(backgroundComponents26(0), 1);
  EXPECT_FALSE(isSimplePoint(0));
}

TEST(SimplePoint, OneFaceNeighbourIsSimple) {
  const auto n = with({{0, 0, -1}});
  EXPECT_EQ(foregroundComponents6(n), 1);
  EXPECT_EQ(backgroundComponents26(n), 1);
  EXPECT_TRUE(isSimplePoint(n));
}

TEST(SimplePoint, HalfSpaceBelowIsSimple) { EXPECT_TRUE(isSimplePoint(plane(-1))); }

TEST(SimplePoint, EdgeOrCornerContactAloneDoesNotConnectUnderSixConnectivity) {
  EXPECT_EQ(foregroundComponents6(with({{1, 1, 0}})), 0);
  EXPECT_EQ(foregroundComponents6(with({{1, 1, 1}})), 0);
  EXPECT_FALSE(isSimplePoint(with({{1, 1, 0}})));
  // An edge neighbour joined through a face neighbour is one component with it.
  EXPECT_EQ(foregroundComponents6(with({{1, 0, 0}, {1, 1, 0}})), 1);
}

TEST(SimplePoint, JoiningTwoComponentsIsNotSimple) {
  const auto n = with({{-1, 0, 0}, {1, 0, 0}});
  EXPECT_EQ(foregroundComponents6(n), 2);
  EXPECT_FALSE(isSimplePoint(n));
}

TEST(SimplePoint, ClosingARingMakesATunnelAndIsNotSimple) {
  // The eight voxels around the centre in its own z plane: filling the centre would plug the ring's hole, so the
  // background above and below, separated by the ring, would become one.
  const auto ring = plane(0);
  EXPECT_EQ(foregroundComponents6(ring), 1);
  EXPECT_EQ(backgroundComponents26(ring), 2);
  EXPECT_FALSE(isSimplePoint(ring));
}

TEST(SimplePoint, FillingACavityIsNotSimple) {
  EXPECT_EQ(backgroundComponents26(kFull), 0);
  EXPECT_FALSE(isSimplePoint(kFull));
  // A background corner left open: the background stays one component, so the centre is simple.
  const auto oneOpenCorner = kFull & ~(1u << neighbourBit(1, 1, 1));
  EXPECT_TRUE(isSimplePoint(oneOpenCorner));
}

TEST(SimplePoint, CentreBitIsIgnored) {
  const auto n = with({{0, 0, -1}});
  EXPECT_EQ(isSimplePoint(n), isSimplePoint(n | (1u << neighbourBit(0, 0, 0))));
}

TEST(WellComposedness, DiagonalFaceContactIsCritical) {
  // Centre and (1, 1, 0) foreground, (1, 0, 0) and (0, 1, 0) background: two voxels touching along an edge only.
  EXPECT_TRUE(addingCentreBreaksWellComposedness(with({{0, 0, -1}, {1, 1, 0}})));
  // Bridged by (1, 0, 0): not critical.
  EXPECT_FALSE(addingCentreBreaksWellComposedness(with({{0, 0, -1}, {1, 1, 0}, {1, 0, 0}})));
}

TEST(WellComposedness, TwoForegroundCornersOfACubeAreCritical) {
  EXPECT_TRUE(addingCentreBreaksWellComposedness(with({{0, 0, -1}, {1, 1, 1}})));
  EXPECT_FALSE(addingCentreBreaksWellComposedness(with({{0, 0, -1}, {1, 0, 0}})));
}

TEST(WellComposedness, TwoBackgroundCornersOfACubeAreCritical) {
  // The cube towards (+, +, +) all foreground (the centre joining) but for two of its corners.
  Neighbourhood n = 0;
  for (int x = 0; x <= 1; ++x)
    for (int y = 0; y <= 1; ++y)
      for (int z = 0; z <= 1; ++z) n |= 1u << neighbourBit(x, y, z);
  // Background pair (1, 0, 0) and (0, 1, 1): antipodal in that cube; the other six (centre included) foreground.
  n &= ~(1u << neighbourBit(1, 0, 0));
  n &= ~(1u << neighbourBit(0, 1, 1));
  EXPECT_TRUE(addingCentreBreaksWellComposedness(n));
  // Background pair (1, 0, 0) and (1, 1, 0) are face neighbours: no vertex pinch.
  n |= 1u << neighbourBit(0, 1, 1);
  n &= ~(1u << neighbourBit(1, 1, 0));
  EXPECT_FALSE(addingCentreBreaksWellComposedness(n));
}

TEST(WellComposedness, FullAndHalfSpaceNeighbourhoodsAreFine) {
  EXPECT_FALSE(addingCentreBreaksWellComposedness(kFull));
  EXPECT_FALSE(addingCentreBreaksWellComposedness(plane(-1)));
}
