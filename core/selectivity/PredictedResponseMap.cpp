#include "core/selectivity/PredictedResponseMap.h"

#include <span>
#include <stdexcept>

namespace vl::core {

std::vector<float> predictedResponseOfImage(const FitFolder& encoder, const Matrix& stimulusEmbedding,
                                            std::size_t image) {
  if (image >= stimulusEmbedding.rows)
    throw std::out_of_range("image " + std::to_string(image) + " is outside the stimulus embedding (" +
                            std::to_string(stimulusEmbedding.rows) + " images)");
  const std::size_t features = encoder.weights.rows, columns = encoder.weights.cols;
  if (stimulusEmbedding.cols != features)
    throw std::invalid_argument("the stimulus embedding has " + std::to_string(stimulusEmbedding.cols) +
                                " features, the encoder's weights " + std::to_string(features));
  // Accumulated in double over the feature rows: the weights are stored features x columns, row-major, so this
  // walks them in memory order.
  std::vector<double> sum(columns, 0.0);
  const float* row = &stimulusEmbedding.data[image * features];
  for (std::size_t f = 0; f < features; ++f) {
    const double x = row[f];
    const float* w = &encoder.weights.data[f * columns];
    for (std::size_t c = 0; c < columns; ++c) sum[c] += x * w[c];
  }
  std::vector<float> out(columns);
  for (std::size_t c = 0; c < columns; ++c)
    out[c] = static_cast<float>(sum[c] + (c < encoder.intercepts.size() ? encoder.intercepts[c] : 0.0f));
  return out;
}

std::shared_ptr<SurfaceLayer> predictedResponseLayer(const StudySnapshot& study, const ColumnMap& columns,
                                                     const FitFolder& encoder, const Matrix& stimulusEmbedding,
                                                     std::size_t image, const std::string& imageName) {
  if (encoder.weights.cols < columns.columnCount())
    throw std::invalid_argument("the encoder has " + std::to_string(encoder.weights.cols) +
                                " columns, the study's column map " + std::to_string(columns.columnCount()));
  const auto perColumn = predictedResponseOfImage(encoder, stimulusEmbedding, image);
  auto layer = std::make_shared<SurfaceLayer>();
  layer->name = kPredictedResponseLayerPrefix + imageName;
  for (auto side : {Hemisphere::Left, Hemisphere::Right}) {
    const auto surface = study.referenceSurface(side);
    if (!surface || columns.columnCount(side) == 0) continue;
    layer->valuesFor(side) =
        columns.spreadToVertices(std::span<const float>(perColumn).first(columns.columnCount()), *surface);
  }
  return layer;
}

}  // namespace vl::core
