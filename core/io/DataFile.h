#pragma once
// Any file VoxelLens reads, recognised by content (FileFormat) and read by its reader into the kind of data it
// holds: a surface, per-vertex scalar maps, a label map, a vertex subset (FreeSurfer label), a volume, a matrix,
// or CIFTI surface data. `voxellens info`, `convert` and the GUI's File > Open all start here.
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/io/CiftiReader.h"
#include "core/io/FileFormat.h"
#include "core/io/FreeSurferLabel.h"
#include "core/io/NpyArray.h"
#include "core/model/Surface.h"
#include "core/model/VertexData.h"
#include "core/model/Volume.h"

namespace vl::core {

using DataContent = std::variant<Surface, ScalarMaps, LabelMap, VertexSubset, Volume, NpyArray, CiftiSurfaceData>;

struct DataFile {
  std::filesystem::path path;
  FileFormat format = FileFormat::Unknown;
  DataContent content;
  std::string storedType;              // e.g. "float32", "int16", as the file stores values
  std::vector<std::string> notes;      // things read but not used (CIFTI volume models, ...)
};

// Throws FormatError for unknown, unreadable or malformed files.
DataFile readDataFile(const std::filesystem::path& file);
// "surface", "scalar maps", "label map", "vertex subset", "volume", "matrix", "CIFTI surface data"
std::string contentKind(const DataContent& content);

}  // namespace vl::core
