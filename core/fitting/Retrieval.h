#pragma once
// Identification metrics for decoded embeddings: row i of `predicted` should match row i of `truth`.
// similarity(i, j) = cos(predicted_i, truth_j); "correct" for row i means its own true item j = i.
#include <cstddef>
#include <cstdint>

#include "core/base/Matrix.h"

namespace vl::core {

// items x items cosine similarities (rows = predicted, columns = true). Zero vectors give similarity 0.
template <typename T>
MatrixD cosineSimilarity(const BasicMatrix<T>& predicted, const BasicMatrix<T>& truth);

// Top-1 N-way identification (MindEye's retrieval; brain -> image on `similarity`, image -> brain on
// transposed(similarity)): for each of `draws` random subsets of `ways` items (fixed seed, std::mt19937, a
// partial Fisher-Yates shuffle with rejection sampling so that the subsets do not depend on the standard library),
// the fraction of subset items whose own true item is strictly the most similar among the subset; averaged over
// draws. With fewer items than `ways`, all items are used once.
double topOneIdentification(const MatrixD& similarity, std::size_t ways = 300, int draws = 30,
                            std::uint32_t seed = 0);

// 2-way identification: for each item, the fraction of the other items j with sim(i, i) > sim(i, j) (ties count
// one half), averaged over items. Chance 0.5.
double twoWayIdentification(const MatrixD& similarity);

// Mean over items of the rank of the own true item among all items: 1 + number of items strictly more similar
// (1 = best, chance (N + 1) / 2).
double meanRank(const MatrixD& similarity);

}  // namespace vl::core
