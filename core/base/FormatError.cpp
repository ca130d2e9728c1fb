#include "core/base/FormatError.h"

namespace vl::core {
namespace {
std::string composeMessage(const std::filesystem::path& file, const std::string& where, const std::string& problem) {
  std::string text = file.string();
  if (!where.empty()) text += " (" + where + ")";
  return text + ": " + problem;
}
}  // namespace

FormatError::FormatError(std::filesystem::path file, std::string where, std::string problem)
    : std::runtime_error(composeMessage(file, where, problem)),
      file_(std::move(file)),
      where_(std::move(where)),
      problem_(std::move(problem)) {}

}  // namespace vl::core
