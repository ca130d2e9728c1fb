#pragma once
// `voxellens convert IN OUT`: writes what IN holds in the format OUT's name asks for (.gii, .mgh/.mgz,
// .nii/.nii.gz, .npy, .annot, .label, or no extension for FreeSurfer surfaces and curvature files).
#include <filesystem>
#include <string>

#include "core/io/DataFile.h"

namespace vl::core {

// Throws std::invalid_argument naming the kind of data and the formats it can go to when OUT's format does
// not fit (a surface cannot become an .annot).
void convertDataFile(const DataFile& input, const std::filesystem::path& output);

// Per-vertex scalars from data that holds them: scalar maps, an .npy vector (one map) or matrix (one map per row),
// the maps of one hemisphere of a CIFTI file. Throws std::invalid_argument otherwise.
ScalarMaps scalarMapsFrom(const DataFile& file);

}  // namespace vl::core
