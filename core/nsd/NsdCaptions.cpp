#include "core/nsd/NsdCaptions.h"

#include <charconv>
#include <fstream>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {
std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return text;
}
}  // namespace

std::vector<std::string> readNsdCaptions(const std::filesystem::path& file, std::size_t count) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open (expected lines \"INDEX<TAB>caption\")");
  std::vector<std::string> captions(count);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte order mark
    const std::string content = trimmed(line);
    if (content.empty() || content.front() == '#') continue;
    const auto separator = line.find_first_of("\t,");
    if (separator == std::string::npos)
      throw FormatError(file, "line " + std::to_string(number), "has no tab or comma (expected INDEX<TAB>caption)");
    const std::string indexText = trimmed(line.substr(0, separator));
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(indexText.data(), indexText.data() + indexText.size(), index);
    if (error != std::errc() || end != indexText.data() + indexText.size() || indexText.empty()) {
      if (number == 1) continue;  // a header line such as "nsdId<TAB>caption"
      throw FormatError(file, "line " + std::to_string(number),
                        "starts with '" + indexText + "' (expected a 0-based image index)");
    }
    if (index >= count)
      throw FormatError(file, "line " + std::to_string(number),
                        "image index " + std::to_string(index) + " is outside 0.." + std::to_string(count - 1));
    if (captions[index].empty()) captions[index] = trimmed(line.substr(separator + 1));
  }
  return captions;
}

}  // namespace vl::core
