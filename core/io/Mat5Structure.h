#pragma once
// A structural check of a MATLAB v5/v7 file (MATLAB "MAT-File Format", Level 5 MAT-files) before libmatio reads
// it. libmatio allocates what a data element's length field says (a variable name, a dimensions array, a whole
// compressed variable) before it knows the file holds that much; a damaged file then asks for gigabytes. This walk
// checks every element and sub-element length against the bytes that actually contain it, inflates compressed
// variables under the memory limit (core/base/MemoryLimit.h) and the deflate expansion bound, and throws
// FormatError naming the byte where a length lies. Level 4 files get the same check of each variable's size;
// v7.3 (HDF5) files are left to HDF5.
#include <filesystem>

namespace vl::core {

void checkMat5Structure(const std::filesystem::path& file);

}  // namespace vl::core
