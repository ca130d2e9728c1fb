#pragma once
// Writes a Volume as NIfTI-1 or NIfTI-2 (.nii, .nii.gz, or a .hdr/.img pair, chosen by the file name), so that
// readNifti gives back the same voxel values, voxel sizes and voxel-to-world transform. nifti_clib's nifti2 API
// builds the header (nifti_make_new_nim, nifti_convert_nim2n1hdr / nim2n2hdr, nifti_dmat44_to_quatern); the bytes
// go out through AtomicFileWriter (gzip through zlib) rather than nifti_image_write, because Debian 12's
// nifti_clib 3.0.1 cannot write a one-file NIfTI-2 (NIFTI_FTYPE_NIFTI2_1 is written as a header and a data file
// of the same name; its fallback writes the pair magic "ni2" into a .nii) and reports no write errors.
// The sform holds volume.voxelToWorld; the qform holds its rigid part when the voxel sizes agree with the
// transform's column lengths, and is left unset otherwise rather than lie.
#include <filesystem>

#include "core/model/Volume.h"

namespace vl::core {

struct NiftiWriteOptions {
  enum class Version { Nifti1, Nifti2 };
  // NIfTI-1 stores dims as int16 and the sform as float32: a dimension above 32767 switches to NIfTI-2 whatever
  // this says, and NIfTI-2 keeps a double-precision sform.
  Version version = Version::Nifti1;
  // Store volume.sourceDatatype (UINT8, INT8, INT16, UINT16, INT32 or UINT32, as readNifti names them) when every
  // voxel is an integer inside that type's range; otherwise, and by default, float32.
  bool keepIntegerDatatype = false;
  // sform_code and qform_code: 1 scanner-anatomical, 2 aligned, 3 Talairach, 4 MNI152.
  int xformCode = 1;
};

// Atomic: each file goes to `name.tmp-XXXXXX` in the same folder, is fsync'ed and renamed over the target (for
// .hdr/.img both are complete before the .img is renamed, then the .hdr). Throws std::invalid_argument for an
// unsupported extension or a volume whose voxel count does not match its dims, std::runtime_error when writing
// fails (the old file is then untouched).
void writeNifti(const std::filesystem::path& file, const Volume& volume, NiftiWriteOptions options = {});

}  // namespace vl::core
