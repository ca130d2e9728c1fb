#pragma once
// Samples a volume at surface vertices (vertex coordinates and the volume's voxel-to-world transform in the same
// space, e.g. MNI or scanner mm). Vertices outside the volume get NaN, so they show the layers underneath.
#include <vector>

#include "core/model/Surface.h"
#include "core/model/Volume.h"

namespace vl::core {

enum class VolumeSampling { Trilinear, Nearest };

std::vector<float> sampleVolumeAtVertices(const Volume& volume, const std::vector<Vec3f>& vertices,
                                          VolumeSampling method = VolumeSampling::Trilinear, std::int64_t frame = 0);

}  // namespace vl::core
