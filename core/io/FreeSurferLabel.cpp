#include "core/io/FreeSurferLabel.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/FreeSurferSurface.h"

namespace vl::core {
namespace {
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(1) << 31;  // a whole-hemisphere label is ~10 MB
constexpr std::size_t kShortestRow = 10;                           // "0 0 0 0 0\n"

std::string lineWhere(std::size_t line) { return "line " + std::to_string(line); }

// Splits a line at blanks; at most `max` + 1 fields are kept (enough to tell "too many").
std::vector<std::string_view> fields(std::string_view line, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (out.size() <= max) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    const auto start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    out.push_back(line.substr(start, i - start));
  }
  return out;
}

template <typename T>
T number(const std::filesystem::path& file, std::size_t line, std::string_view text, const char* what) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    throw FormatError(file, lineWhere(line),
                      std::string("expected ") + what + ", found \"" + std::string(text.substr(0, 40)) + "\"");
  return value;
}

template <typename T>
void appendNumber(std::string& out, T value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest exact form
  out.append(buffer, end);
}
}  // namespace

VertexSubset readFreeSurferLabel(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw FormatError(file, "", "cannot determine the file size");
  if (size > kMaxFileBytes) throw FormatError(file, "", "larger than 2 GB: not a FreeSurfer label");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file for reading");
  std::string text(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(text.data(), static_cast<std::streamsize>(size))) throw FormatError(file, "", "read failed");

  std::size_t position = 0;
  std::size_t lineNumber = 0;
  auto nextLine = [&](std::string_view& line) {
    if (position >= text.size()) return false;
    auto end = text.find('\n', position);
    if (end == std::string::npos) end = text.size();
    line = std::string_view(text).substr(position, end - position);
    if (line.ends_with('\r')) line.remove_suffix(1);
    position = std::min(end + 1, text.size());  // never past the end: the count check subtracts it
    ++lineNumber;
    return true;
  };

  VertexSubset subset;
  subset.hemisphere = hemisphereFromFileName(file);
  std::string_view line;
  if (!nextLine(line) || !line.starts_with('#'))
    throw FormatError(file, lineWhere(1), "expected the \"#!ascii label\" comment line");
  if (line.find('\0') != std::string_view::npos) throw FormatError(file, lineWhere(1), "binary data in the comment");
  subset.comment = std::string(line.substr(1));
  if (!nextLine(line)) throw FormatError(file, lineWhere(2), "the file ends before the row count");
  const auto countFields = fields(line, 1);
  if (countFields.size() != 1) throw FormatError(file, lineWhere(2), "expected the row count alone on the line");
  const auto count = number<std::int64_t>(file, 2, countFields[0], "the row count (an integer)");
  if (count < 0 || static_cast<std::uint64_t>(count) > (text.size() - position) / kShortestRow + 1)
    throw FormatError(file, lineWhere(2),
                      "row count " + std::to_string(count) + " does not fit in the " +
                          std::to_string(text.size() - position) + " bytes that follow");
  const auto rows = static_cast<std::size_t>(count);
  subset.vertices.reserve(rows);
  subset.positions.reserve(rows);
  subset.values.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    if (!nextLine(line))
      throw FormatError(file, lineWhere(lineNumber + 1),
                        "the file ends after " + std::to_string(r) + " of " + std::to_string(rows) + " rows");
    const auto row = fields(line, 5);
    if (row.size() != 5)
      throw FormatError(file, lineWhere(lineNumber),
                        "expected 5 fields (vertex x y z value), found " +
                            (row.size() > 5 ? std::string("more") : std::to_string(row.size())));
    const auto vertex = number<std::int32_t>(file, lineNumber, row[0], "a vertex number (an integer)");
    if (vertex < -1) throw FormatError(file, lineWhere(lineNumber), "negative vertex number " + std::to_string(vertex));
    subset.vertices.push_back(vertex);
    subset.positions.push_back({number<float>(file, lineNumber, row[1], "a coordinate"),
                                number<float>(file, lineNumber, row[2], "a coordinate"),
                                number<float>(file, lineNumber, row[3], "a coordinate")});
    subset.values.push_back(number<float>(file, lineNumber, row[4], "a value"));
  }
  while (nextLine(line)) {
    if (!fields(line, 0).empty())
      throw FormatError(file, lineWhere(lineNumber),
                        "more rows than the " + std::to_string(rows) + " the count line promises");
  }
  return subset;
}

void writeFreeSurferLabel(const std::filesystem::path& file, const VertexSubset& subset) {
  const auto rows = subset.vertices.size();
  if (subset.positions.size() != rows || subset.values.size() != rows)
    throw std::invalid_argument("writeFreeSurferLabel: vertices, positions and values differ in length");
  if (subset.comment.find('\n') != std::string::npos)
    throw std::invalid_argument("writeFreeSurferLabel: the comment must be one line");
  std::string out = "#" + subset.comment + "\n";  // verbatim, so a round trip is exact
  out += std::to_string(rows) + "\n";
  for (std::size_t r = 0; r < rows; ++r) {
    appendNumber(out, subset.vertices[r]);
    for (float c : subset.positions[r]) {
      out += "  ";
      appendNumber(out, c);
    }
    out += ' ';
    appendNumber(out, subset.values[r]);
    out += '\n';
  }
  writeFileAtomically(file, out);
}

}  // namespace vl::core
