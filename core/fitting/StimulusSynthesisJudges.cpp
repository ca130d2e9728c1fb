#include "core/fitting/StimulusSynthesisJudges.h"

#include <cmath>
#include <stdexcept>

#include "core/ml/WordTokenizer.h"

namespace vl::core {

std::vector<CategoryVerdict> judgeCategories(const ImageClassifier& classifier,
                                             const std::vector<StimulusImage>& images) {
  const Matrix probabilities = classifier.classify(images);
  const auto& labels = classifier.labels();
  std::vector<CategoryVerdict> out;
  for (std::size_t i = 0; i < probabilities.rows; ++i) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < probabilities.cols; ++c)
      if (probabilities(i, c) > probabilities(i, best)) best = c;
    out.push_back({labels.at(best), probabilities(i, best)});
  }
  return out;
}

const std::vector<CategoryPrompts>& demoCategoryPrompts() {
  static const std::vector<CategoryPrompts> prompts = {
      {"body", {"a person standing", "a body", "a figure walking", "a hand"}},
      {"face", {"a face", "a smiling face", "a portrait", "a face with eyes"}},
      {"food", {"food", "a slice of pizza", "a ripe banana", "a piece of bread"}},
      {"object", {"an object", "a chair", "a cup", "a clock"}},
      {"pattern", {"a checkerboard", "stripes", "a grating", "a fine checkerboard full field"}},
      {"place", {"a room", "a landscape", "a scene outdoor", "a house"}},
      {"word", {"a word", "letters", "printed text", "a letter string"}},
  };
  return prompts;
}

std::vector<std::string> unknownPromptWords(const TextEmbedder& text, const std::vector<CategoryPrompts>& prompts) {
  const auto* tokenizer = text.bundle().tokenizer();
  if (!tokenizer) throw std::invalid_argument(text.bundle().name() + " has no tokenizer");
  std::vector<std::string> unknown;
  for (const auto& category : prompts)
    for (const auto& prompt : category.prompts) {
      const auto words = tokenizer->words(prompt);
      const auto ids = tokenizer->encode(prompt);
      for (std::size_t i = 0; i < words.size() && i < ids.size(); ++i)
        if (ids[i] == tokenizer->spec().unknownId) unknown.push_back(words[i]);
    }
  return unknown;
}

ZeroShotCategories::ZeroShotCategories(const TextEmbedder& text, const std::vector<CategoryPrompts>& prompts) {
  const auto unknown = unknownPromptWords(text, prompts);
  if (!unknown.empty())
    throw std::invalid_argument("the zero-shot prompt word \"" + unknown.front() + "\" is not in " +
                                text.bundle().name() + "'s vocabulary");
  directions_ = Matrix(prompts.size(), text.dimension());
  for (std::size_t c = 0; c < prompts.size(); ++c) {
    categories_.push_back(prompts[c].category);
    const Matrix embedded = text.embed(prompts[c].prompts);
    double norm = 0;
    for (std::size_t d = 0; d < embedded.cols; ++d) {
      double sum = 0;
      for (std::size_t r = 0; r < embedded.rows; ++r) sum += embedded(r, d);
      directions_(c, d) = float(sum / double(embedded.rows));
      norm += double(directions_(c, d)) * directions_(c, d);
    }
    norm = std::sqrt(std::max(norm, 1e-12));
    for (std::size_t d = 0; d < embedded.cols; ++d) directions_(c, d) = float(directions_(c, d) / norm);
  }
}

std::vector<CategoryVerdict> ZeroShotCategories::classify(const Matrix& imageEmbeddings) const {
  if (imageEmbeddings.cols != directions_.cols)
    throw std::invalid_argument("zero-shot categories: image embeddings have " + std::to_string(imageEmbeddings.cols) +
                                " dimensions, the text encoder " + std::to_string(directions_.cols));
  std::vector<CategoryVerdict> out;
  for (std::size_t i = 0; i < imageEmbeddings.rows; ++i) {
    double norm = 0;
    for (std::size_t d = 0; d < imageEmbeddings.cols; ++d) norm += double(imageEmbeddings(i, d)) * imageEmbeddings(i, d);
    norm = std::sqrt(std::max(norm, 1e-12));
    CategoryVerdict best{"", -2};
    for (std::size_t c = 0; c < directions_.rows; ++c) {
      double dot = 0;
      for (std::size_t d = 0; d < directions_.cols; ++d) dot += double(imageEmbeddings(i, d)) * directions_(c, d);
      if (dot / norm > best.score) best = {categories_[c], dot / norm};
    }
    out.push_back(best);
  }
  return out;
}

}  // namespace vl::core
