#pragma once
// What the fitted encoder predicts the whole cortex does when one bank image is shown: for every response column
// c, intercept[c] + sum_f embedding(image, f) * weights(f, c), the same linear model the gallery ranks images with,
// spread to the vertices of each hemisphere's reference surface as the encoder's R^2 layer is. The selectivity
// panel adds it as a layer when a thumbnail is clicked.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/model/StudySnapshot.h"
#include "core/model/SurfaceLayer.h"
#include "core/study/ColumnMap.h"
#include "core/study/FitFolder.h"

namespace vl::core {

// One prediction per column of the encoder. `stimulusEmbedding`: stimuli x features, what the encoder was fitted
// on. Throws std::out_of_range for an image past the embedding's rows, std::invalid_argument when the embedding
// and the encoder disagree on the feature count.
std::vector<float> predictedResponseOfImage(const FitFolder& encoder, const Matrix& stimulusEmbedding,
                                            std::size_t image);

// The layer "Predicted response: <imageName>" on both hemispheres (empty on a hemisphere without columns or
// reference surface). Throws as predictedResponseOfImage, and std::invalid_argument when the encoder has fewer
// columns than the column map.
std::shared_ptr<SurfaceLayer> predictedResponseLayer(const StudySnapshot& study, const ColumnMap& columns,
                                                     const FitFolder& encoder, const Matrix& stimulusEmbedding,
                                                     std::size_t image, const std::string& imageName);

inline constexpr const char* kPredictedResponseLayerPrefix = "Predicted response: ";

}  // namespace vl::core
