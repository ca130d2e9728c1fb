#include "core/ml/WordTokenizer.h"

#include <fstream>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {
constexpr std::uintmax_t kMaxVocabularyBytes = 64u << 20;

bool isWordCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::vector<std::string> readVocabulary(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot be read: " + error.message());
  if (size > kMaxVocabularyBytes) throw FormatError(file, "", "larger than 64 MB; expected one word per line");
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw FormatError(file, "", "cannot be opened");
  std::vector<std::string> words;
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    words.push_back(line);
  }
  return words;
}
}  // namespace

WordTokenizer::WordTokenizer(const TokenizerSpec& spec) : spec_(spec), vocabulary_(readVocabulary(spec.vocabulary)) {
  index();
}

WordTokenizer::WordTokenizer(const TokenizerSpec& spec, std::vector<std::string> vocabulary)
    : spec_(spec), vocabulary_(std::move(vocabulary)) {
  index();
}

void WordTokenizer::index() {
  const auto& file = spec_.vocabulary;
  if (vocabulary_.empty()) throw FormatError(file, "", "empty; expected one word per line (<pad>, <unk>, ...)");
  for (std::size_t line = 0; line < vocabulary_.size(); ++line) {
    const std::string& word = vocabulary_[line];
    if (word.empty()) throw FormatError(file, "line " + std::to_string(line + 1), "empty word");
    const auto [position, inserted] = ids_.emplace(word, static_cast<std::int64_t>(line));
    if (!inserted)
      throw FormatError(file, "line " + std::to_string(line + 1),
                        "duplicate word \"" + word + "\" (first on line " + std::to_string(position->second + 1) + ")");
  }
  const auto size = static_cast<std::int64_t>(vocabulary_.size());
  if (spec_.padId >= size || spec_.unknownId >= size)
    throw FormatError(file, "", "pad_id " + std::to_string(spec_.padId) + " and unknown_id " +
                                    std::to_string(spec_.unknownId) + " must be lines of the vocabulary (" +
                                    std::to_string(size) + " words)");
}

std::vector<std::string> WordTokenizer::words(std::string_view caption) const {
  std::vector<std::string> result;
  std::string current;
  for (const char c : caption) {
    if (isWordCharacter(c)) {
      current += (spec_.lowercase && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (!current.empty()) {
      result.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) result.push_back(std::move(current));
  return result;
}

std::vector<std::int64_t> WordTokenizer::encode(std::string_view caption) const {
  std::vector<std::int64_t> ids;
  ids.reserve(static_cast<std::size_t>(spec_.maxTokens));
  for (const auto& word : words(caption)) {
    if (ids.size() == static_cast<std::size_t>(spec_.maxTokens)) break;
    const auto found = ids_.find(word);
    ids.push_back(found == ids_.end() ? spec_.unknownId : found->second);
  }
  ids.resize(static_cast<std::size_t>(spec_.maxTokens), spec_.padId);
  return ids;
}

std::string WordTokenizer::decode(const std::vector<std::int64_t>& ids) const {
  std::string text;
  for (const auto id : ids) {
    if (id == spec_.padId) break;
    const bool known = id >= 0 && id < static_cast<std::int64_t>(vocabulary_.size());
    if (!text.empty()) text += ' ';
    text += known ? vocabulary_[static_cast<std::size_t>(id)] : "<unk>";
  }
  return text;
}

}  // namespace vl::core
