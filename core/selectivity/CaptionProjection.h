#pragma once
// A caption for a target without a captioning model. BrainSCUBA (Luo et al. 2024) projects the target's weight
// direction onto the bank's image embeddings:
//   w_hat = normalise(mean over the target's columns of normalise(w_c))
//   (with weightByR2, an option: a mean weighted by each column's held-out R^2, negative as 0)
//   p     = softmax(150 * w_hat . e_hat_i)        (e_hat_i, |e_i|: unit direction and norm of image i's embedding)
//   projected = normalise(sum_i p_i e_hat_i) * sum_i p_i |e_i|
// and the projection is captioned by the nearest bank captions in the text encoder's space. LaVCa-style keywords
// (Matsuyama et al. 2025) are the content words of the top images' captions, weighted by rank.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/study/FitFolder.h"

namespace vl::core {

inline constexpr double kBrainScubaTemperature = 150.0;

// Throws std::invalid_argument for no columns, a column outside the fit or an embedding of another dimension.
std::vector<double> projectTargetDirection(const FitFolder& encoder, std::span<const std::size_t> columns,
                                           const Matrix& imageEmbedding, bool weightByR2 = false,
                                           double temperature = kBrainScubaTemperature);

struct NearestCaption {
  std::size_t index = 0;  // row of the caption matrix (e.g. a stimulus index)
  std::string caption;
  double similarity = 0;  // cosine
};

// The `count` captions whose text embeddings (rows of captionEmbedding) are most cosine-similar to `projected`;
// the same caption text is listed once.
std::vector<NearestCaption> nearestCaptions(std::span<const double> projected, const Matrix& captionEmbedding,
                                            const std::vector<std::string>& captions, std::size_t count = 5);

// One short caption from the nearest ones: the nearest caption's text (empty without captions).
std::string composeCaption(const std::vector<NearestCaption>& nearest);

struct Keyword {
  std::string word;
  double weight = 0;  // sum over the captions that contain it of (k - rank) / k, normalised to the top word = 1
};
// Content words of captions ranked best first (function words, numbers and position words dropped), by weight.
std::vector<Keyword> rankWeightedKeywords(const std::vector<std::string>& rankedCaptions, std::size_t count = 8);

}  // namespace vl::core
