// Per-ROI RSA map: an ROI whose patterns are the model's embedding correlates perfectly; an ROI whose patterns
// reverse the model's similarity structure anticorrelates; tiny ROIs and vertices outside ROIs stay NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/analysis/RoiRsa.h"

using namespace vl::core;

TEST(RoiRsa, MapsEachRoiToTheRankCorrelationOfItsRdmWithTheModels) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  const std::size_t items = 12, dims = 6;
  Matrix embedding(items, dims);
  for (auto& v : embedding.data) v = normal(rng);
  // Vertices 0-5: ROI 1, a copy of the embedding (same RDM). Vertices 6-11: ROI 2, noise. Vertex 12: ROI 3, too
  // small. Vertex 13: no ROI.
  Matrix responses(items, 14);
  for (std::size_t i = 0; i < items; ++i) {
    for (std::size_t d = 0; d < dims; ++d) responses(i, d) = embedding(i, d);
    for (std::size_t v = 6; v < 14; ++v) responses(i, v) = normal(rng);
  }
  const std::vector<std::int32_t> keys = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 0};
  const auto map = computeRoiRsaMap(responses, keys, embedding, RdmMetric::Euclidean, 2);
  ASSERT_EQ(map.rois.size(), 3u);
  EXPECT_EQ(map.rois[0].key, 1);
  EXPECT_DOUBLE_EQ(map.rois[0].spearman, 1.0);
  EXPECT_LT(std::abs(map.rois[1].spearman), 0.5);  // unrelated patterns
  EXPECT_TRUE(std::isnan(map.rois[2].spearman));   // one vertex: below the minimum
  EXPECT_FLOAT_EQ(map.perVertex[3], 1.0f);
  EXPECT_FLOAT_EQ(map.perVertex[7], static_cast<float>(map.rois[1].spearman));
  EXPECT_TRUE(std::isnan(map.perVertex[12]));
  EXPECT_TRUE(std::isnan(map.perVertex[13]));
  EXPECT_THROW(computeRoiRsaMap(responses, std::vector<std::int32_t>(5, 1), embedding), std::invalid_argument);
}
