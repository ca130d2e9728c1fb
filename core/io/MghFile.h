#pragma once
// FreeSurfer MGH volumes and surface overlays (.mgh, and .mgz = the same bytes gzipped). Big-endian: a 284-byte
// header (version 1, width/height/depth/frames, type, dof, goodRASFlag, voxel sizes, direction cosines, centre
// RAS), the data with x fastest then y, z, frame, then an optional tail (TR, flip angle, TE, TI, FoV, tags).
// Values stay in their stored type so a read-write round trip is bit-exact; framesAsFloat() converts.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/model/Affine.h"
#include "core/model/VertexData.h"
#include "core/model/Volume.h"

namespace vl::core {

enum class MghType : std::int32_t { UChar = 0, Int = 1, Float = 3, Short = 4 };  // FreeSurfer's MRI_* codes

struct MghScanParameters {  // the first 20 bytes after the data; FreeSurfer's units (ms, radians)
  float tr = 0, flipAngle = 0, te = 0, ti = 0, fov = 0;
  bool operator==(const MghScanParameters&) const = default;
};

struct MghImage {
  std::array<std::int32_t, 4> dims{1, 1, 1, 1};  // width, height, depth, frames
  std::int32_t dof = 0;
  std::int16_t goodRasFlag = 1;                  // 0: spacing, cosines and centre are unset (defaults apply)
  std::array<float, 3> spacing{1, 1, 1};         // as stored (see effectiveSpacing())
  // Column axes as stored: x_r x_a x_s, y_r y_a y_s, z_r z_a z_s (the direction of voxel axes i, j, k in RAS).
  std::array<float, 9> directionCosines{-1, 0, 0, 0, 0, -1, 0, 1, 0};
  std::array<float, 3> centerRas{0, 0, 0};       // c_r c_a c_s: RAS of the volume centre (voxel dims / 2)
  std::optional<MghScanParameters> scan;         // absent when the file ends after the data
  std::string tags;                              // bytes after the scan parameters, verbatim
  std::variant<std::vector<std::uint8_t>, std::vector<std::int32_t>, std::vector<float>, std::vector<std::int16_t>>
      data;                                      // the alternative fixes the type; x fastest, then y, z, frame

  MghType type() const;
  std::uint64_t voxelCount() const;  // product of dims
  std::size_t valueCount() const;    // elements in data (must equal voxelCount() to be written)
  std::array<double, 3> effectiveSpacing() const;  // spacing, or 1 mm when goodRasFlag is 0
  Affine vox2ras() const;     // as nibabel's MGHHeader.get_affine() (FreeSurfer's scanner vox2ras)
  Affine vox2rasTkr() const;  // FreeSurfer's "tkregister" vox2ras (surface coordinates), as get_vox2ras_tkr()
  void setVox2ras(const Affine& vox2ras);  // decomposes into spacing, cosines and centre; sets goodRasFlag
  std::vector<float> framesAsFloat() const;  // all frames, x fastest (int32 beyond 2^24 loses precision)
};

MghImage readMgh(const std::filesystem::path& file);  // gzip is detected by its magic 1f 8b; throws FormatError
// Gzipped when the name ends in .mgz (any case). Throws std::invalid_argument when data and dims disagree. Atomic.
void writeMgh(const std::filesystem::path& file, const MghImage& image);

Volume toVolume(const MghImage& image);
// Surface overlays: each frame becomes one map over width * height * depth vertices (FreeSurfer writes
// width = vertex count, height = depth = 1). Names are the file name without hemisphere prefix and extension
// ("lh.thickness.fsaverage.mgz" -> "thickness.fsaverage"), with " frame N" appended when there are several.
ScalarMaps toScalarMaps(const MghImage& image, const std::filesystem::path& file);

}  // namespace vl::core
