#include "core/io/FreeSurferCtab.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"

namespace vl::core {

std::vector<Label> readFreeSurferCtab(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw FormatError(file, "", "cannot open (expected a FreeSurfer colour table: index name R G B T)");
  std::vector<Label> labels;
  std::set<std::int32_t> seen;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    long long index = 0;
    std::string name;
    if (!(fields >> index)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank
      throw FormatError(file, "line " + std::to_string(number), "expected \"index name R G B T\"");
    }
    int rgb[3] = {0, 0, 0};
    if (!(fields >> name >> rgb[0] >> rgb[1] >> rgb[2]))
      throw FormatError(file, "line " + std::to_string(number), "expected \"index name R G B T\"");
    int transparency = 0;
    if (!(fields >> transparency)) transparency = 0;  // some tables leave the last column out
    for (int value : {rgb[0], rgb[1], rgb[2], transparency})
      if (value < 0 || value > 255)
        throw FormatError(file, "line " + std::to_string(number), "colour value " + std::to_string(value) +
                                                                       " outside 0..255");
    if (index < INT32_MIN || index > INT32_MAX)
      throw FormatError(file, "line " + std::to_string(number), "index out of the int32 range");
    if (!seen.insert(static_cast<std::int32_t>(index)).second)
      throw FormatError(file, "line " + std::to_string(number), "index " + std::to_string(index) + " repeats");
    labels.push_back({static_cast<std::int32_t>(index), name,
                      {rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f, 1.0f - transparency / 255.0f}});
  }
  if (labels.empty()) throw FormatError(file, "", "holds no entries (expected lines \"index name R G B T\")");
  return labels;
}

void writeFreeSurferCtab(const std::filesystem::path& file, const std::vector<Label>& labels) {
  auto byte = [](float value) { return static_cast<int>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f)); };
  std::ostringstream out;
  for (const auto& label : labels) {
    std::string name = label.name.empty() ? "label" + std::to_string(label.key) : label.name;
    for (char& c : name)
      if (c == ' ' || c == '\t') c = '_';
    out << label.key << ' ' << name << ' ' << byte(label.rgba[0]) << ' ' << byte(label.rgba[1]) << ' '
        << byte(label.rgba[2]) << ' ' << 255 - byte(label.rgba[3]) << '\n';
  }
  writeFileAtomically(file, out.str());
}

}  // namespace vl::core
