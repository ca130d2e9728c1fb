// The whole-cortex prediction for one image: each column gets the encoder's intercept plus its weights times the
// image's embedding row, and each vertex shows its column's value.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/geometry/Icosphere.h"
#include "core/model/Study.h"
#include "core/selectivity/PredictedResponseMap.h"

using namespace vl::core;

namespace {
// 12 columns per hemisphere (every vertex of a level-0 icosphere), 2 features, 3 images.
struct Fixture {
  Study study;
  ColumnMap columns = ColumnMap::everyVertex(12, 12);
  FitFolder encoder;
  Matrix embedding{3, 2, std::vector<float>{1, 0, 0, 1, 2, -1}};
  Fixture() {
    study.setSurfaces(Hemisphere::Left, {std::make_shared<Surface>(makeIcosphere(0, 10.0f))});
    study.setSurfaces(Hemisphere::Right,
                      {std::make_shared<Surface>(makeIcosphere(0, 10.0f, {40, 0, 0}, Hemisphere::Right))});
    encoder.weights = Matrix(2, 24);
    for (std::size_t c = 0; c < 24; ++c) {
      encoder.weights(0, c) = float(c);
      encoder.weights(1, c) = 0.5f;
      encoder.intercepts.push_back(-1.0f);
    }
  }
};
}  // namespace

TEST(PredictedResponseMap, IsInterceptPlusWeightsTimesTheImagesEmbedding) {
  Fixture f;
  // Image 2 is (2, -1): column c predicts -1 + 2c - 0.5.
  const auto perColumn = predictedResponseOfImage(f.encoder, f.embedding, 2);
  ASSERT_EQ(perColumn.size(), 24u);
  EXPECT_FLOAT_EQ(perColumn[0], -1.5f);
  EXPECT_FLOAT_EQ(perColumn[5], 8.5f);
  EXPECT_FLOAT_EQ(perColumn[23], 44.5f);
  // Image 1 is (0, 1): every column predicts -0.5.
  for (float v : predictedResponseOfImage(f.encoder, f.embedding, 1)) EXPECT_FLOAT_EQ(v, -0.5f);
}

TEST(PredictedResponseMap, EachVertexShowsItsColumnOnBothHemispheres) {
  Fixture f;
  const auto layer = predictedResponseLayer(f.study.snapshot(), f.columns, f.encoder, f.embedding, 0, "image 0");
  EXPECT_EQ(layer->name, "Predicted response: image 0");
  ASSERT_EQ(layer->values[0].size(), 12u);
  ASSERT_EQ(layer->values[1].size(), 12u);
  // Image 0 is (1, 0): column c predicts c - 1; right-hemisphere columns follow the left's 12.
  EXPECT_FLOAT_EQ(layer->values[0][3], 2.0f);
  EXPECT_FLOAT_EQ(layer->values[1][3], 14.0f);
  EXPECT_NO_THROW(f.study.addLayer(layer, {}));
}

TEST(PredictedResponseMap, BadInputSaysWhatIsWrong) {
  Fixture f;
  try {
    predictedResponseOfImage(f.encoder, f.embedding, 3);
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("3 images"), std::string::npos) << e.what();
  }
  const Matrix wrongFeatures(3, 5);
  EXPECT_THROW(predictedResponseOfImage(f.encoder, wrongFeatures, 0), std::invalid_argument);
  FitFolder narrow = f.encoder;
  narrow.weights = Matrix(2, 10);
  EXPECT_THROW(predictedResponseLayer(f.study.snapshot(), f.columns, narrow, f.embedding, 0, "x"),
               std::invalid_argument);
}
