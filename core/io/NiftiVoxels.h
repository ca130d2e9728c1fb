#pragma once
// Stored NIfTI voxels to float, straight from the bytes of a file held in memory: the integer and floating-point
// datatypes readNifti supports, byte-swapped when the file's byte order is not this machine's, and NaN or infinite
// float values read as 0, as nifti_clib's own reader (nifti_read_buffer) has always given them to us.
#include <cstddef>
#include <cstdint>
#include <span>

namespace vl::core {

// Bytes per voxel of a supported NIfTI datatype code (DT_UINT8 ... DT_FLOAT64, the 64-bit integers included);
// 0 for any other code (complex, RGB, binary, unknown).
int niftiVoxelSize(int datatype);

// Converts out.size() voxels starting at `stored` (no alignment needed). `datatype` must be supported.
void convertNiftiVoxels(const std::uint8_t* stored, int datatype, bool byteSwapped, std::span<float> out);

}  // namespace vl::core
