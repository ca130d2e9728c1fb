#pragma once
// NIfTI-1 and NIfTI-2 images (.nii, .nii.gz, .hdr/.img, .nia), little- or big-endian. Each file is read once into
// memory (a .nii.gz inflated there by libdeflate, see inflateGzip), the header parsed by nifti_clib's own header code
// (NiftiHeader.h), and the voxels of any common integer or float datatype converted to float straight from the
// buffer, with scl_slope/scl_inter applied. The voxel-to-world transform is the sform, else the qform, else the voxel
// sizes, as nifti_clib computes them. Peak memory is the compressed file, its inflated bytes and the floats (4 GB for
// an 81 x 104 x 83 x 750 int16 .nii.gz): for long series read one frame at a time with NiftiFrameReader, which
// shares this reader's header code and checks (NiftiLayout.h) and gives the same values.
#include <filesystem>

#include "core/model/Volume.h"

namespace vl::core {

Volume readNifti(const std::filesystem::path& file);  // throws FormatError

}  // namespace vl::core
