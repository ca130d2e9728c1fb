#pragma once
// A file's bytes as a string, for tests that compare files or damage them on purpose.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace vl::fixtures {

inline std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace vl::fixtures
