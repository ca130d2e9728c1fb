#pragma once
// NIfTI-1 and NIfTI-2 images (.nii, .nii.gz, .hdr/.img) through nifti_clib's nifti2 API: any common integer or
// float datatype converted to float with scl_slope/scl_inter applied, and the voxel-to-world transform taken
// from the sform, else the qform, else the voxel sizes.
#include <filesystem>

#include "core/model/Volume.h"

namespace vl::core {

Volume readNifti(const std::filesystem::path& file);  // throws FormatError

}  // namespace vl::core
