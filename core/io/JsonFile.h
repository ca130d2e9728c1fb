#pragma once
// One JSON document from a file or a string, or a FormatError naming the file: the byte of a syntax error, or
// the whole file for what the parser refuses otherwise (a number too large for a double, 1e400). Study, scene,
// selection and model manifests all read through here, so they report bad JSON the same way.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace vl::core {

// cannotOpen: the problem given when the file cannot be opened, e.g. "cannot open (expected a study folder with
// study.json)".
nlohmann::json readJsonFile(const std::filesystem::path& file, const std::string& cannotOpen);
nlohmann::json parseJsonText(const std::string& text, const std::filesystem::path& file);
// A cache's own JSON (a fit folder's summary.json): nullopt when the file is missing or is not valid JSON, since a
// damaged cache is refitted, not trusted and not reported as the user's error.
std::optional<nlohmann::json> readCachedJson(const std::filesystem::path& file);

}  // namespace vl::core
