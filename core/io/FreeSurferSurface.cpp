#include "core/io/FreeSurferSurface.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
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
// The header (magic, comment, counts) fits in this many bytes: 3 + at most 4097 of comment + 8.
constexpr std::size_t kHeadBytes = 8192;

// The file opened once. The header and footer are small and go through ByteReader; the coordinates and faces,
// nearly all of the bytes, are read straight into the Surface's arrays (one pass over fresh memory instead of
// three: a zero-filled copy of the file, a memcpy and a byte swap).
class SurfaceFile {
 public:
  explicit SurfaceFile(const std::filesystem::path& file) : path_(file), stream_(nullptr, &std::fclose) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
    stream_.reset(std::fopen(file.c_str(), "rb"));
    if (!stream_) throw FormatError(file, "", "cannot open the file for reading");
    size_ = std::filesystem::file_size(file, error);
    if (error) throw FormatError(file, "", "cannot determine the file size");
  }
  std::uint64_t size() const { return size_; }

  // Bytes [first, min(first + maxBytes, size)) as a ByteReader that reports file offsets.
  ByteReader part(std::uint64_t first, std::uint64_t maxBytes) {
    std::vector<char> bytes(static_cast<std::size_t>(std::min(maxBytes, size_ - std::min(first, size_))));
    read(bytes.data(), first, bytes.size());
    return ByteReader(path_, std::move(bytes), static_cast<std::size_t>(first));
  }
  // Exactly `bytes` bytes at `first` into out; the caller has checked them against size().
  void read(void* out, std::uint64_t first, std::size_t bytes) {
    if (bytes == 0) return;
    if (std::fseek(stream_.get(), static_cast<long>(first), SEEK_SET) != 0 ||
        std::fread(out, 1, bytes, stream_.get()) != bytes)
      throw FormatError(path_, "byte " + std::to_string(first), "read failed");
  }

 private:
  const std::filesystem::path& path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream_;
  std::uint64_t size_ = 0;
};

// The x86-64 baseline has no byte shuffle, so these loops run one bswap per word; an AVX2 clone, chosen at load
// time when the CPU has it, swaps 8 words per instruction. Not under ThreadSanitizer: the clone's resolver runs while
// the program is being loaded, before the sanitizer's runtime starts, and its instrumented entry crashes every
// executable that links this file.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define VL_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VL_VECTOR_CLONES
#endif

// Big-endian to native in place.
VL_VECTOR_CLONES void bigToNative(std::uint32_t* words, std::size_t count) {
  if constexpr (std::endian::native == std::endian::little)
    for (std::size_t i = 0; i < count; ++i) words[i] = __builtin_bswap32(words[i]);
}

// The same for face indices, returning the largest one read as unsigned (a negative index is huge), so that the
// bounds check costs no second pass.
VL_VECTOR_CLONES std::uint32_t bigToNativeMax(std::uint32_t* words, std::size_t count) {
  std::uint32_t largest = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t word = words[i];
    if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap32(word);
    words[i] = word;
    largest = std::max(largest, word);
  }
  return largest;
}

// Reads everything up to the end of the faces; `end` is the file offset after the faces.
Surface readMesh(SurfaceFile& source, const std::filesystem::path& file, std::string& createdBy, std::uint64_t& end) {
  auto in = source.part(0, kHeadBytes);
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
  // Checked against the whole file (the reader holds only its head) before anything is allocated.
  const std::uint64_t verticesStart = in.offset(), left = source.size() - verticesStart;
  const std::uint64_t words = std::uint64_t(vertexCount) * 3 + std::uint64_t(faceCount) * 3;
  if (words > left / 4)
    in.fail("file ends before the coordinates and faces (needs " + std::to_string(words) + " x 4 bytes, " +
            std::to_string(left) + " left)");
  Surface surface;
  surface.hemisphere = hemisphereFromFileName(file).value_or(Hemisphere::Left);
  surface.kind = surfaceKindFromFileName(file);
  static_assert(sizeof(Vec3f) == 12 && sizeof(Triangle) == 12);
  surface.vertices.resize(static_cast<std::size_t>(vertexCount));
  source.read(surface.vertices.data(), verticesStart, surface.vertices.size() * sizeof(Vec3f));
  bigToNative(reinterpret_cast<std::uint32_t*>(surface.vertices.data()), 3 * surface.vertices.size());
  surface.triangles.resize(static_cast<std::size_t>(faceCount));
  const auto facesStart = verticesStart + surface.vertices.size() * sizeof(Vec3f);
  source.read(surface.triangles.data(), facesStart, surface.triangles.size() * sizeof(Triangle));
  const auto largest =
      bigToNativeMax(reinterpret_cast<std::uint32_t*>(surface.triangles.data()), 3 * surface.triangles.size());
  end = facesStart + surface.triangles.size() * sizeof(Triangle);
  // The swap found the largest index; only a bad file pays for the search that names the face.
  const auto* indices = surface.triangles.data()->data();
  if (largest >= static_cast<std::uint32_t>(vertexCount)) {
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
  SurfaceFile source(file);
  std::string createdBy;
  std::uint64_t end = 0;
  return readMesh(source, file, createdBy, end);  // the footer, if any, is not needed for the mesh
}

FreeSurferSurfaceFile readFreeSurferSurfaceWithFooter(const std::filesystem::path& file) {
  SurfaceFile source(file);
  FreeSurferSurfaceFile result;
  std::uint64_t end = 0;
  result.surface = readMesh(source, file, result.createdBy, end);
  auto footer = source.part(end, source.size() - end);
  result.footer = readFooter(footer);
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
