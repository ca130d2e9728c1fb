#include "core/demo/SurfaceFiles.h"

#include <stdexcept>

#include "core/study/StudyFromMeshes.h"
#include "core/io/DataFile.h"

namespace vl::core {
namespace {
std::filesystem::path partnerOf(const std::filesystem::path& file) {
  auto name = file.filename().string();
  if (name.rfind("lh.", 0) == 0) name.replace(0, 2, "rh");
  else if (name.rfind("rh.", 0) == 0) name.replace(0, 2, "lh");
  else return {};
  return file.parent_path() / name;
}
}  // namespace

std::shared_ptr<Study> loadSurfaceFiles(std::vector<std::filesystem::path> files, const JobContext& context) {
  if (files.empty()) throw std::invalid_argument("no files to open");
  if (files.size() == 1) {
    const auto partner = partnerOf(files.front());
    std::error_code error;
    if (!partner.empty() && std::filesystem::is_regular_file(partner, error)) files.push_back(partner);
  }
  CachedMeshes meshes;
  bool taken[2] = {false, false};
  for (std::size_t i = 0; i < files.size(); ++i) {
    context.report(0.5 * double(i) / double(files.size()), "Reading " + files[i].filename().string());
    auto file = readDataFile(files[i]);
    auto* read = std::get_if<Surface>(&file.content);
    if (!read)
      throw std::invalid_argument(files[i].string() + ": a " + contentKind(file.content) +
                                  ", not a surface (open a surface first, then add data to it)");
    Surface surface = std::move(*read);
    const auto side = hemisphereIndex(surface.hemisphere);
    if (taken[side])
      throw std::invalid_argument(files[i].string() + ": a second " + toString(surface.hemisphere) +
                                  " hemisphere surface (open one surface per hemisphere, named lh.* / rh.*)");
    taken[side] = true;
    meshes.surfaces.push_back(std::move(surface));
    context.throwIfStopped();
  }
  context.report(0.5, "Computing curvature and sulcal depth");
  addShadingLayers(meshes);
  return buildStudyFromMeshes(meshes, files.front().filename().string());
}

}  // namespace vl::core
