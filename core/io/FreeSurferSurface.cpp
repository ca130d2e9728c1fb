#include "core/io/FreeSurferSurface.h"

#include <bit>
#include <fstream>

#include "core/io/AtomicFileWriter.h"
#include "core/io/ByteReader.h"

namespace vl::core {
namespace {
constexpr unsigned char kTriangleMagic[3] = {0xFF, 0xFF, 0xFE};
constexpr std::int32_t kMaxElements = 1 << 27;

template <typename T>
void appendBig(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if constexpr (std::endian::native == std::endian::little)
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  out.append(bytes, sizeof(T));
}

bool hasPrefix(const std::string& name, const char* prefix) { return name.rfind(prefix, 0) == 0; }
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

Surface readFreeSurferSurface(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
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
  for (auto& v : surface.vertices)
    for (auto& c : v) c = in.readBig<float>("a vertex coordinate");
  surface.triangles.resize(static_cast<std::size_t>(faceCount));
  for (auto& t : surface.triangles) {
    for (auto& index : t) {
      index = in.readBig<std::int32_t>("a face");
      if (index < 0 || index >= vertexCount)
        in.fail("face refers to vertex " + std::to_string(index) + " of " + std::to_string(vertexCount));
    }
  }
  return surface;  // a volume-geometry footer may follow; nothing here needs it yet
}

void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface, const std::string& createdBy) {
  std::string out(reinterpret_cast<const char*>(kTriangleMagic), 3);
  out += "created by " + createdBy + "\n\n";
  appendBig(out, static_cast<std::int32_t>(surface.vertexCount()));
  appendBig(out, static_cast<std::int32_t>(surface.triangleCount()));
  for (const auto& v : surface.vertices)
    for (float c : v) appendBig(out, c);
  for (const auto& t : surface.triangles)
    for (auto index : t) appendBig(out, index);
  writeFileAtomically(file, out);
}

}  // namespace vl::core
