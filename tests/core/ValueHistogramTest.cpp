// The Layers dock's histogram: equal-width bins over the finite values of every part, NaN and infinities counted
// apart, the maximum in the last bin.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/analysis/ValueHistogram.h"

using namespace vl::core;

TEST(ValueHistogram, BinsFiniteValuesOfBothPartsAndCountsTheRestApart) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<float> left = {0.0f, 0.5f, 1.0f, 1.5f, nan, 4.0f};
  const std::vector<float> right = {2.0f, 2.5f, inf, 3.9f};
  const auto h = valueHistogram({left, right}, 4);  // bins of width 1 over [0, 4]
  EXPECT_EQ(h.low, 0.0);
  EXPECT_EQ(h.high, 4.0);
  EXPECT_EQ(h.finite, 8u);
  EXPECT_EQ(h.nonFinite, 2u);
  EXPECT_EQ(h.counts, (std::vector<std::size_t>{2, 2, 2, 2}));  // 4.0 (the maximum) goes to the last bin
  EXPECT_DOUBLE_EQ(h.binWidth(), 1.0);
}

TEST(ValueHistogram, ConstantAndEmptyInputs) {
  const std::vector<float> same(5, 3.0f);
  const auto constant = valueHistogram({same}, 8);
  EXPECT_EQ(constant.low, 3.0);
  EXPECT_EQ(constant.high, 3.0);
  EXPECT_EQ(std::accumulate(constant.counts.begin(), constant.counts.end(), std::size_t{0}), 5u);
  EXPECT_EQ(constant.counts.front(), 5u);
  const std::vector<float> none = {std::nanf("")};
  const auto empty = valueHistogram({none}, 8);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.nonFinite, 1u);
  EXPECT_THROW(valueHistogram({same}, 0), std::invalid_argument);
}
