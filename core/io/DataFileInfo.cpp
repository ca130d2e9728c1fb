#include "core/io/DataFileInfo.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace vl::core {
namespace {
// Key/value pairs in order; values are already JSON (numbers, arrays, quoted strings).
using Fields = std::vector<std::pair<std::string, std::string>>;

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes there are not UTF-8 (file names on
// Linux are bytes; JSON must be UTF-8).
std::size_t utf8SequenceLength(const std::string& text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return 0;
  return length;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\\ufffd";  // a byte that is not UTF-8: the replacement character
      ++i;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out + "\"";
}

std::string number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

template <typename Range>
std::string numberArray(const Range& values) {
  std::string out = "[";
  for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + number(double(v));
  return out + "]";
}

struct ValueRange {
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  std::size_t nonFinite = 0;
  template <typename Values>
  void add(const Values& values) {
    for (const auto& v : values) {
      const double d = double(v);
      if (!std::isfinite(d)) ++nonFinite;
      else min = std::min(min, d), max = std::max(max, d);
    }
  }
  void addTo(Fields& fields) const {
    fields.emplace_back("value_range", "[" + number(min) + ", " + number(max) + "]");
    if (nonFinite) fields.emplace_back("non_finite_values", std::to_string(nonFinite));
  }
};

std::string hemisphereText(const std::optional<Hemisphere>& h) { return h ? quoted(toString(*h)) : "null"; }

Fields collect(const DataFile& file) {
  Fields f;
  f.emplace_back("file", quoted(file.path.string()));
  f.emplace_back("format", quoted(toString(file.format)));
  f.emplace_back("kind", quoted(contentKind(file.content)));
  if (!file.storedType.empty()) f.emplace_back("data_type", quoted(file.storedType));
  struct Visitor {
    Fields& f;
    void operator()(const Surface& s) const {
      f.emplace_back("hemisphere", quoted(toString(s.hemisphere)));
      f.emplace_back("surface_kind", quoted(toString(s.kind)));
      f.emplace_back("vertices", std::to_string(s.vertexCount()));
      f.emplace_back("triangles", std::to_string(s.triangleCount()));
      std::array<float, 3> lo{1e30f, 1e30f, 1e30f}, hi{-1e30f, -1e30f, -1e30f};
      for (const auto& v : s.vertices)
        for (int d = 0; d < 3; ++d) lo[d] = std::min(lo[d], v[d]), hi[d] = std::max(hi[d], v[d]);
      f.emplace_back("bounds_min", numberArray(lo));
      f.emplace_back("bounds_max", numberArray(hi));
    }
    void operator()(const ScalarMaps& m) const {
      f.emplace_back("hemisphere", hemisphereText(m.hemisphere));
      f.emplace_back("vertices", std::to_string(m.vertexCount()));
      f.emplace_back("maps", std::to_string(m.maps.size()));
      std::string names = "[";
      for (const auto& n : m.names) names += (names.size() > 1 ? ", " : "") + quoted(n);
      f.emplace_back("map_names", names + "]");
      ValueRange range;
      for (const auto& map : m.maps) range.add(map);
      range.addTo(f);
    }
    void operator()(const LabelMap& m) const {
      f.emplace_back("hemisphere", hemisphereText(m.hemisphere));
      f.emplace_back("vertices", std::to_string(m.vertexCount()));
      f.emplace_back("labels", std::to_string(m.labels.size()));
      ValueRange range;
      range.add(m.keys);
      f.emplace_back("key_range", "[" + number(range.min) + ", " + number(range.max) + "]");
    }
    void operator()(const VertexSubset& s) const {
      f.emplace_back("hemisphere", hemisphereText(s.hemisphere));
      f.emplace_back("vertices", std::to_string(s.vertices.size()));
      ValueRange range;
      range.add(s.values);
      range.addTo(f);
    }
    void operator()(const Volume& v) const {
      f.emplace_back("dimensions", numberArray(v.dims));
      f.emplace_back("voxel_size_mm", numberArray(v.spacing));
      std::string affine = "[";
      for (int r = 0; r < 4; ++r)
        affine += std::string(r ? ", " : "") +
                  numberArray(std::array<double, 4>{v.voxelToWorld.m[r * 4], v.voxelToWorld.m[r * 4 + 1],
                                                    v.voxelToWorld.m[r * 4 + 2], v.voxelToWorld.m[r * 4 + 3]});
      f.emplace_back("affine", affine + "]");
      ValueRange range;
      range.add(v.voxels);
      range.addTo(f);
    }
    void operator()(const NpyArray& a) const {
      f.emplace_back("shape", numberArray(a.shape));
      f.emplace_back("order", quoted(a.fortranOrder ? "Fortran" : "C"));
      ValueRange range;
      range.add(a.toDouble());
      range.addTo(f);
    }
    void operator()(const CiftiSurfaceData& c) const {
      f.emplace_back("cifti_kind", quoted(c.kind == CiftiSurfaceData::Kind::Labels ? "dense labels" : "dense scalars"));
      f.emplace_back("maps", std::to_string(c.mapNames.size()));
      for (Hemisphere h : {Hemisphere::Left, Hemisphere::Right})
        if (auto n = c.vertexCount(h)) f.emplace_back(toString(h) + "_vertices", std::to_string(*n));
      ValueRange range;
      for (const auto* maps : {&c.left, &c.right})
        if (*maps)
          for (const auto& map : (*maps)->maps) range.add(map);
      if (c.kind == CiftiSurfaceData::Kind::Scalars) range.addTo(f);
      std::size_t labels = 0;
      for (const auto* sets : {&c.leftLabels, &c.rightLabels})
        if (*sets && !(*sets)->empty()) labels = std::max(labels, (*sets)->front().labels.size());
      if (c.kind == CiftiSurfaceData::Kind::Labels) f.emplace_back("labels", std::to_string(labels));
    }
  };
  std::visit(Visitor{f}, file.content);
  if (!file.notes.empty()) {
    std::string notes = "[";
    for (const auto& n : file.notes) notes += (notes.size() > 1 ? ", " : "") + quoted(n);
    f.emplace_back("notes", notes + "]");
  }
  return f;
}

// JSON strings shown as plain text: drop the quotes and unescape what quoted() escaped for quotes and backslashes.
std::string plain(const std::string& json) {
  if (json.size() < 2 || json.front() != '"') return json;
  std::string out;
  for (std::size_t i = 1; i + 1 < json.size(); ++i) {
    if (json[i] == '\\' && i + 2 < json.size()) ++i;
    out += json[i];
  }
  return out;
}
}  // namespace

std::string describeAsText(const DataFile& file) {
  std::ostringstream out;
  for (const auto& [key, value] : collect(file)) {
    std::string label = key;
    for (auto& c : label)
      if (c == '_') c = ' ';
    out << "  " << label << std::string(label.size() < 18 ? 18 - label.size() : 1, ' ') << plain(value) << "\n";
  }
  return out.str();
}

std::string describeAsJson(const DataFile& file) {
  std::string out = "{";
  for (const auto& [key, value] : collect(file)) out += (out.size() > 1 ? ", " : "") + quoted(key) + ": " + value;
  return out + "}";
}

}  // namespace vl::core
