#pragma once
// Judges of synthesised images that the optimisation never used (BrainDiVE's check that an image "looks like a
// face" comes from a classifier the guidance did not see): the category classifier bundle (image_classifier), and
// the text encoder's zero-shot category from prompts made only of words in its vocabulary.
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/ml/BundleRunners.h"
#include "core/model/Stimulus.h"

namespace vl::core {

struct CategoryVerdict {
  std::string category;
  double score = 0;  // classifier: probability; zero-shot: cosine similarity to the category's prompts
};

// The classifier's most probable label per image.
std::vector<CategoryVerdict> judgeCategories(const ImageClassifier& classifier, const std::vector<StimulusImage>& images);

struct CategoryPrompts {
  std::string category;
  std::vector<std::string> prompts;
};

// Prompts for the demo bank's seven categories, written only with words of the demo text encoder's vocab.txt
// (which has no "photo", "place" or "pattern").
const std::vector<CategoryPrompts>& demoCategoryPrompts();

// The words of `prompts` that the text encoder's tokenizer does not know (empty: every prompt is in vocabulary).
std::vector<std::string> unknownPromptWords(const TextEmbedder& text, const std::vector<CategoryPrompts>& prompts);

// Zero-shot: each category's mean prompt embedding (normalised); an image's category is the one whose embedding is
// most similar to the image's embedding. Throws std::invalid_argument when the text encoder's dimension differs
// from the image embeddings' or a prompt has a word outside the vocabulary.
class ZeroShotCategories {
public:
  ZeroShotCategories(const TextEmbedder& text, const std::vector<CategoryPrompts>& prompts);
  std::vector<CategoryVerdict> classify(const Matrix& imageEmbeddings) const;

private:
  std::vector<std::string> categories_;
  Matrix directions_;  // categories x D, unit rows
};

}  // namespace vl::core
