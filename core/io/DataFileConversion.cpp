#include "core/io/DataFileConversion.h"

#include <stdexcept>

#include "core/io/FreeSurferAnnot.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GiftiWriter.h"
#include "core/io/MghFile.h"
#include "core/io/NiftiWriter.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace {
enum class Target { Gifti, Mgh, Nifti, Npy, Annot, Label, FreeSurferBinary };

Target targetOf(const std::filesystem::path& output) {
  std::string name = output.filename().string();
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name.ends_with(".gii")) return Target::Gifti;
  if (name.ends_with(".mgh") || name.ends_with(".mgz")) return Target::Mgh;
  if (name.ends_with(".nii") || name.ends_with(".nii.gz")) return Target::Nifti;
  if (name.ends_with(".npy")) return Target::Npy;
  if (name.ends_with(".annot")) return Target::Annot;
  if (name.ends_with(".label")) return Target::Label;
  return Target::FreeSurferBinary;  // lh.white, lh.thickness, ...: FreeSurfer's own extension-less names
}

[[noreturn]] void cannot(const DataFile& input, const std::filesystem::path& output, const char* possible) {
  throw std::invalid_argument("cannot write a " + contentKind(input.content) + " (from " + input.path.string() +
                              ") as " + output.filename().string() + ": for a " + contentKind(input.content) +
                              " use " + possible);
}

std::vector<float> concatenated(const ScalarMaps& maps) {
  std::vector<float> all;
  all.reserve(maps.vertexCount() * maps.maps.size());
  for (const auto& map : maps.maps) all.insert(all.end(), map.begin(), map.end());
  return all;
}

MghImage mghFromMaps(const ScalarMaps& maps) {
  MghImage image;
  image.dims = {static_cast<std::int32_t>(maps.vertexCount()), 1, 1, static_cast<std::int32_t>(maps.maps.size())};
  image.data = concatenated(maps);
  return image;
}

MghImage mghFromVolume(const Volume& volume) {
  MghImage image;
  image.dims = {static_cast<std::int32_t>(volume.dims[0]), static_cast<std::int32_t>(volume.dims[1]),
                static_cast<std::int32_t>(volume.dims[2]), static_cast<std::int32_t>(volume.dims[3])};
  image.data = volume.voxels;
  image.setVox2ras(volume.voxelToWorld);
  return image;
}

Volume volumeFromMaps(const ScalarMaps& maps) {
  Volume volume;
  volume.dims = {static_cast<std::int64_t>(maps.vertexCount()), 1, 1, static_cast<std::int64_t>(maps.maps.size())};
  volume.voxels = concatenated(maps);
  return volume;
}

void writeScalars(const DataFile& input, const ScalarMaps& maps, const std::filesystem::path& output) {
  switch (targetOf(output)) {
    case Target::Gifti: writeGiftiScalars(output, maps); return;
    case Target::Mgh: writeMgh(output, mghFromMaps(maps)); return;
    case Target::Nifti: writeNifti(output, volumeFromMaps(maps)); return;
    case Target::Npy:
      if (maps.maps.size() == 1) writeNpy(output, maps.maps.front(), {static_cast<std::int64_t>(maps.vertexCount())});
      else writeNpy(output, concatenated(maps), {static_cast<std::int64_t>(maps.maps.size()),
                                                 static_cast<std::int64_t>(maps.vertexCount())});
      return;
    case Target::FreeSurferBinary:
      if (maps.maps.size() != 1)
        throw std::invalid_argument("a FreeSurfer curvature file holds one map; " + input.path.string() + " has " +
                                    std::to_string(maps.maps.size()) + " (write .func.gii, .mgh or .npy instead)");
      writeFreeSurferCurv(output, maps.maps.front());
      return;
    default: cannot(input, output, ".func.gii/.shape.gii, .mgh/.mgz, .nii/.nii.gz, .npy, or a curv name such as lh.thickness");
  }
}
}  // namespace

ScalarMaps scalarMapsFrom(const DataFile& file) {
  if (const auto* maps = std::get_if<ScalarMaps>(&file.content)) return *maps;
  if (const auto* array = std::get_if<NpyArray>(&file.content)) {
    if (array->shape.empty() || array->shape.size() > 2)
      throw std::invalid_argument(file.path.string() + ": an array of shape with " + std::to_string(array->shape.size()) +
                                  " dimensions is not per-vertex data (expected a vector or maps x vertices)");
    ScalarMaps maps;
    const auto values = array->toFloat();
    const auto rows = array->shape.size() == 1 ? 1 : static_cast<std::size_t>(array->shape[0]);
    const auto columns = static_cast<std::size_t>(array->shape.back());
    for (std::size_t r = 0; r < rows; ++r) {
      maps.names.push_back(file.path.filename().string() + (rows > 1 ? " row " + std::to_string(r + 1) : ""));
      maps.maps.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(r * columns),
                             values.begin() + static_cast<std::ptrdiff_t>((r + 1) * columns));
    }
    maps.hemisphere = hemisphereFromFileName(file.path);
    return maps;
  }
  if (const auto* cifti = std::get_if<CiftiSurfaceData>(&file.content)) {
    if (cifti->left && !cifti->right) return *cifti->left;
    if (cifti->right && !cifti->left) return *cifti->right;
    throw std::invalid_argument(file.path.string() + ": CIFTI scalars for both hemispheres; split them by hemisphere");
  }
  throw std::invalid_argument(file.path.string() + ": a " + contentKind(file.content) + " is not per-vertex scalars");
}

void convertDataFile(const DataFile& input, const std::filesystem::path& output) {
  const Target target = targetOf(output);
  if (const auto* surface = std::get_if<Surface>(&input.content)) {
    if (target == Target::Gifti) return writeGiftiSurface(output, *surface);
    if (target == Target::FreeSurferBinary) return writeFreeSurferSurface(output, *surface);
    cannot(input, output, ".surf.gii or a FreeSurfer surface name such as lh.white");
  }
  if (const auto* labels = std::get_if<LabelMap>(&input.content)) {
    if (target == Target::Gifti) return writeGiftiLabels(output, *labels);
    if (target == Target::Annot) return writeFreeSurferAnnot(output, *labels);
    cannot(input, output, ".label.gii or .annot");
  }
  if (const auto* subset = std::get_if<VertexSubset>(&input.content)) {
    if (target == Target::Label) return writeFreeSurferLabel(output, *subset);
    cannot(input, output, ".label");
  }
  if (const auto* volume = std::get_if<Volume>(&input.content)) {
    if (target == Target::Nifti) return writeNifti(output, *volume);
    if (target == Target::Mgh) return writeMgh(output, mghFromVolume(*volume));
    cannot(input, output, ".nii/.nii.gz or .mgh/.mgz");
  }
  if (const auto* array = std::get_if<NpyArray>(&input.content); array && target == Target::Npy) {
    return writeNpy(output, *array);
  }
  writeScalars(input, scalarMapsFrom(input), output);
}

}  // namespace vl::core
