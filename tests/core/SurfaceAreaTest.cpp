#include <gtest/gtest.h>

#include "core/geometry/SurfaceArea.h"

TEST(SurfaceArea, UnitRightTriangleIsOneHalf) {
  vl::core::Surface s;
  s.vertices = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  s.triangles = {{0, 1, 2}};
  EXPECT_DOUBLE_EQ(vl::core::surfaceArea(s), 0.5);
}
