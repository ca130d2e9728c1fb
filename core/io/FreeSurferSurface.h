#pragma once
// FreeSurfer triangle surfaces (lh.white, lh.pial, lh.inflated, lh.sphere, ...): big-endian, magic 0xFFFFFE,
// a "created by" text line, vertex and face counts, float32 coordinates, int32 faces, optional footer.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/model/Surface.h"

namespace vl::core {

// The volume geometry FreeSurfer appends after the faces: which MRI volume the surface was made from. Surface
// coordinates are "tkregister" RAS of that volume; scanner RAS = tkr RAS + cras (for the usual conformed volume).
// Layout (as nibabel's read_geometry(read_metadata=True)): int32 tag 20 (TAG_OLD_SURF_GEOM), or 2, useRealRAS, 20,
// then text lines "valid = 1  # volume info valid", "filename = ...", "volume = 256 256 256", "voxelsize = ...",
// "xras   = ...", "yras   = ...", "zras   = ...", "cras   = ...".
struct SurfaceGeometryFooter {
  std::optional<std::int32_t> useRealRas;  // present when the block starts with TAG_OLD_USEREALRAS (2), value, 20
  bool valid = true;
  std::string filename;
  std::array<std::int32_t, 3> volume{256, 256, 256};
  std::array<double, 3> voxelSize{1, 1, 1};
  std::array<double, 3> xras{-1, 0, 0};
  std::array<double, 3> yras{0, 0, -1};
  std::array<double, 3> zras{0, 1, 0};
  std::array<double, 3> cras{0, 0, 0};
  std::string trailingTags;  // bytes after the cras line (FreeSurfer's command-line tags), kept verbatim

  bool operator==(const SurfaceGeometryFooter&) const = default;
};

struct FreeSurferSurfaceFile {
  Surface surface;
  std::string createdBy;                        // the comment line, without its two newlines
  std::optional<SurfaceGeometryFooter> footer;  // absent when the file ends after the faces or has another tag
};

// Throws FormatError. The hemisphere and kind are guessed from the file name (lh./rh., .white/.pial/...).
Surface readFreeSurferSurface(const std::filesystem::path& file);
void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface,
                            const std::string& createdBy = "VoxelLens");  // atomic
// Also parses the footer; a footer that starts with a known tag but is malformed is a FormatError.
FreeSurferSurfaceFile readFreeSurferSurfaceWithFooter(const std::filesystem::path& file);
// Writes the footer after the faces when given (nibabel's write_geometry(volume_info=...) layout). Atomic.
void writeFreeSurferSurface(const std::filesystem::path& file, const Surface& surface,
                            const std::optional<SurfaceGeometryFooter>& footer,
                            const std::string& createdBy = "VoxelLens");
bool looksLikeFreeSurferSurface(const std::filesystem::path& file);  // checks the magic number only

std::optional<Hemisphere> hemisphereFromFileName(const std::filesystem::path& file);
SurfaceKind surfaceKindFromFileName(const std::filesystem::path& file);

}  // namespace vl::core
