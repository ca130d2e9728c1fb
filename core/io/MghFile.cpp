#include "core/io/MghFile.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/base/FormatError.h"
#include "core/base/MemoryLimit.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/BigEndian.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GzipFile.h"

namespace vl::core {
namespace {
constexpr std::size_t kHeaderBytes = 284;  // the data always starts here
constexpr std::size_t kUsedHeaderBytes = 90;  // version .. c_s; the rest of the 284 is unused (zeros)
constexpr std::int32_t kMaxFrames = 10000;  // NSD beta series have 750
constexpr std::uint64_t kMaxDataBytes = std::uint64_t(1) << 33;  // 8 GiB
constexpr std::size_t kMaxTailBytes = std::size_t(1) << 20;        // FreeSurfer's tags are a few KB
constexpr std::size_t kReadChunk = std::size_t(1) << 24;
// FreeSurfer's default orientation when goodRASFlag is 0: coronal slices, LIA (as MRIallocHeader sets it).
constexpr std::array<float, 9> kDefaultCosines{-1, 0, 0, 0, 0, -1, 0, 1, 0};

template <typename T>
T bigAt(const unsigned char* bytes, std::size_t offset) {
  T value;
  std::memcpy(&value, bytes + offset, sizeof(T));
  return bigEndianSwap(value);
}

std::size_t bytesPerValue(std::int32_t type) {
  switch (type) {
    case 0: return 1;
    case 1: return 4;
    case 3: return 4;
    case 4: return 2;
    default: return 0;
  }
}

const char* typeName(MghType type) {
  switch (type) {
    case MghType::UChar: return "UINT8";
    case MghType::Int: return "INT32";
    case MghType::Float: return "FLOAT32";
    case MghType::Short: return "INT16";
  }
  return "?";
}

// Bytes come from a plain file or a gzip stream; both hand out what they have and say when they run dry.
class Source {
public:
  explicit Source(const std::filesystem::path& file) : file_(file) {
    if (looksGzipped(file)) {
      gzip_.emplace(file);
    } else {
      std::error_code error;
      if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
      plainSize_ = std::filesystem::file_size(file, error);
      if (error) throw FormatError(file, "", "cannot determine the file size");
      plain_.open(file, std::ios::binary);
      if (!plain_) throw FormatError(file, "", "cannot open the file for reading");
    }
  }
  bool compressed() const { return gzip_.has_value(); }
  std::uint64_t plainSize() const { return plainSize_; }
  std::size_t read(void* out, std::size_t size) {
    if (gzip_) return gzip_->read(out, size);
    plain_.read(static_cast<char*>(out), static_cast<std::streamsize>(size));
    return static_cast<std::size_t>(plain_.gcount());
  }

private:
  std::filesystem::path file_;
  std::optional<GzipReader> gzip_;
  std::ifstream plain_;
  std::uint64_t plainSize_ = 0;
};

// Reads count big-endian values, growing the vector only as the bytes arrive: a lying header in a small .mgz
// costs what the stream really holds, not what the header claims.
template <typename T>
std::vector<T> readValues(Source& source, const std::filesystem::path& file, std::uint64_t count) {
  std::vector<T> values;
  const auto total = static_cast<std::size_t>(count);
  while (values.size() < total) {
    const auto had = values.size();
    const auto grow = std::max<std::size_t>(kReadChunk / sizeof(T), had);
    values.resize(had + std::min(grow, total - had));
    const auto want = (values.size() - had) * sizeof(T);
    const auto got = source.read(values.data() + had, want);
    if (got != want)
      throw FormatError(file, "byte " + std::to_string(kHeaderBytes + had * sizeof(T) + got),
                        "the data ends after " + std::to_string(had * sizeof(T) + got) + " of " +
                            std::to_string(total * sizeof(T)) + " bytes the header promises");
  }
  if constexpr (sizeof(T) > 1)
    for (auto& v : values) v = bigEndianSwap(v);
  return values;
}

template <typename T>
void writeValues(AtomicFileWriter& plain, GzipWriter* gzip, const std::vector<T>& values) {
  std::vector<T> chunk;
  const std::size_t step = kReadChunk / sizeof(T);
  for (std::size_t start = 0; start < values.size(); start += step) {
    const auto end = std::min(values.size(), start + step);
    chunk.assign(values.begin() + static_cast<std::ptrdiff_t>(start),
                 values.begin() + static_cast<std::ptrdiff_t>(end));
    for (auto& v : chunk) v = bigEndianSwap(v);
    if (gzip) gzip->write(chunk.data(), chunk.size() * sizeof(T));
    else plain.write(chunk.data(), chunk.size() * sizeof(T));
  }
}

std::string stemOf(const std::filesystem::path& file) {
  auto name = file.filename().string();
  if (name.rfind("lh.", 0) == 0 || name.rfind("rh.", 0) == 0) name = name.substr(3);
  for (const char* ext : {".mgz", ".mgh", ".MGZ", ".MGH"})
    if (name.ends_with(ext)) name.resize(name.size() - 4);
  return name;
}
}  // namespace

MghType MghImage::type() const {
  switch (data.index()) {
    case 0: return MghType::UChar;
    case 1: return MghType::Int;
    case 2: return MghType::Float;
    default: return MghType::Short;
  }
}

std::uint64_t MghImage::voxelCount() const {
  std::uint64_t count = 1;
  for (auto d : dims) count *= static_cast<std::uint64_t>(std::max(d, 0));
  return count;
}

std::size_t MghImage::valueCount() const {
  return std::visit([](const auto& values) { return values.size(); }, data);
}

std::array<double, 3> MghImage::effectiveSpacing() const {
  if (goodRasFlag == 0) return {1, 1, 1};
  return {spacing[0], spacing[1], spacing[2]};
}

Affine MghImage::vox2ras() const {
  // nibabel's get_affine: column c of the 3x3 is axis c's cosines times its voxel size, and the translation puts
  // voxel dims/2 at the centre RAS.
  const auto& cosines = goodRasFlag == 0 ? kDefaultCosines : directionCosines;
  const auto size = effectiveSpacing();
  std::array<double, 3> centre{0, 0, 0};
  if (goodRasFlag != 0) centre = {centerRas[0], centerRas[1], centerRas[2]};
  Affine a;
  for (int r = 0; r < 3; ++r) {
    double offset = 0;
    for (int c = 0; c < 3; ++c) {
      const auto column = static_cast<std::size_t>(c);
      const double m = static_cast<double>(cosines[column * 3 + static_cast<std::size_t>(r)]) * size[column];
      a.m[static_cast<std::size_t>(r * 4 + c)] = m;
      offset += m * dims[static_cast<std::size_t>(c)] / 2.0;
    }
    a.m[static_cast<std::size_t>(r * 4 + 3)] = centre[static_cast<std::size_t>(r)] - offset;
  }
  return a;
}

Affine MghImage::vox2rasTkr() const {
  const auto d = effectiveSpacing();
  Affine a;
  a.m = {-d[0], 0, 0, dims[0] * d[0] / 2, 0, 0, d[2], -dims[2] * d[2] / 2, 0, -d[1], 0, dims[1] * d[1] / 2, 0, 0, 0, 1};
  return a;
}

void MghImage::setVox2ras(const Affine& affine) {
  // nibabel's _affine2header (FreeSurfer's save_mgh.m): voxel sizes are the column norms, cosines the unit
  // columns, and the centre RAS is where voxel dims/2 lands.
  for (std::size_t c = 0; c < 3; ++c) {
    const double x = affine.m[c], y = affine.m[4 + c], z = affine.m[8 + c];
    const double norm = std::sqrt(x * x + y * y + z * z);
    if (!(norm > 0) || !std::isfinite(norm)) throw std::invalid_argument("setVox2ras: singular or invalid affine");
    spacing[c] = static_cast<float>(norm);
    directionCosines[c * 3 + 0] = static_cast<float>(x / norm);
    directionCosines[c * 3 + 1] = static_cast<float>(y / norm);
    directionCosines[c * 3 + 2] = static_cast<float>(z / norm);
  }
  const auto centre = affine.apply(dims[0] / 2.0, dims[1] / 2.0, dims[2] / 2.0);
  for (std::size_t r = 0; r < 3; ++r) centerRas[r] = static_cast<float>(centre[r]);
  goodRasFlag = 1;
}

std::vector<float> MghImage::framesAsFloat() const {
  return std::visit(
      [](const auto& values) {
        std::vector<float> out(values.size());
        std::transform(values.begin(), values.end(), out.begin(), [](auto v) { return static_cast<float>(v); });
        return out;
      },
      data);
}

MghImage readMgh(const std::filesystem::path& file) {
  Source source(file);
  unsigned char header[kHeaderBytes];
  const auto got = source.read(header, kHeaderBytes);
  if (got < kHeaderBytes)
    throw FormatError(file, "byte " + std::to_string(got),
                      "the file ends inside the 284-byte MGH header (" + std::to_string(got) + " bytes)");
  const auto version = bigAt<std::int32_t>(header, 0);
  if (version != 1)
    throw FormatError(file, "byte 0",
                      "not an MGH volume (version is " + std::to_string(version) + ", expected 1)");
  MghImage image;
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < 4; ++i) {
    image.dims[i] = bigAt<std::int32_t>(header, 4 + 4 * i);
    if (image.dims[i] < 1 || (i == 3 && image.dims[i] > kMaxFrames))
      throw FormatError(file, "byte " + std::to_string(4 + 4 * i),
                        std::string(i == 3 ? "frame count " : "dimension ") + std::to_string(image.dims[i]) +
                            (i == 3 ? " outside 1.." + std::to_string(kMaxFrames) : " is not positive"));
    count *= static_cast<std::uint64_t>(image.dims[i]);
    if (count > kMaxDataBytes)
      throw FormatError(file, "byte 4", "implausible size: more than 2^33 voxels");
  }
  const auto type = bigAt<std::int32_t>(header, 20);
  const auto valueBytes = bytesPerValue(type);
  if (valueBytes == 0)
    throw FormatError(file, "byte 20",
                      "unsupported data type " + std::to_string(type) +
                          " (expected 0 uchar, 1 int, 3 float or 4 short)");
  const auto dataBytes = count * valueBytes;
  if (dataBytes > kMaxDataBytes)
    throw FormatError(file, "byte 4", "the data would take " + std::to_string(dataBytes) + " bytes (limit 8 GiB)");
  requireMemory(dataBytes + count * sizeof(float), file, "byte 4");  // the stored values, then as floats
  if (!source.compressed() && source.plainSize() < kHeaderBytes + dataBytes)
    throw FormatError(file, "byte " + std::to_string(source.plainSize()),
                      "the file holds " + std::to_string(source.plainSize() - kHeaderBytes) + " bytes of data but the "
                      "header promises " + std::to_string(dataBytes));
  image.dof = bigAt<std::int32_t>(header, 24);
  image.goodRasFlag = bigAt<std::int16_t>(header, 28);
  for (std::size_t i = 0; i < 3; ++i) image.spacing[i] = bigAt<float>(header, 30 + 4 * i);
  for (std::size_t i = 0; i < 9; ++i) image.directionCosines[i] = bigAt<float>(header, 42 + 4 * i);
  for (std::size_t i = 0; i < 3; ++i) image.centerRas[i] = bigAt<float>(header, 78 + 4 * i);
  if (image.goodRasFlag != 0) {
    for (float s : image.spacing)
      if (!std::isfinite(s)) throw FormatError(file, "byte 30", "voxel size is not a finite number");
  }
  switch (type) {
    case 0: image.data = readValues<std::uint8_t>(source, file, count); break;
    case 1: image.data = readValues<std::int32_t>(source, file, count); break;
    case 3: image.data = readValues<float>(source, file, count); break;
    default: image.data = readValues<std::int16_t>(source, file, count); break;
  }
  // The optional tail: read at most the cap plus one byte, so a gzip bomb behind the data stops here.
  std::string tail(kMaxTailBytes + 1, '\0');
  std::size_t tailBytes = 0;
  while (tailBytes < tail.size()) {
    const auto n = source.read(tail.data() + tailBytes, tail.size() - tailBytes);
    if (n == 0) break;
    tailBytes += n;
  }
  if (tailBytes > kMaxTailBytes)
    throw FormatError(file, "byte " + std::to_string(kHeaderBytes + dataBytes),
                      "more than 1 MiB follows the data (not an MGH file, or a decompression bomb)");
  tail.resize(tailBytes);
  if (tail.size() >= 20) {
    const auto* t = reinterpret_cast<const unsigned char*>(tail.data());
    image.scan = MghScanParameters{bigAt<float>(t, 0), bigAt<float>(t, 4), bigAt<float>(t, 8), bigAt<float>(t, 12),
                                   bigAt<float>(t, 16)};
    image.tags = tail.substr(20);
  }
  // Fewer than 20 bytes after the data: a cut-off tail that FreeSurfer would also ignore.
  return image;
}

void writeMgh(const std::filesystem::path& file, const MghImage& image) {
  for (auto d : image.dims)
    if (d < 1) throw std::invalid_argument("writeMgh: dimensions must be positive");
  if (image.voxelCount() != image.valueCount())
    throw std::invalid_argument("writeMgh: " + std::to_string(image.valueCount()) + " values for " +
                                std::to_string(image.voxelCount()) + " voxels");
  std::string header;
  header.reserve(kHeaderBytes);
  appendBig(header, std::int32_t{1});
  for (auto d : image.dims) appendBig(header, d);
  appendBig(header, static_cast<std::int32_t>(image.type()));
  appendBig(header, image.dof);
  appendBig(header, image.goodRasFlag);
  for (float v : image.spacing) appendBig(header, v);
  for (float v : image.directionCosines) appendBig(header, v);
  for (float v : image.centerRas) appendBig(header, v);
  static_assert(kUsedHeaderBytes < kHeaderBytes);
  header.resize(kHeaderBytes, '\0');
  std::string tail;
  if (image.scan) {
    for (float v : {image.scan->tr, image.scan->flipAngle, image.scan->te, image.scan->ti, image.scan->fov})
      appendBig(tail, v);
    tail += image.tags;
  }
  auto extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  AtomicFileWriter writer(file);
  std::optional<GzipWriter> gzip;
  if (extension == ".mgz") gzip.emplace(writer);
  if (gzip) gzip->write(header);
  else writer.write(header);
  std::visit([&](const auto& values) { writeValues(writer, gzip ? &*gzip : nullptr, values); }, image.data);
  if (gzip) {
    gzip->write(tail);
    gzip->finish();
  } else {
    writer.write(tail);
  }
  writer.commit();
}

Volume toVolume(const MghImage& image) {
  Volume volume;
  for (std::size_t i = 0; i < 4; ++i) volume.dims[i] = image.dims[i];
  volume.spacing = image.effectiveSpacing();
  volume.voxelToWorld = image.vox2ras();
  volume.sourceDatatype = typeName(image.type());
  volume.voxels = image.framesAsFloat();
  return volume;
}

ScalarMaps toScalarMaps(const MghImage& image, const std::filesystem::path& file) {
  ScalarMaps maps;
  maps.hemisphere = hemisphereFromFileName(file);
  const auto all = image.framesAsFloat();
  const auto vertices = static_cast<std::size_t>(image.dims[0]) * static_cast<std::size_t>(image.dims[1]) *
                        static_cast<std::size_t>(image.dims[2]);
  const auto frames = static_cast<std::size_t>(image.dims[3]);
  if (all.size() != vertices * frames) throw std::invalid_argument("toScalarMaps: data and dims disagree");
  const auto stem = stemOf(file);
  for (std::size_t f = 0; f < frames; ++f) {
    maps.names.push_back(frames == 1 ? stem : stem + " frame " + std::to_string(f));
    maps.maps.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(f * vertices),
                           all.begin() + static_cast<std::ptrdiff_t>((f + 1) * vertices));
  }
  return maps;
}

}  // namespace vl::core
