#include "core/io/JsonFile.h"

#include <fstream>
#include <sstream>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {

// The whole file as text, or nothing when it cannot be opened.
std::optional<std::string> fileText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

nlohmann::json parseJsonText(const std::string& text, const std::filesystem::path& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError(file, "byte " + std::to_string(e.byte), std::string("not valid JSON: ") + e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double (1e400)
    throw FormatError(file, "", std::string("not valid JSON: ") + e.what());
  }
}

nlohmann::json readJsonFile(const std::filesystem::path& file, const std::string& cannotOpen) {
  const auto text = fileText(file);
  if (!text) throw FormatError(file, "", cannotOpen);
  return parseJsonText(*text, file);
}

std::optional<nlohmann::json> readCachedJson(const std::filesystem::path& file) {
  const auto text = fileText(file);
  if (!text) return std::nullopt;
  auto parsed = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

}  // namespace vl::core
