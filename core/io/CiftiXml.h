#pragma once
// The CIFTI-2 XML that a .dscalar.nii / .dlabel.nii carries in its NIfTI-2 header extension (ecode 32), reduced
// to what VoxelLens uses: the maps along matrix dimension 0 (names, and label tables for dlabel) and the brain
// models along dimension 1 (which brainordinates belong to which surface vertices or volume structure).
// Parsed with expat; a DOCTYPE is refused outright, since CIFTI never needs one and entities are an attack surface.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/Parcellation.h"

namespace vl::core {

struct CiftiBrainModel {
  std::int64_t indexOffset = 0;  // first brainordinate (column of the matrix)
  std::int64_t indexCount = 0;
  bool surface = false;          // CIFTI_MODEL_TYPE_SURFACE, else CIFTI_MODEL_TYPE_VOXELS
  std::string structure;         // e.g. CIFTI_STRUCTURE_CORTEX_LEFT
  std::int64_t surfaceVertices = 0;           // SurfaceNumberOfVertices (surface models)
  std::vector<std::int64_t> vertexIndices;    // indexCount entries, each < surfaceVertices, no repeats
};

struct CiftiNamedMap {
  std::string name;
  std::vector<Label> labels;  // dlabel only, in file order
};

struct CiftiXml {
  enum class MapKind { Scalars, Labels };
  MapKind mapKind = MapKind::Scalars;
  std::vector<CiftiNamedMap> maps;            // dimension 0
  std::vector<CiftiBrainModel> brainModels;   // dimension 1
};

// Throws FormatError(file, "<where> (CIFTI XML line N)", ...) for XML that is not well formed, not CIFTI-2, or
// lacks the maps this reader understands (SCALARS or LABELS along dimension 0, BRAIN_MODELS along dimension 1).
// `where` locates the XML in the file (e.g. "byte 552").
CiftiXml parseCiftiXml(std::string_view xml, const std::filesystem::path& file, const std::string& where);

}  // namespace vl::core
