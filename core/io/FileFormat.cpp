#include "core/io/FileFormat.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <string_view>

#include "core/base/FormatError.h"
#include "core/io/Gzip.h"

namespace vl::core {
namespace {
constexpr std::size_t kPeekBytes = 4096;

std::string lowerName(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// The first bytes of the file, gunzipped when it is gzip (so .nii.gz and .mgz can be told apart).
std::string peek(const std::filesystem::path& file, bool& gzipped) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file");
  std::string head(kPeekBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  gzipped = startsLikeGzip({reinterpret_cast<const std::uint8_t*>(head.data()), head.size()});
  if (!gzipped) return head;
  gzFile gz = gzopen(file.c_str(), "rb");
  if (!gz) return {};
  std::string inflated(kPeekBytes, '\0');
  const int got = gzread(gz, inflated.data(), static_cast<unsigned>(inflated.size()));
  gzclose(gz);
  inflated.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return inflated;
}

std::uint32_t bigEndian32(const std::string& bytes, std::size_t offset) {
  if (bytes.size() < offset + 4) return 0;
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
  return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

std::int32_t nativeInt32(const std::string& bytes, std::size_t offset) {
  std::int32_t value = 0;
  if (bytes.size() >= offset + 4) std::memcpy(&value, bytes.data() + offset, 4);
  return value;
}

// NIfTI-1 (sizeof_hdr 348, magic "n+1"/"ni1" at 344) or NIfTI-2 (540, "n+2"/"ni2" at 4), either byte order.
FileFormat niftiKind(const std::string& head, const std::string& name) {
  auto sizeIs = [&](std::int32_t expected) {
    const std::int32_t v = nativeInt32(head, 0);
    return v == expected || static_cast<std::int32_t>(__builtin_bswap32(static_cast<std::uint32_t>(v))) == expected;
  };
  if (sizeIs(348) && head.size() >= 348 && (head.compare(344, 3, "n+1") == 0 || head.compare(344, 3, "ni1") == 0))
    return FileFormat::Nifti1;
  if (sizeIs(540) && head.size() >= 8 && (head.compare(4, 3, "n+2") == 0 || head.compare(4, 3, "ni2") == 0)) {
    // CIFTI: the XML extension follows the 540-byte header and 4 extension flag bytes; its ecode is 32.
    if (head.size() >= 552 && head[540] != 0) {
      const std::int32_t ecode = nativeInt32(head, 548);
      if (ecode == 32 || static_cast<std::int32_t>(__builtin_bswap32(static_cast<std::uint32_t>(ecode))) == 32)
        return FileFormat::Cifti2;
    }
    if (name.ends_with(".dscalar.nii") || name.ends_with(".dlabel.nii") || name.ends_with(".dtseries.nii"))
      return FileFormat::Cifti2;
    return FileFormat::Nifti2;
  }
  return FileFormat::Unknown;
}
}  // namespace

std::string toString(FileFormat format) {
  switch (format) {
    case FileFormat::FreeSurferSurface: return "FreeSurfer surface";
    case FileFormat::FreeSurferCurv: return "FreeSurfer curvature";
    case FileFormat::FreeSurferAnnot: return "FreeSurfer annotation";
    case FileFormat::FreeSurferLabel: return "FreeSurfer label";
    case FileFormat::Mgh: return "MGH";
    case FileFormat::Mgz: return "MGZ";
    case FileFormat::Gifti: return "GIfTI";
    case FileFormat::Nifti1: return "NIfTI-1";
    case FileFormat::Nifti2: return "NIfTI-2";
    case FileFormat::Cifti2: return "CIFTI-2";
    case FileFormat::Npy: return "NumPy";
    case FileFormat::Unknown: break;
  }
  return "unknown";
}

FileFormat detectFileFormat(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw FormatError(file, "", "no such file");
  bool gzipped = false;
  const std::string head = peek(file, gzipped);
  const std::string name = lowerName(file);
  if (head.size() >= 6 && head.compare(0, 6, "\x93NUMPY") == 0) return FileFormat::Npy;
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xFF && static_cast<unsigned char>(head[1]) == 0xFF) {
    if (static_cast<unsigned char>(head[2]) == 0xFE) return FileFormat::FreeSurferSurface;
    if (static_cast<unsigned char>(head[2]) == 0xFF) return FileFormat::FreeSurferCurv;
  }
  if (const auto nifti = niftiKind(head, name); nifti != FileFormat::Unknown) {
    // A name that promises CIFTI goes to the CIFTI reader, which says what is wrong with a plain NIfTI inside.
    if (name.ends_with(".dscalar.nii") || name.ends_with(".dlabel.nii")) return FileFormat::Cifti2;
    return nifti;
  }
  // MGH: version 1 then four positive dimensions and a known type code, big-endian.
  if (bigEndian32(head, 0) == 1 && head.size() >= 284) {
    const std::uint32_t type = bigEndian32(head, 20);
    if (bigEndian32(head, 4) > 0 && bigEndian32(head, 16) > 0 && (type <= 1 || type == 3 || type == 4))
      return gzipped ? FileFormat::Mgz : FileFormat::Mgh;
  }
  // XML: skip a byte order mark and whitespace, then look for the GIFTI root among the first elements.
  if (head.find("<GIFTI") != std::string::npos && head.find("<?xml") != std::string::npos) return FileFormat::Gifti;
  if (head.rfind("#!ascii label", 0) == 0 || (head.rfind("#", 0) == 0 && name.ends_with(".label")))
    return FileFormat::FreeSurferLabel;
  // Annotations start with the vertex count and (vertex, value) pairs: the name is the evidence.
  if (name.ends_with(".annot") && head.size() >= 4) return FileFormat::FreeSurferAnnot;
  return FileFormat::Unknown;
}

}  // namespace vl::core
