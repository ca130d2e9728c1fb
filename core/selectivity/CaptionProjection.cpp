#include "core/selectivity/CaptionProjection.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "core/selectivity/PreferredImages.h"

namespace vl::core {
namespace {

double norm(std::span<const double> v) {
  double sum = 0;
  for (double x : v) sum += x * x;
  return std::sqrt(sum);
}

// Words that say where or how big, not what: every category's captions carry them, so they would crowd out the
// words that tell categories apart.
const std::set<std::string, std::less<>>& nonContentWords() {
  static const std::set<std::string, std::less<>> words = {
      "a", "an", "and", "at", "by", "from", "in", "of", "on", "the", "to", "with", "under", "near", "inside",
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
      "left", "right", "top", "bottom", "upper", "lower", "middle", "centre", "side", "sides", "small", "large",
      "big", "medium", "image", "picture", "showing", "seen", "something", "like", "o"};
  return words;
}

std::vector<std::string> words(const std::string& caption) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : caption + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

}  // namespace

std::vector<double> projectTargetDirection(const FitFolder& encoder, std::span<const std::size_t> columns,
                                           const Matrix& imageEmbedding, bool weightByR2, double temperature) {
  const auto weight = columnWeights(encoder, columns, weightByR2);
  const std::size_t dims = encoder.weights.rows;
  if (imageEmbedding.cols != dims)
    throw std::invalid_argument("the image embedding has " + std::to_string(imageEmbedding.cols) +
                                " dimensions, the encoder's weights " + std::to_string(dims));
  std::vector<double> direction(dims, 0.0), column(dims);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::size_t c = columns[i];
    for (std::size_t f = 0; f < dims; ++f) column[f] = encoder.weights(f, c);
    const double n = norm(column);
    if (n > 0)
      for (std::size_t f = 0; f < dims; ++f) direction[f] += weight[i] * column[f] / n;
  }
  const double directionNorm = norm(direction);
  if (directionNorm > 0)
    for (double& x : direction) x /= directionNorm;

  const std::size_t images = imageEmbedding.rows;
  std::vector<double> logits(images), norms(images);
  for (std::size_t i = 0; i < images; ++i) {
    const float* e = &imageEmbedding.data[i * dims];
    // Four partial sums each: independent chains the processor overlaps (one chain waits on every add), which
    // matters when the caption map projects every column.
    double dots[4] = {0, 0, 0, 0}, squares[4] = {0, 0, 0, 0};
    std::size_t f = 0;
    for (; f + 4 <= dims; f += 4)
      for (std::size_t l = 0; l < 4; ++l) dots[l] += e[f + l] * direction[f + l], squares[l] += double(e[f + l]) * e[f + l];
    for (; f < dims; ++f) dots[0] += e[f] * direction[f], squares[0] += double(e[f]) * e[f];
    const double dot = (dots[0] + dots[1]) + (dots[2] + dots[3]);
    const double sq = (squares[0] + squares[1]) + (squares[2] + squares[3]);
    norms[i] = std::sqrt(sq);
    logits[i] = norms[i] > 0 ? temperature * dot / norms[i] : -INFINITY;
  }
  const double top = *std::max_element(logits.begin(), logits.end());
  double total = 0;
  for (double& l : logits) total += l = std::exp(l - top);
  std::vector<double> projected(dims, 0.0);
  double meanNorm = 0;
  for (std::size_t i = 0; i < images; ++i) {
    const double p = logits[i] / total;
    // Weights below 1e-17 add at most images * 1e-17 to weights that sum to 1 (1e-13 for 10,000 images): skipping
    // them saves a pass over nearly every image (the caption map projects every column).
    if (p < 1e-17 || norms[i] == 0) continue;
    meanNorm += p * norms[i];
    const float* e = &imageEmbedding.data[i * dims];
    const double scale = p / norms[i];
    for (std::size_t f = 0; f < dims; ++f) projected[f] += scale * e[f];
  }
  const double projectedNorm = norm(projected);
  if (projectedNorm > 0)
    for (double& x : projected) x *= meanNorm / projectedNorm;
  return projected;
}

std::vector<NearestCaption> nearestCaptions(std::span<const double> projected, const Matrix& captionEmbedding,
                                            const std::vector<std::string>& captions, std::size_t count) {
  if (captionEmbedding.cols != projected.size())
    throw std::invalid_argument("the caption embedding has " + std::to_string(captionEmbedding.cols) +
                                " dimensions, the projected direction " + std::to_string(projected.size()) +
                                " (the text encoder must share the image encoder's space)");
  if (captions.size() != captionEmbedding.rows) throw std::invalid_argument("one caption per embedding row expected");
  const double pn = norm(projected);
  std::vector<std::pair<double, std::size_t>> scored;
  scored.reserve(captions.size());
  for (std::size_t i = 0; i < captions.size(); ++i) {
    const float* e = &captionEmbedding.data[i * captionEmbedding.cols];
    double dot = 0, sq = 0;
    for (std::size_t f = 0; f < captionEmbedding.cols; ++f) dot += e[f] * projected[f], sq += double(e[f]) * e[f];
    scored.push_back({sq > 0 && pn > 0 ? dot / (std::sqrt(sq) * pn) : 0.0, i});
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<NearestCaption> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& [similarity, index] : scored) {
    if (out.size() >= count) break;
    if (!seen.insert(captions[index]).second) continue;
    out.push_back({index, captions[index], similarity});
  }
  return out;
}

std::string composeCaption(const std::vector<NearestCaption>& nearest) {
  return nearest.empty() ? std::string() : nearest.front().caption;
}

std::vector<Keyword> rankWeightedKeywords(const std::vector<std::string>& rankedCaptions, std::size_t count) {
  const std::size_t k = rankedCaptions.size();
  std::map<std::string, double, std::less<>> weight;
  for (std::size_t rank = 0; rank < k; ++rank) {
    std::set<std::string, std::less<>> inCaption;
    for (auto& word : words(rankedCaptions[rank])) {
      if (nonContentWords().count(word) || std::isdigit(static_cast<unsigned char>(word[0]))) continue;
      if (inCaption.insert(word).second) weight[word] += double(k - rank) / double(k);
    }
  }
  std::vector<Keyword> out;
  for (auto& [word, w] : weight) out.push_back({word, w});
  std::sort(out.begin(), out.end(), [](const Keyword& a, const Keyword& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
  });
  if (out.size() > count) out.resize(count);
  if (!out.empty() && out.front().weight > 0) {
    const double top = out.front().weight;
    for (auto& keyword : out) keyword.weight /= top;
  }
  return out;
}

}  // namespace vl::core
