#pragma once
// The high-level stage of a reconstruction: a generator fed decoded embeddings. Ridge predictions are shrunk towards
// the mean embedding, and a generator fed them draws the average image; Brain-Diffuser therefore rescales each
// dimension of the predicted latents to the mean and SD of the training latents before generating. Done here the
// same way: the statistics of the predictions come from the decoded rows themselves, never from the true test
// embeddings.
#include <cstddef>

#include "core/base/Matrix.h"

namespace vl::core {

// Each column of `decoded` (rows x D) z-scored over its rows, then given the mean and SD of the same column of
// `trainTargets` (training rows x D). Columns with no spread in the decoded rows keep the training mean. Throws
// std::invalid_argument for different column counts or fewer than 2 decoded rows.
Matrix matchTrainingDistribution(const Matrix& decoded, const Matrix& trainTargets);

// Row t: sum over the `top` candidates j with the highest logPosterior(t, j) of softmax weight * embeddings row j
// (logPosterior: trials x candidates, embeddings: candidates x D). Throws std::invalid_argument when the candidate
// counts differ or top is 0.
Matrix posteriorWeightedEmbedding(const MatrixD& logPosterior, const Matrix& embeddings, std::size_t top);

}  // namespace vl::core
