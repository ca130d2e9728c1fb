#pragma once
// The one exception type readers throw: it names the file, where in it the problem is and what was expected,
// so that the CLI can print one clear line and the GUI one clear dialog.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace vl::core {

class FormatError : public std::runtime_error {
public:
  // where: a byte offset ("byte 348"), an element ("header dim[1]") or empty when the file as a whole is wrong.
  FormatError(std::filesystem::path file, std::string where, std::string problem);

  const std::filesystem::path& file() const noexcept { return file_; }
  const std::string& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }

private:
  std::filesystem::path file_;
  std::string where_;
  std::string problem_;
};

}  // namespace vl::core
