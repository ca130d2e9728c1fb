#include "core/io/FreeSurferSurface.h"

#include <bit>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/io/AtomicFileWriter.h"
#include "core/io/BigEndian.h"
#include "core/io/ByteReader.h"

namespace vl::core {
namespace {
constexpr unsigned char kTriangleMagic[3] = {0xFF, 0xFF, 0xFE};
constexpr std::int32_t kMaxElements = 1 << 27;

constexpr std::int32_t kTagOldUseRealRas = 2;
constexpr std::int32_t kTagOldSurfGeom = 20;
constexpr std::size_t kMaxLine = 4096;

bool hasPrefix(const std::string& name, const char* prefix) { return name.rfind(prefix, 0) == 0; }

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::string readLine(ByteReader& in, const char* what) {
  std::string line;
  while (true) {
    const auto c = static_cast<char>(in.readLittle<std::uint8_t>(what));
    if (c == '\n') return line;
    if (line.size() >= kMaxLine) in.fail(std::string(what) + " is longer than 4096 bytes");
    line += c;
  }
}

// One "key = value" line of the footer; returns the value text. FreeSurfer pads keys ("xras   = ...").
std::string footerValue(ByteReader& in, const char* key) {
  const auto start = in.offset();
  const auto line = readLine(in, "a volume-geometry footer line");
  const auto equals = line.find('=');
  if (equals == std::string::npos || trim(std::string_view(line).substr(0, equals)) != key)
    throw FormatError(in.file(), "byte " + std::to_string(start),
                      std::string("volume-geometry footer: expected a \"") + key + " = ...\" line, found \"" +
                          line.substr(0, 80) + "\"");
  return trim(std::string_view(line).substr(equals + 1));
}

template <typename T>
std::array<T, 3> footerTriple(ByteReader& in, const char* key) {
  const auto start = in.offset();
  const auto text = footerValue(in, key);
  std::array<T, 3> out{};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (auto& value : out) {
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    const auto [next, error] = std::from_chars(p, end, value);
    if (error != std::errc()) {
      throw FormatError(in.file(), "byte " + std::to_string(start),
                        std::string("volume-geometry footer: \"") + key + "\" needs three numbers, found \"" +
                            text.substr(0, 80) + "\"");
    }
    p = next;
  }
  while (p < end && (*p == ' ' || *p == '\t')) ++p;
  if (p != end)
    throw FormatError(in.file(), "byte " + std::to_string(start),
                      std::string("volume-geometry footer: \"") + key + "\" has more than three numbers");
  return out;
}

std::optional<SurfaceGeometryFooter> readFooter(ByteReader& in) {
  if (in.remaining() < 4) return std::nullopt;  // no footer: older files and many other tools
  SurfaceGeometryFooter footer;
  const auto tag = in.readBig<std::int32_t>("the footer tag");
  if (tag == kTagOldUseRealRas) {
    footer.useRealRas = in.readBig<std::int32_t>("the useRealRAS flag");
    if (in.readBig<std::int32_t>("the volume-geometry tag") != kTagOldSurfGeom) return std::nullopt;
  } else if (tag != kTagOldSurfGeom) {
    return std::nullopt;  // an extension we do not know: the mesh is still good (nibabel warns and goes on)
  }
  const auto validStart = in.offset();
  const auto valid = footerValue(in, "valid");
  if (valid.empty() || (valid[0] != '0' && valid[0] != '1'))
    throw FormatError(in.file(), "byte " + std::to_string(validStart),
                      "volume-geometry footer: \"valid\" must be 0 or 1, found \"" + valid.substr(0, 80) + "\"");
  footer.valid = valid[0] == '1';
  footer.filename = footerValue(in, "filename");
  footer.volume = footerTriple<std::int32_t>(in, "volume");
  footer.voxelSize = footerTriple<double>(in, "voxelsize");
  footer.xras = footerTriple<double>(in, "xras");
  footer.yras = footerTriple<double>(in, "yras");
  footer.zras = footerTriple<double>(in, "zras");
  footer.cras = footerTriple<double>(in, "cras");
  footer.trailingTags = in.readString(in.remaining(), "the trailing tags");
  return footer;
}

std::string formatTriple(const char* key, const std::array<double, 3>& v) {
  char line[256];
  // %.17g: the doubles read back are the ones written (FreeSurfer itself writes %.15e).
  std::snprintf(line, sizeof line, "%-6s = %.17g %.17g %.17g\n", key, v[0], v[1], v[2]);
  return line;
}
bool contains(const std::string& name, const char* part) { return name.find(part) != std::string::npos; }
}  // namespace

std::optional<Hemisphere> hemisphereFromFileName(const std::filesystem::path& file) {
  const auto name = file.filename().string();
  if (hasPrefix(name, "lh.") || contains(name, ".L.") || contains(name, "hemi-L")) return Hemisphere::Left;
  if (hasPrefix(name, "rh.") || contains(name, ".R.") || contains(name, "hemi-R")) return Hemisphere::Right;
  return std::nullopt;
}

SurfaceKind surfaceKindFromFileName(const std::filesystem::path& file) {
  const auto name = file.filename().string();
  if (contains(name, "very_inflated") || contains(name, "veryinflated")) return SurfaceKind::VeryInflated;
  if (contains(name, "inflated")) return SurfaceKind::Inflated;
  if (contains(name, "sphere")) return SurfaceKind::Sphere;
  if (contains(name, "flat")) return SurfaceKind::Flat;
  if (contains(name, "pial")) return SurfaceKind::Pial;
  if (contains(name, "midthickness")) return SurfaceKind::Midthickness;
  if (contains(name, "white") || contains(name, "smoothwm") || contains(name, "orig")) return SurfaceKind::White;
  return SurfaceKind::Other;
}

bool looksLikeFreeSurferSurface(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  unsigned char magic[3] = {0, 0, 0};
  return in.read(reinterpret_cast<char*>(magic), 3) && std::equal(magic, magic + 3, kTriangleMagic);
}

namespace {
// Reads everything up to the end of the faces and leaves the reader there.
Surface readMesh(ByteReader& in, const std::filesystem::path& file, std::string& createdBy) {
  const auto magic = in.readString(3, "the magic number");
  if (magic != std::string(reinterpret_cast<const char*>(kTriangleMagic), 3)) {
    throw FormatError(file, "byte 0", magic == "\xFF\xFF\xFF" || magic == "\xFF\xFF\xFD"
                                          ? "quadrangle FreeSurfer surfaces are not supported (expected a triangle file)"
                                          : "not a FreeSurfer triangle surface (magic number is not FF FF FE)");
  }
  // The text comment ends with two newlines; FreeSurfer never writes more than a short line.
  std::string comment;
  while (true) {
    if (comment.size() > 4096) in.fail("comment line longer than 4096 bytes (not a FreeSurfer surface?)");
    comment += static_cast<char>(in.readLittle<std::uint8_t>("the end of the comment line"));
    if (comment.size() >= 2 && comment.ends_with("\n\n")) break;
  }
  const auto vertexCount = in.readBig<std::int32_t>("the vertex count");
  const auto faceCount = in.readBig<std::int32_t>("the face count");
  if (vertexCount < 3 || vertexCount > kMaxElements || faceCount < 1 || faceCount > kMaxElements)
    in.fail("implausible counts: " + std::to_string(vertexCount) + " vertices, " + std::to_string(faceCount) + " faces");
  in.require(std::uint64_t(vertexCount) * 3 + std::uint64_t(faceCount) * 3, 4, "the coordinates and faces");
  Surface surface;
  surface.hemisphere = hemisphereFromFileName(file).value_or(Hemisphere::Left);
  surface.kind = surfaceKindFromFileName(file);
  surface.vertices.resize(static_cast<std::size_t>(vertexCount));
  in.readBigArray(surface.vertices.data()->data(), 3 * std::uint64_t(vertexCount), "the vertex coordinates");
  surface.triangles.resize(static_cast<std::size_t>(faceCount));
  const auto facesStart = in.offset();
  in.readBigArray(surface.triangles.data()->data(), 3 * std::uint64_t(faceCount), "the faces");
  // One pass over the indices (a branch-free bound check the compiler vectorises); the slow path names the face.
  const auto* indices = surface.triangles.data()->data();
  bool allValid = true;
  for (std::size_t i = 0; i < 3 * static_cast<std::size_t>(faceCount); ++i)
    allValid &= static_cast<std::uint32_t>(indices[i]) < static_cast<std::uint32_t>(vertexCount);
  if (!allValid) {
    for (std::size_t i = 0; i < 3 * static_cast<std::size_t>(faceCount); ++i)
      if (indices[i] < 0 || indices[i] >= vertexCount)
        throw FormatError(file, "byte " + std::to_string(facesStart + 4 * i),
                          "face refers to vertex " + std::to_string(indices[i]) + " of " + std::to_string(vertexCount));
  }
  comment.resize(comment.size() - 2);
  createdBy = hasPrefix(comment, "created by ") ? comment.substr(11) : comment;
  return surface;
}
}  // namespace

Surface readFreeSurferSurface(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  std::string createdBy;
  return readMesh(in, file, createdBy);  // the footer, if any, is not needed for the mesh
}

FreeSurferSurfaceFile readFreeSurferSurfaceWithFooter(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  FreeSurferSurfaceFile result;
  result.surface = readMesh(in, file, result.createdBy);
  result.footer = readFooter(in);
  return result;
}


void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface, const std::string& createdBy) {
  writeFreeSurferSurface(file, surface, std::nullopt, createdBy);
}

void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface,
                            const std::optional<SurfaceGeometryFooter>& footer, const std::string& createdBy) {
  std::string out(reinterpret_cast<const char*>(kTriangleMagic), 3);
  out += "created by " + createdBy + "\n\n";
  appendBig(out, static_cast<std::int32_t>(surface.vertexCount()));
  appendBig(out, static_cast<std::int32_t>(surface.triangleCount()));
  for (const auto& v : surface.vertices)
    for (float c : v) appendBig(out, c);
  for (const auto& t : surface.triangles)
    for (auto index : t) appendBig(out, index);
  if (footer) {
    if (footer->useRealRas) {
      appendBig(out, kTagOldUseRealRas);
      appendBig(out, *footer->useRealRas);
    }
    appendBig(out, kTagOldSurfGeom);
    out += footer->valid ? "valid = 1  # volume info valid\n" : "valid = 0  # volume info invalid\n";
    out += "filename = " + footer->filename + "\n";
    out += "volume = " + std::to_string(footer->volume[0]) + " " + std::to_string(footer->volume[1]) + " " +
           std::to_string(footer->volume[2]) + "\n";
    out += formatTriple("voxelsize", footer->voxelSize);
    out += formatTriple("xras", footer->xras);
    out += formatTriple("yras", footer->yras);
    out += formatTriple("zras", footer->zras);
    out += formatTriple("cras", footer->cras);
    out += footer->trailingTags;
  }
  writeFileAtomically(file, out);
}

}  // namespace vl::core
