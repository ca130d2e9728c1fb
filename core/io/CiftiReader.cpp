#include "core/io/CiftiReader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/base/FormatError.h"
#include "core/io/ByteReader.h"
#include "core/io/CiftiXml.h"

namespace vl::core {
namespace {
constexpr std::int32_t kNifti2HeaderSize = 540;
constexpr std::int32_t kNifti1HeaderSize = 348;
constexpr std::int32_t kEcodeCifti = 32;  // NIFTI_ECODE_CIFTI
// Expanded per-vertex values (maps x surface vertices) per hemisphere: 1 GiB of float is beyond any real file.
constexpr std::uint64_t kMaxExpandedValues = std::uint64_t(1) << 28;

std::string at(std::size_t offset) { return "byte " + std::to_string(offset); }

std::int32_t swap32(std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  return static_cast<std::int32_t>((u >> 24) | ((u >> 8) & 0xFF00u) | ((u << 8) & 0xFF0000u) | (u << 24));
}

// The parts of the NIfTI-2 header a CIFTI reader needs, read field by field in the file's byte order.
struct Nifti2Header {
  bool bigEndian = false;
  std::int16_t datatype = 0;
  std::int64_t dim[8] = {};
  std::int64_t voxOffset = 0;
  double sclSlope = 0, sclInter = 0;
};

class Reader {
public:
  explicit Reader(ByteReader& in, bool big) : in_(in), big_(big) {}
  template <typename T>
  T get(const char* what) { return big_ ? in_.readBig<T>(what) : in_.readLittle<T>(what); }
  void skipTo(std::size_t offset, const char* what) {
    if (offset < in_.offset()) in_.fail(std::string("internal: cannot skip backwards to ") + what);
    in_.readString(offset - in_.offset(), what);
  }

private:
  ByteReader& in_;
  bool big_;
};

Nifti2Header readHeader(ByteReader& in, const std::filesystem::path& file) {
  const auto sizeofHdr = in.readLittle<std::int32_t>("sizeof_hdr");
  Nifti2Header h;
  if (sizeofHdr == kNifti2HeaderSize) {
    h.bigEndian = false;
  } else if (swap32(sizeofHdr) == kNifti2HeaderSize) {
    h.bigEndian = true;
  } else if (sizeofHdr == kNifti1HeaderSize || swap32(sizeofHdr) == kNifti1HeaderSize) {
    throw FormatError(file, at(0), "this is a NIfTI-1 file; CIFTI-2 files are NIfTI-2 (sizeof_hdr 540)");
  } else if ((static_cast<std::uint32_t>(sizeofHdr) & 0xFFFFu) == 0x8B1Fu) {
    throw FormatError(file, at(0), "gzip-compressed CIFTI files are not supported (decompress it first)");
  } else {
    throw FormatError(file, at(0), "not a NIfTI-2/CIFTI-2 file (sizeof_hdr is " + std::to_string(sizeofHdr) +
                                       ", expected 540)");
  }
  Reader r(in, h.bigEndian);
  const auto magic = in.readString(8, "the NIfTI-2 magic");
  if (magic.compare(0, 3, "ni2") == 0)
    throw FormatError(file, at(4), "a two-file (.hdr/.img) NIfTI-2 pair is not a CIFTI file");
  if (magic != std::string("n+2\0\r\n\032\n", 8))
    throw FormatError(file, at(4), "bad NIfTI-2 magic (expected \"n+2\" followed by \\0\\r\\n\\032\\n)");
  h.datatype = r.get<std::int16_t>("datatype");
  r.get<std::int16_t>("bitpix");
  for (auto& d : h.dim) d = r.get<std::int64_t>("dim");
  r.skipTo(168, "vox_offset");
  h.voxOffset = r.get<std::int64_t>("vox_offset");
  h.sclSlope = r.get<double>("scl_slope");
  h.sclInter = r.get<double>("scl_inter");
  r.skipTo(kNifti2HeaderSize, "the end of the header");
  return h;
}

// Walks the extensions between byte 544 and vox_offset and returns the text of the ecode-32 one.
std::string ciftiXml(ByteReader& in, const Nifti2Header& h, const std::filesystem::path& file,
                     std::size_t& xmlOffset) {
  Reader r(in, h.bigEndian);
  const auto extender = in.readString(4, "the extension flag");
  const std::uint64_t fileSize = in.offset() + in.remaining();
  if (h.voxOffset < 544 || static_cast<std::uint64_t>(h.voxOffset) > fileSize)
    throw FormatError(file, at(168), "vox_offset " + std::to_string(h.voxOffset) + " is outside 544.." +
                                         std::to_string(fileSize));
  if (extender[0] == 0)
    throw FormatError(file, at(540), "the NIfTI-2 header has no extensions, so no CIFTI-2 XML (ecode 32)");
  std::string found;
  std::vector<std::int32_t> otherCodes;
  bool haveXml = false;
  while (static_cast<std::int64_t>(in.offset()) + 8 <= h.voxOffset) {
    const std::size_t start = in.offset();
    const auto esize = r.get<std::int32_t>("extension size");
    const auto ecode = r.get<std::int32_t>("extension code");
    if (esize < 8 || static_cast<std::int64_t>(start) + esize > h.voxOffset)
      throw FormatError(file, at(start), "extension size " + std::to_string(esize) +
                                             " does not fit between its start and vox_offset " +
                                             std::to_string(h.voxOffset));
    if (ecode == kEcodeCifti && !haveXml) {
      xmlOffset = in.offset();
      found = in.readString(static_cast<std::uint64_t>(esize) - 8, "the CIFTI-2 XML");
      haveXml = true;
    } else {
      if (ecode != kEcodeCifti) otherCodes.push_back(ecode);
      in.readString(static_cast<std::uint64_t>(esize) - 8, "an extension");
    }
  }
  if (!haveXml) {
    std::string codes;
    for (auto c : otherCodes) codes += (codes.empty() ? "" : ", ") + std::to_string(c);
    throw FormatError(file, at(544), "no CIFTI-2 extension (ecode 32) in the header; extension codes found: " +
                                         (codes.empty() ? std::string("none") : codes));
  }
  // The XML is padded with NULs to a multiple of 16 bytes.
  while (!found.empty() && found.back() == '\0') found.pop_back();
  return found;
}

std::string rangeText(std::int64_t first, std::int64_t count) {
  return std::to_string(first) + ".." + std::to_string(first + count - 1);
}

void checkModels(const CiftiXml& xml, std::int64_t brainordinates, const std::filesystem::path& file) {
  std::vector<const CiftiBrainModel*> sorted;
  for (const auto& model : xml.brainModels) {
    if (model.indexOffset > brainordinates || model.indexCount > brainordinates - model.indexOffset)
      throw FormatError(file, "CIFTI BrainModel " + model.structure,
                        "covers brainordinates " + rangeText(model.indexOffset, model.indexCount) +
                            " but the data matrix has " + std::to_string(brainordinates) + " (NIfTI dim[6])");
    sorted.push_back(&model);
  }
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->indexOffset < b->indexOffset; });
  for (std::size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i - 1]->indexOffset + sorted[i - 1]->indexCount > sorted[i]->indexOffset)
      throw FormatError(file, "CIFTI BrainModel " + sorted[i]->structure,
                        "brainordinates " + rangeText(sorted[i]->indexOffset, sorted[i]->indexCount) +
                            " overlap those of " + sorted[i - 1]->structure);
}
}  // namespace

std::optional<std::size_t> CiftiSurfaceData::vertexCount(Hemisphere hemisphere) const {
  const bool isLeft = hemisphere == Hemisphere::Left;
  const auto& scalars = isLeft ? left : right;
  const auto& labels = isLeft ? leftLabels : rightLabels;
  if (scalars) return scalars->vertexCount();
  if (labels && !labels->empty()) return labels->front().vertexCount();
  return std::nullopt;
}

CiftiSurfaceData readCifti(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  const Nifti2Header h = readHeader(in, file);

  if (h.dim[0] < 6 || h.dim[0] > 7)
    throw FormatError(file, "header dim[0]", "dim[0] is " + std::to_string(h.dim[0]) +
                                                 "; a CIFTI-2 matrix has dim[0] 6 (dims 1-4 are 1, dim[5] x dim[6])");
  for (int k = 1; k <= 4; ++k)
    if (h.dim[k] != 1)
      throw FormatError(file, "header dim[" + std::to_string(k) + "]",
                        "is " + std::to_string(h.dim[k]) + "; CIFTI-2 keeps dims 1 to 4 at 1");
  if (h.dim[0] == 7 && h.dim[7] != 1)
    throw FormatError(file, "header dim[7]", "three-dimensional CIFTI matrices are not supported");
  const std::int64_t maps = h.dim[5], brainordinates = h.dim[6];
  if (maps < 1 || brainordinates < 1)
    throw FormatError(file, "header dim[5], dim[6]", "the matrix is " + std::to_string(maps) + " x " +
                                                         std::to_string(brainordinates) + "; both must be positive");
  std::size_t bytesPerValue = 0;
  if (h.datatype == 16) bytesPerValue = 4;       // DT_FLOAT32
  else if (h.datatype == 64) bytesPerValue = 8;  // DT_FLOAT64
  else
    throw FormatError(file, "header datatype", "datatype " + std::to_string(h.datatype) +
                                                   " is not supported (expected float32 or float64)");
  // Check the matrix against the file size before anything is allocated.
  const std::uint64_t fileSize = in.offset() + in.remaining();
  const std::uint64_t available = fileSize >= static_cast<std::uint64_t>(std::max<std::int64_t>(h.voxOffset, 0))
                                      ? fileSize - static_cast<std::uint64_t>(std::max<std::int64_t>(h.voxOffset, 0))
                                      : 0;
  if (static_cast<std::uint64_t>(maps) > available / bytesPerValue / static_cast<std::uint64_t>(brainordinates)) {
    // maps and brainordinates are each below 2^63; their product in bytes may not be, so say it in doubles.
    const double needed = double(maps) * double(brainordinates) * double(bytesPerValue);
    throw FormatError(file, "header dim[5], dim[6]",
                      "a " + std::to_string(maps) + " x " + std::to_string(brainordinates) + " matrix of " +
                          std::to_string(bytesPerValue) + "-byte values needs " +
                          (needed < 1e18 ? std::to_string(static_cast<std::uint64_t>(needed)) : "more than 10^18") +
                          " bytes but the file has " + std::to_string(available) + " after vox_offset");
  }

  std::size_t xmlOffset = 0;
  const std::string xmlText = ciftiXml(in, h, file, xmlOffset);
  const CiftiXml xml = parseCiftiXml(xmlText, file, at(xmlOffset));
  if (static_cast<std::int64_t>(xml.maps.size()) != maps)
    throw FormatError(file, at(xmlOffset), "the XML names " + std::to_string(xml.maps.size()) +
                                               " maps but the matrix has " + std::to_string(maps) + " (dim[5])");
  checkModels(xml, brainordinates, file);

  // The matrix, maps fastest: value(map m, brainordinate b) is element m + maps * b.
  Reader r(in, h.bigEndian);
  r.skipTo(static_cast<std::size_t>(h.voxOffset), "the data");
  const auto count = static_cast<std::size_t>(maps * brainordinates);
  std::vector<double> matrix(count);
  for (auto& v : matrix) v = bytesPerValue == 4 ? r.get<float>("the data matrix") : r.get<double>("the data matrix");

  CiftiSurfaceData result;
  result.file = file;
  result.kind = xml.mapKind == CiftiXml::MapKind::Labels ? CiftiSurfaceData::Kind::Labels
                                                         : CiftiSurfaceData::Kind::Scalars;
  for (const auto& map : xml.maps) result.mapNames.push_back(map.name);
  const bool scale = result.kind == CiftiSurfaceData::Kind::Scalars && std::isfinite(h.sclSlope) &&
                     std::isfinite(h.sclInter) && h.sclSlope != 0 && (h.sclSlope != 1 || h.sclInter != 0);

  std::vector<std::string> volumeStructures;
  for (const auto& model : xml.brainModels) {
    if (!model.surface) {
      volumeStructures.push_back(model.structure);
      continue;
    }
    std::optional<Hemisphere> hemisphere;
    if (model.structure == "CIFTI_STRUCTURE_CORTEX_LEFT") hemisphere = Hemisphere::Left;
    if (model.structure == "CIFTI_STRUCTURE_CORTEX_RIGHT") hemisphere = Hemisphere::Right;
    if (!hemisphere) {
      result.warnings.push_back("surface brain model " + model.structure + " (" + std::to_string(model.indexCount) +
                                " vertices) is not a cortical hemisphere and was skipped");
      continue;
    }
    if (result.has(*hemisphere))
      throw FormatError(file, "CIFTI BrainModel " + model.structure, "appears twice");
    const auto vertices = static_cast<std::size_t>(model.surfaceVertices);
    if (static_cast<std::uint64_t>(maps) * vertices > kMaxExpandedValues)
      throw FormatError(file, "CIFTI BrainModel " + model.structure,
                        std::to_string(maps) + " maps x " + std::to_string(vertices) +
                            " vertices is more than this reader expands (" + std::to_string(kMaxExpandedValues) + ")");
    auto value = [&](std::size_t m, std::size_t k) {
      return matrix[m + static_cast<std::size_t>(maps) * (static_cast<std::size_t>(model.indexOffset) + k)];
    };
    if (result.kind == CiftiSurfaceData::Kind::Scalars) {
      ScalarMaps out;
      out.hemisphere = hemisphere;
      out.names = result.mapNames;
      out.maps.assign(static_cast<std::size_t>(maps),
                      std::vector<float>(vertices, std::numeric_limits<float>::quiet_NaN()));
      for (std::size_t m = 0; m < out.maps.size(); ++m)
        for (std::size_t k = 0; k < model.vertexIndices.size(); ++k) {
          const double v = value(m, k);
          out.maps[m][static_cast<std::size_t>(model.vertexIndices[k])] =
              static_cast<float>(scale ? v * h.sclSlope + h.sclInter : v);
        }
      (*hemisphere == Hemisphere::Left ? result.left : result.right) = std::move(out);
    } else {
      std::vector<LabelMap> out(static_cast<std::size_t>(maps));
      for (std::size_t m = 0; m < out.size(); ++m) {
        out[m].hemisphere = hemisphere;
        out[m].name = xml.maps[m].name;
        out[m].labels = xml.maps[m].labels;
        out[m].keys.assign(vertices, kCiftiMissingKey);
        for (std::size_t k = 0; k < model.vertexIndices.size(); ++k) {
          const double v = value(m, k);
          if (!(v == std::trunc(v) && v >= std::numeric_limits<std::int32_t>::min() &&
                v <= std::numeric_limits<std::int32_t>::max()))
            throw FormatError(file, "map " + std::to_string(m) + ", brainordinate " +
                                        std::to_string(model.indexOffset + static_cast<std::int64_t>(k)),
                              "value " + std::to_string(v) + " is not an integer label key");
          out[m].keys[static_cast<std::size_t>(model.vertexIndices[k])] = static_cast<std::int32_t>(v);
        }
      }
      (*hemisphere == Hemisphere::Left ? result.leftLabels : result.rightLabels) = std::move(out);
    }
  }

  if (!volumeStructures.empty()) {
    const std::string message = "volume brain models (e.g. " + volumeStructures.front() +
                                ") are not supported yet";
    if (!result.has(Hemisphere::Left) && !result.has(Hemisphere::Right))
      throw FormatError(file, "CIFTI brain models",
                        message + "; the file has no CIFTI_STRUCTURE_CORTEX_LEFT/RIGHT surface models to read");
    result.warnings.push_back(message + "; surface models were read");
  }
  if (!result.has(Hemisphere::Left) && !result.has(Hemisphere::Right))
    throw FormatError(file, "CIFTI brain models",
                      "no CIFTI_STRUCTURE_CORTEX_LEFT or CIFTI_STRUCTURE_CORTEX_RIGHT surface model");
  return result;
}

void requireVertexCount(const CiftiSurfaceData& data, Hemisphere hemisphere, std::size_t surfaceVertices) {
  const auto count = data.vertexCount(hemisphere);
  if (!count)
    throw FormatError(data.file, "CIFTI brain models",
                      "the file has no data for the " + toString(hemisphere) + " hemisphere");
  if (*count != surfaceVertices)
    throw FormatError(data.file, "CIFTI SurfaceNumberOfVertices",
                      "the " + toString(hemisphere) + " hemisphere has " + std::to_string(*count) +
                          " vertices in the CIFTI file but the surface has " + std::to_string(surfaceVertices));
}

}  // namespace vl::core
