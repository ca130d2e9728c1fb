#include "core/io/FreeSurferAnnot.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "core/io/AtomicFileWriter.h"
#include "core/io/BigEndian.h"
#include "core/io/ByteReader.h"
#include "core/io/FreeSurferSurface.h"

namespace vl::core {
namespace {
constexpr std::int32_t kMaxVertices = 1 << 27;
constexpr std::int32_t kMaxEntries = 1 << 20;     // FreeSurferColorLUT has ~1300 rows; 14175 is the largest index
constexpr std::int32_t kMaxStringLength = 1 << 16;
constexpr std::int32_t kTagOldColorTable = 1;

void appendString(std::string& out, const std::string& text) {  // length (with the NUL), text, NUL
  appendBig(out, static_cast<std::int32_t>(text.size() + 1));
  out += text;
  out += '\0';
}

// A length-prefixed string; FreeSurfer counts the terminating NUL in the length. Stops at the first NUL.
std::string readString(ByteReader& in, const char* what) {
  const auto at = in.offset();
  const auto length = in.readBig<std::int32_t>(what);
  if (length < 0 || length > kMaxStringLength)
    throw FormatError(in.file(), "byte " + std::to_string(at),
                      std::string("implausible length ") + std::to_string(length) + " of " + what);
  auto text = in.readString(static_cast<std::uint64_t>(length), what);
  if (const auto nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
  return text;
}

struct Entry {
  std::int32_t index;
  std::string name;
  std::int32_t rgbt[4];
};

Entry readEntry(ByteReader& in, std::int32_t index) {
  Entry entry{index, readString(in, "a structure name"), {}};
  const auto at = in.offset();
  for (auto& c : entry.rgbt) c = in.readBig<std::int32_t>("a colour (R, G, B, T)");
  for (auto c : entry.rgbt)
    if (c < 0 || c > 255)
      throw FormatError(in.file(), "byte " + std::to_string(at),
                        "colour of \"" + entry.name + "\" has a component " + std::to_string(c) + " outside 0..255");
  return entry;
}

std::int32_t packed(const std::int32_t rgbt[4]) { return rgbt[0] + rgbt[1] * 256 + rgbt[2] * 65536; }

std::string annotName(const std::filesystem::path& file) {
  auto name = file.filename().string();
  if (name.rfind("lh.", 0) == 0 || name.rfind("rh.", 0) == 0) name = name.substr(3);
  if (name.ends_with(".annot")) name.resize(name.size() - 6);
  return name;
}

std::int32_t component(float value) {
  return static_cast<std::int32_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}
}  // namespace

LabelMap readFreeSurferAnnot(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  const auto vertexCount = in.readBig<std::int32_t>("the vertex count");
  if (vertexCount < 1 || vertexCount > kMaxVertices)
    throw FormatError(file, "byte 0", "implausible vertex count " + std::to_string(vertexCount));
  in.require(static_cast<std::uint64_t>(vertexCount) * 2, 4, "the (vertex, label) pairs");
  // FreeSurfer places each value at the vertex it names; vertices not listed have no label (value 0).
  std::vector<std::int32_t> values(static_cast<std::size_t>(vertexCount), 0);
  for (std::int32_t i = 0; i < vertexCount; ++i) {
    const auto vertex = in.readBig<std::int32_t>("a vertex number");
    if (vertex < 0 || vertex >= vertexCount)
      throw FormatError(file, "byte " + std::to_string(in.offset() - 4),
                        "pair " + std::to_string(i) + " names vertex " + std::to_string(vertex) + " of " +
                            std::to_string(vertexCount));
    values[static_cast<std::size_t>(vertex)] = in.readBig<std::int32_t>("a label value");
  }
  if (in.remaining() == 0) in.fail("the file ends before the colour table (annotations without one are not supported)");
  const auto tag = in.readBig<std::int32_t>("the colour-table tag");
  if (tag != kTagOldColorTable)
    throw FormatError(file, "byte " + std::to_string(in.offset() - 4),
                      "expected the colour-table tag 1, found " + std::to_string(tag));
  const auto versionAt = in.offset();
  const auto countOrVersion = in.readBig<std::int32_t>("the colour-table version");
  std::vector<Entry> entries;
  if (countOrVersion > 0) {
    // Old layout: the entry count, the original table's file name, then entries numbered by position.
    if (countOrVersion > kMaxEntries)
      throw FormatError(file, "byte " + std::to_string(versionAt),
                        "implausible colour-table size " + std::to_string(countOrVersion));
    readString(in, "the colour-table file name");
    in.require(static_cast<std::uint64_t>(countOrVersion), 20, "the colour-table entries");
    for (std::int32_t i = 0; i < countOrVersion; ++i) entries.push_back(readEntry(in, i));
  } else {
    if (countOrVersion != -2)
      throw FormatError(file, "byte " + std::to_string(versionAt),
                        "unknown colour-table version " +
                            std::to_string(-static_cast<std::int64_t>(countOrVersion)) + " (expected 2)");
    const auto maxAt = in.offset();
    const auto maxIndex = in.readBig<std::int32_t>("the largest structure index");
    if (maxIndex < 0 || maxIndex > kMaxEntries)
      throw FormatError(file, "byte " + std::to_string(maxAt),
                        "implausible structure count " + std::to_string(maxIndex));
    readString(in, "the colour-table file name");
    const auto countAt = in.offset();
    const auto count = in.readBig<std::int32_t>("the number of colour-table entries");
    if (count < 0 || count > maxIndex)
      throw FormatError(file, "byte " + std::to_string(countAt),
                        std::to_string(count) + " colour-table entries, but the largest index is below " +
                            std::to_string(maxIndex));
    in.require(static_cast<std::uint64_t>(count), 24, "the colour-table entries");
    std::vector<bool> seen(static_cast<std::size_t>(maxIndex), false);
    for (std::int32_t i = 0; i < count; ++i) {
      const auto at = in.offset();
      const auto index = in.readBig<std::int32_t>("a structure index");
      const bool inRange = index >= 0 && index < maxIndex;
      if (!inRange || seen[static_cast<std::size_t>(index)])
        throw FormatError(file, "byte " + std::to_string(at),
                          "entry " + std::to_string(i) + " has index " + std::to_string(index) +
                              (inRange ? " twice" : " outside 0.." + std::to_string(maxIndex - 1)));
      seen[static_cast<std::size_t>(index)] = true;
      entries.push_back(readEntry(in, index));
    }
  }
  // Anything after the table (FreeSurfer writes nothing more) is ignored, as FreeSurfer and nibabel do.

  LabelMap result;
  result.hemisphere = hemisphereFromFileName(file);
  result.name = annotName(file);
  std::unordered_map<std::int32_t, std::int32_t> keyOfValue;
  for (const auto& e : entries) {
    keyOfValue.try_emplace(packed(e.rgbt), e.index);  // FreeSurfer's lookup takes the first entry of a colour
    result.labels.push_back({e.index, e.name,
                             {e.rgbt[0] / 255.0f, e.rgbt[1] / 255.0f, e.rgbt[2] / 255.0f, 1.0f - e.rgbt[3] / 255.0f}});
  }
  result.keys.resize(values.size());
  bool anyUnlabelled = false;
  for (std::size_t v = 0; v < values.size(); ++v) {
    const auto found = keyOfValue.find(values[v]);
    result.keys[v] = found == keyOfValue.end() ? -1 : found->second;
    anyUnlabelled |= found == keyOfValue.end();
  }
  const bool hasUnknown = std::any_of(result.labels.begin(), result.labels.end(),
                                      [](const Label& l) { return l.name == "unknown" || l.key == -1; });
  if (anyUnlabelled && !hasUnknown) result.labels.push_back({-1, "unknown", {0.0f, 0.0f, 0.0f, 0.0f}});
  return result;
}

void writeFreeSurferAnnot(const std::filesystem::path& file, const LabelMap& labels) {
  if (labels.keys.empty() || labels.keys.size() > static_cast<std::size_t>(kMaxVertices))
    throw std::invalid_argument("writeFreeSurferAnnot: " + std::to_string(labels.keys.size()) + " vertices");
  std::map<std::int32_t, const Label*> written;  // by key, so the table is in index order
  std::unordered_map<std::int32_t, std::int32_t> keyOfValue;
  std::unordered_map<std::int32_t, std::int32_t> valueOfKey;
  for (const auto& label : labels.labels) {
    if (label.key < 0) continue;
    if (label.key >= kMaxEntries) throw std::invalid_argument("writeFreeSurferAnnot: label key too large");
    if (!written.emplace(label.key, &label).second)
      throw std::invalid_argument("writeFreeSurferAnnot: key " + std::to_string(label.key) + " appears twice");
    const std::int32_t rgbt[4] = {component(label.rgba[0]), component(label.rgba[1]), component(label.rgba[2]),
                                  255 - component(label.rgba[3])};
    const auto value = packed(rgbt);
    if (!keyOfValue.emplace(value, label.key).second)
      throw std::invalid_argument("writeFreeSurferAnnot: labels \"" + written[keyOfValue[value]]->name + "\" and \"" +
                                  label.name + "\" have the same colour");
    valueOfKey[label.key] = value;
  }
  std::string out;
  out.reserve(labels.keys.size() * 8 + written.size() * 64 + 64);
  appendBig(out, static_cast<std::int32_t>(labels.keys.size()));
  for (std::size_t v = 0; v < labels.keys.size(); ++v) {
    const auto key = labels.keys[v];
    std::int32_t value = 0;
    if (key >= 0) {
      const auto found = valueOfKey.find(key);
      if (found == valueOfKey.end())
        throw std::invalid_argument("writeFreeSurferAnnot: vertex " + std::to_string(v) + " has key " +
                                    std::to_string(key) + " with no label");
      value = found->second;
    }
    appendBig(out, static_cast<std::int32_t>(v));
    appendBig(out, value);
  }
  appendBig(out, kTagOldColorTable);
  appendBig(out, std::int32_t{-2});
  appendBig(out, written.empty() ? std::int32_t{0} : written.rbegin()->first + 1);
  appendString(out, "NOFILE");
  appendBig(out, static_cast<std::int32_t>(written.size()));
  for (const auto& [key, label] : written) {
    appendBig(out, key);
    appendString(out, label->name);
    appendBig(out, component(label->rgba[0]));
    appendBig(out, component(label->rgba[1]));
    appendBig(out, component(label->rgba[2]));
    appendBig(out, 255 - component(label->rgba[3]));
  }
  writeFileAtomically(file, out);
}

}  // namespace vl::core
