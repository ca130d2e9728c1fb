#pragma once
// FreeSurfer triangle surfaces (lh.white, lh.pial, lh.inflated, lh.sphere, ...): big-endian, magic 0xFFFFFE,
// a "created by" text line, vertex and face counts, float32 coordinates, int32 faces, optional footer.
#include <filesystem>
#include <optional>
#include <string>

#include "core/model/Surface.h"

namespace vl::core {

// Throws FormatError. The hemisphere and kind are guessed from the file name (lh./rh., .white/.pial/...).
Surface readFreeSurferSurface(const std::filesystem::path& file);
void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface,
                            const std::string& createdBy = "VoxelLens");  // atomic
bool looksLikeFreeSurferSurface(const std::filesystem::path& file);  // checks the magic number only

std::optional<Hemisphere> hemisphereFromFileName(const std::filesystem::path& file);
SurfaceKind surfaceKindFromFileName(const std::filesystem::path& file);

}  // namespace vl::core
