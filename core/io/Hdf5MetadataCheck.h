#pragma once
// A check of the HDF5 metadata that libhdf5 follows to find an object in the root group, made by our own code
// before libhdf5 opens the file. Debian's libhdf5 (1.10) trusts the addresses it reads there: a damaged file whose
// root-group symbol table points at an undefined address or outside the file makes it read through a null pointer
// (found by packaging/dev.sh fuzz; tests/data/malformed/hdf5-root-heap-undefined.hdf5). The check covers the layout
// h5py, MATLAB v7.3 and the HDF5 C library write by default (superblock version 0 or 1, the root group a symbol
// table: its B-tree, symbol nodes and local heap); later superblocks are left to libhdf5.
#include <filesystem>

namespace vl::core {

// Throws FormatError naming the structure and the offending address when the root group's symbol table, B-tree,
// symbol-table nodes or local heap lie outside the file or lack their signatures. Files without an HDF5 signature
// pass (the caller reports those).
void checkHdf5RootGroup(const std::filesystem::path& file);

}  // namespace vl::core
