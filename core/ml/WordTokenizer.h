#pragma once
// The "word" tokenizer of the bundle contract (plugins/README.md): lower-case (optional), split into maximal runs
// of ASCII letters and digits, look each word up in vocab.txt (its 0-based line number), unknown words ->
// unknown_id, truncate to max_tokens, pad with pad_id. Captioners use the same vocabulary to turn ids back into
// words.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ml/ModelManifest.h"

namespace vl::core {

class WordTokenizer {
public:
  // Reads spec.vocabulary; throws FormatError naming the file and line for an empty vocabulary, an empty or
  // duplicated word, or pad/unknown ids outside it.
  explicit WordTokenizer(const TokenizerSpec& spec);
  WordTokenizer(const TokenizerSpec& spec, std::vector<std::string> vocabulary);  // for tests and tools

  // Exactly maxTokens ids.
  std::vector<std::int64_t> encode(std::string_view caption) const;
  // Words of the ids, separated by spaces; pad ids end the text, ids outside the vocabulary become "<unk>".
  std::string decode(const std::vector<std::int64_t>& ids) const;
  // The words `encode` looks up, before truncation (exposed so callers can show what was dropped).
  std::vector<std::string> words(std::string_view caption) const;

  const TokenizerSpec& spec() const { return spec_; }
  std::size_t vocabularySize() const { return vocabulary_.size(); }

private:
  void index();

  TokenizerSpec spec_;
  std::vector<std::string> vocabulary_;
  std::unordered_map<std::string, std::int64_t> ids_;
};

}  // namespace vl::core
