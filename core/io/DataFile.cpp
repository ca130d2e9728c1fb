#include "core/io/DataFile.h"

#include "core/base/FormatError.h"
#include "core/io/FreeSurferAnnot.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GiftiReader.h"
#include "core/io/MghFile.h"
#include "core/io/NiftiReader.h"
#include "core/io/NpyReader.h"

namespace vl::core {
namespace {
// Surface data stored as an image (fsaverage betas in MGH or NIfTI): one row of values per frame.
bool isSurfaceShaped(std::int64_t width, std::int64_t height, std::int64_t depth) {
  return height == 1 && depth == 1 && width > 1;
}

std::string mghTypeName(MghType type) {
  switch (type) {
    case MghType::UChar: return "uint8";
    case MghType::Int: return "int32";
    case MghType::Float: return "float32";
    case MghType::Short: return "int16";
  }
  return "unknown";
}

std::string npyTypeName(NpyArray::DType type) {
  switch (type) {
    case NpyArray::DType::Float32: return "float32";
    case NpyArray::DType::Float64: return "float64";
    case NpyArray::DType::Int16: return "int16";
    case NpyArray::DType::Int32: return "int32";
    case NpyArray::DType::UInt8: return "uint8";
  }
  return "unknown";
}

std::string giftiTypeName(GiftiDataType type) {
  switch (type) {
    case GiftiDataType::UInt8: return "uint8";
    case GiftiDataType::Int32: return "int32";
    case GiftiDataType::Float32: return "float32";
  }
  return "unknown";
}

void readGiftiInto(DataFile& out) {
  const auto image = readGifti(out.path);
  if (image.findArray(gifti::kPointSet) && image.findArray(gifti::kTriangle)) {
    out.content = giftiSurface(image, out.path);
    out.storedType = "float32";
  } else if (image.findArray(gifti::kLabel)) {
    out.content = giftiLabelMap(image, out.path);
    out.storedType = "int32";
  } else {
    out.content = giftiScalarMaps(image, out.path);
    out.storedType = image.arrays.empty() ? "" : giftiTypeName(image.arrays.front().dataType());
  }
}
}  // namespace

DataFile readDataFile(const std::filesystem::path& file) {
  DataFile out;
  out.path = file;
  out.format = detectFileFormat(file);
  switch (out.format) {
    case FileFormat::FreeSurferSurface:
      out.content = readFreeSurferSurfaceWithFooter(file).surface;  // a damaged footer is an error here too
      out.storedType = "float32";
      break;
    case FileFormat::FreeSurferCurv:
      out.content = readFreeSurferCurv(file);
      out.storedType = "float32";
      break;
    case FileFormat::FreeSurferAnnot:
      out.content = readFreeSurferAnnot(file);
      out.storedType = "int32";
      break;
    case FileFormat::FreeSurferLabel:
      out.content = readFreeSurferLabel(file);
      out.storedType = "float32";
      break;
    case FileFormat::Mgh:
    case FileFormat::Mgz: {
      const auto image = readMgh(file);
      out.storedType = mghTypeName(image.type());
      if (isSurfaceShaped(image.dims[0], image.dims[1], image.dims[2])) out.content = toScalarMaps(image, file);
      else out.content = toVolume(image);
      break;
    }
    case FileFormat::Gifti: readGiftiInto(out); break;
    case FileFormat::Nifti1:
    case FileFormat::Nifti2: {
      auto volume = readNifti(file);
      out.storedType = volume.sourceDatatype;
      if (isSurfaceShaped(volume.dims[0], volume.dims[1], volume.dims[2])) {
        ScalarMaps maps;
        maps.hemisphere = hemisphereFromFileName(file);
        const auto n = static_cast<std::size_t>(volume.dims[0]);
        for (std::int64_t f = 0; f < volume.dims[3]; ++f) {
          maps.names.push_back(file.filename().string() + (volume.dims[3] > 1 ? " frame " + std::to_string(f + 1) : ""));
          maps.maps.emplace_back(volume.voxels.begin() + static_cast<std::ptrdiff_t>(f * n),
                                 volume.voxels.begin() + static_cast<std::ptrdiff_t>((f + 1) * n));
        }
        out.content = std::move(maps);
      } else {
        out.content = std::move(volume);
      }
      break;
    }
    case FileFormat::Cifti2: {
      auto cifti = readCifti(file);
      out.notes = cifti.warnings;
      out.storedType = "float32";
      out.content = std::move(cifti);
      break;
    }
    case FileFormat::Npy: {
      auto array = readNpy(file);
      out.storedType = npyTypeName(array.dtype);
      out.content = std::move(array);
      break;
    }
    case FileFormat::Unknown:
      throw FormatError(file, "", "not a format VoxelLens reads (expected a FreeSurfer surface, curv, annot, label or "
                                  "MGH/MGZ file, GIfTI, NIfTI-1/2, CIFTI-2 dscalar/dlabel or NumPy .npy)");
  }
  return out;
}

std::string contentKind(const DataContent& content) {
  struct Visitor {
    std::string operator()(const Surface&) const { return "surface"; }
    std::string operator()(const ScalarMaps&) const { return "scalar maps"; }
    std::string operator()(const LabelMap&) const { return "label map"; }
    std::string operator()(const VertexSubset&) const { return "vertex subset"; }
    std::string operator()(const Volume&) const { return "volume"; }
    std::string operator()(const NpyArray&) const { return "matrix"; }
    std::string operator()(const CiftiSurfaceData&) const { return "CIFTI surface data"; }
  };
  return std::visit(Visitor{}, content);
}

}  // namespace vl::core
