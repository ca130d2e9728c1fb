#pragma once
// Samples a volume at surface vertices (vertex coordinates and the volume's voxel-to-world transform in the same
// space, e.g. MNI or scanner mm), giving the same numbers as Connectome Workbench 1.5's
// `wb_command -volume-to-surface-mapping ... -trilinear | -enclosing` (checked to 1e-4 against wb_command in
// tests/core/VolumeToSurfaceTest.cpp; in practice the values agree bit for bit), because a layer mapped in
// VoxelLens and one mapped by an HCP pipeline must not differ. To get there it copies Workbench's arithmetic:
// - world -> voxel index in float, with the inverse of the (float) transform computed like Workbench's
//   MatrixFunctions::inverse (float Gauss-Jordan with partial pivoting), so that points on a voxel boundary fall
//   on the same side as in Workbench;
// - Trilinear: defined from the first to the last voxel centre plus a tolerance of 0.01 voxel on every axis
//   (inside that band the edge pair of voxels is extrapolated linearly); outside it no value. A volume with one
//   voxel along any axis is sampled with Enclosing instead, as Workbench does.
// - Enclosing: the voxel whose cube [c - 0.5, c + 0.5) holds the point, i.e. index floor(p + 0.5): defined from
//   half a voxel before the first centre up to (not including) half a voxel after the last.
// - Nearest (VoxelLens' own, Workbench has no such method): the nearest voxel centre with ties rounded away from
//   zero (llround). It equals Enclosing except exactly on a half-voxel boundary: a point at -0.5 is outside for
//   Nearest and in voxel 0 for Enclosing; at 1.5 both give voxel 2.
// Where a method gives no value the result is OutsideValue: NaN by default (the GUI shows the layers underneath),
// or 0 as Workbench writes (use OutsideValue::Zero, or workbenchVolumeToSurface, for files meant to match
// wb_command output).
#include <cstdint>
#include <vector>

#include "core/model/Surface.h"
#include "core/model/Volume.h"

namespace vl::core {

enum class VolumeSampling { Trilinear, Nearest, Enclosing };
enum class OutsideValue { Nan, Zero };  // Zero is what wb_command -volume-to-surface-mapping writes

struct VolumeSamplingOptions {
  VolumeSampling method = VolumeSampling::Trilinear;
  std::int64_t frame = 0;
  OutsideValue outside = OutsideValue::Nan;
};

// Throws std::out_of_range for a frame the volume does not have, std::invalid_argument when the voxel count does
// not match the dims, std::domain_error for a singular voxel-to-world transform.
std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          const VolumeSamplingOptions& options);
// NaN outside (the GUI's choice).
std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          VolumeSampling method = VolumeSampling::Trilinear, std::int64_t frame = 0);
// Exactly what `wb_command -volume-to-surface-mapping volume surface out -trilinear|-enclosing` writes for one
// frame: 0 outside. Nearest has no Workbench counterpart; it is accepted and also gives 0 outside.
std::vector<float> workbenchVolumeToSurface(const Volume& volume, const std::vector<Vec3f>& vertices,
                                            VolumeSampling method, std::int64_t frame = 0);

}  // namespace vl::core
