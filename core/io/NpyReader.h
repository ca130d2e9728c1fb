#pragma once
// NumPy .npy files, versions 1.0, 2.0 and 3.0: the "\x93NUMPY" magic, a little-endian header length (u16 for 1.0,
// u32 for 2.0/3.0) and a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } that we
// parse with a small strict grammar (never an eval), followed by the raw elements. Supported element types:
// float32, float64, int16, int32 and uint8, little- or big-endian (big-endian files are byte-swapped on read).
#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

#include "core/io/NpyArray.h"

namespace vl::core {

// Throws FormatError naming the file, the byte offset and what was expected. Every size is checked against the
// file length before anything is allocated; the data must end exactly at the end of the file.
NpyArray readNpy(const std::filesystem::path& file);

// The values as float in C order, with the file's shape: a float32, C-order, native-endian file (what numpy.save
// writes for float32) is read in one read straight into the result, without the byte buffer and the conversion copy
// readNpy(file).toFloat() makes (response matrices run to gigabytes); other files go through readNpy.
std::vector<float> readNpyAsFloat(const std::filesystem::path& file, std::vector<std::int64_t>& shape);

// The same from bytes already in memory (fuzzing, archives); `file` only names the source in errors.
NpyArray parseNpy(std::span<const std::byte> bytes, const std::filesystem::path& file);

}  // namespace vl::core
