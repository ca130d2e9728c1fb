#include "core/io/FreeSurferCurv.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include "core/io/AtomicFileWriter.h"
#include "core/io/BigEndian.h"
#include "core/io/ByteReader.h"
#include "core/io/FreeSurferSurface.h"

namespace vl::core {
namespace {
constexpr std::int32_t kMaxVertices = 1 << 27;  // as for surfaces: far beyond any cortical mesh

std::string mapName(const std::filesystem::path& file) {
  auto name = file.filename().string();
  if (name.rfind("lh.", 0) == 0 || name.rfind("rh.", 0) == 0) name = name.substr(3);
  return name;
}
}  // namespace

ScalarMaps readFreeSurferCurv(const std::filesystem::path& file) {
  auto in = ByteReader::fromFile(file);
  const auto magic = in.readString(3, "the magic number");
  if (magic != "\xFF\xFF\xFF") {
    throw FormatError(file, "byte 0",
                      "not a new-format FreeSurfer curvature file (magic number is not FF FF FF); old-format curv "
                      "files (3-byte counts, int16 values) are not supported: convert with mris_convert -c");
  }
  const auto vertexCount = in.readBig<std::int32_t>("the vertex count");
  const auto faceCount = in.readBig<std::int32_t>("the face count");
  const auto valuesPerVertex = in.readBig<std::int32_t>("the values per vertex");
  if (vertexCount < 1 || vertexCount > kMaxVertices)
    throw FormatError(file, "byte 3", "implausible vertex count " + std::to_string(vertexCount));
  if (faceCount < 0) throw FormatError(file, "byte 7", "negative face count " + std::to_string(faceCount));
  if (valuesPerVertex != 1)
    throw FormatError(file, "byte 11",
                      "values per vertex is " + std::to_string(valuesPerVertex) + " (FreeSurfer only writes 1)");
  in.require(static_cast<std::uint64_t>(vertexCount), 4, "the per-vertex values");
  if (in.remaining() != static_cast<std::size_t>(vertexCount) * 4)
    in.fail("the file holds " + std::to_string(in.remaining()) + " bytes of values but the header promises " +
            std::to_string(vertexCount) + " float32 values");
  ScalarMaps result;
  result.hemisphere = hemisphereFromFileName(file);
  result.names.push_back(mapName(file));
  auto& values = result.maps.emplace_back(static_cast<std::size_t>(vertexCount));
  in.readBigArray(values.data(), values.size(), "the values");
  return result;
}

void writeFreeSurferCurv(const std::filesystem::path& file, const std::vector<float>& values, std::int32_t faceCount) {
  if (values.empty() || values.size() > static_cast<std::size_t>(kMaxVertices))
    throw std::invalid_argument("writeFreeSurferCurv: " + std::to_string(values.size()) + " values");
  std::string out("\xFF\xFF\xFF", 3);
  appendBig(out, static_cast<std::int32_t>(values.size()));
  appendBig(out, faceCount);
  appendBig(out, std::int32_t{1});
  out.reserve(out.size() + values.size() * 4);
  for (float v : values) appendBig(out, v);
  writeFileAtomically(file, out);
}

}  // namespace vl::core
