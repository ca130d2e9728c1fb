#include "core/io/MeshCacheFile.h"

#include <cstring>

#include "core/io/AtomicFileWriter.h"
#include "core/io/ByteReader.h"

namespace vl::core {
namespace {
constexpr char kMagic[8] = {'V', 'L', 'M', 'E', 'S', 'H', '\0', '\1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint64_t kMaxElements = 1ull << 28;  // far above any cortical mesh, far below a lying header

static_assert(std::endian::native == std::endian::little, "the mesh cache is written in native little-endian order");

void writeString(AtomicFileWriter& out, const std::string& text) {
  out.writeValue(static_cast<std::uint32_t>(text.size()));
  out.write(text);
}
}  // namespace

void writeMeshCache(const std::filesystem::path& file, const CachedMeshes& meshes) {
  AtomicFileWriter out(file);
  out.write(kMagic, sizeof kMagic);
  out.writeValue(kVersion);
  writeString(out, meshes.key);
  out.writeValue(static_cast<std::uint32_t>(meshes.surfaces.size()));
  for (const auto& s : meshes.surfaces) {
    out.writeValue(static_cast<std::uint8_t>(s.hemisphere));
    out.writeValue(static_cast<std::uint8_t>(s.kind));
    out.writeValue(static_cast<std::uint64_t>(s.vertices.size()));
    out.writeValue(static_cast<std::uint64_t>(s.triangles.size()));
    out.write(s.vertices.data(), s.vertices.size() * sizeof(Vec3f));
    out.write(s.triangles.data(), s.triangles.size() * sizeof(Triangle));
  }
  out.writeValue(static_cast<std::uint32_t>(meshes.layers.size()));
  for (const auto& layer : meshes.layers) {
    writeString(out, layer.name);
    out.writeValue(static_cast<std::uint8_t>(layer.kind));
    for (const auto& values : layer.values) {
      out.writeValue(static_cast<std::uint64_t>(values.size()));
      out.write(values.data(), values.size() * sizeof(float));
    }
  }
  out.commit();
}

CachedMeshes readMeshCache(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  if (in.readString(sizeof kMagic, "the magic number") != std::string(kMagic, sizeof kMagic))
    throw FormatError(file, "byte 0", "not a VoxelLens mesh cache (bad magic number)");
  if (const auto version = in.readLittle<std::uint32_t>("the version"); version != kVersion)
    in.fail("unsupported mesh cache version " + std::to_string(version) + ", expected " + std::to_string(kVersion));
  CachedMeshes meshes;
  meshes.key = in.readString(in.readLittle<std::uint32_t>("the key length"), "the key");
  const auto surfaceCount = in.readLittle<std::uint32_t>("the surface count");
  if (surfaceCount > 64) in.fail("implausible surface count " + std::to_string(surfaceCount));
  for (std::uint32_t i = 0; i < surfaceCount; ++i) {
    Surface s;
    const auto hemisphere = in.readLittle<std::uint8_t>("the hemisphere");
    const auto kind = in.readLittle<std::uint8_t>("the surface kind");
    if (hemisphere > 1 || kind > static_cast<std::uint8_t>(SurfaceKind::Other)) in.fail("bad hemisphere or kind code");
    s.hemisphere = static_cast<Hemisphere>(hemisphere);
    s.kind = static_cast<SurfaceKind>(kind);
    const auto vertexCount = in.readLittle<std::uint64_t>("the vertex count");
    const auto triangleCount = in.readLittle<std::uint64_t>("the triangle count");
    if (vertexCount > kMaxElements || triangleCount > kMaxElements) in.fail("implausible mesh size");
    s.vertices = in.readLittleArray<Vec3f>(vertexCount, "the vertices");
    s.triangles = in.readLittleArray<Triangle>(triangleCount, "the triangles");
    for (const auto& t : s.triangles)
      for (auto v : t)
        if (v < 0 || static_cast<std::uint64_t>(v) >= vertexCount) in.fail("triangle refers to a missing vertex");
    meshes.surfaces.push_back(std::move(s));
  }
  const auto layerCount = in.readLittle<std::uint32_t>("the layer count");
  if (layerCount > 4096) in.fail("implausible layer count " + std::to_string(layerCount));
  for (std::uint32_t i = 0; i < layerCount; ++i) {
    SurfaceLayer layer;
    layer.name = in.readString(in.readLittle<std::uint32_t>("the layer name length"), "the layer name");
    const auto kind = in.readLittle<std::uint8_t>("the layer kind");
    if (kind > static_cast<std::uint8_t>(LayerKind::Parcellation)) in.fail("bad layer kind code");
    layer.kind = static_cast<LayerKind>(kind);
    for (auto& values : layer.values) {
      const auto count = in.readLittle<std::uint64_t>("the value count");
      if (count > kMaxElements) in.fail("implausible value count");
      values = in.readLittleArray<float>(count, "the layer values");
    }
    meshes.layers.push_back(std::move(layer));
  }
  if (in.remaining() != 0) in.fail("unexpected bytes after the last layer");
  return meshes;
}

std::optional<CachedMeshes> readMeshCacheIfValid(const std::filesystem::path& file, const std::string& key) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;
  try {
    auto meshes = readMeshCache(file);
    if (meshes.key != key) return std::nullopt;
    return meshes;
  } catch (const FormatError&) {
    return std::nullopt;
  }
}

}  // namespace vl::core
