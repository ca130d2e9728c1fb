#pragma once
// CIFTI-2 dense scalar (.dscalar.nii) and dense label (.dlabel.nii) files: a NIfTI-2 image whose header extension
// with ecode 32 holds the CIFTI-2 XML (see CiftiXml.h) and whose data is the float matrix maps x brainordinates,
// stored with dim = (1, 1, 1, 1, maps, brainordinates) so that the maps of one brainordinate are contiguous.
// We read the NIfTI-2 header ourselves (bounds-checked ByteReader) rather than through nifti_clib, which replaces
// NaN with 0 on load and NaN is how CIFTI marks "no value".
//
// The surface models of CIFTI_STRUCTURE_CORTEX_LEFT / _RIGHT are expanded to every vertex of their surface
// (SurfaceNumberOfVertices), in VertexIndices order; vertices the file does not list (typically the medial wall)
// get NaN (scalars) or kCiftiMissingKey (labels). Volume models are not read yet: with surface models present
// they give a warning, without any they are a FormatError.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model/VertexData.h"

namespace vl::core {

constexpr std::int32_t kCiftiMissingKey = -1;  // label key of a vertex the dlabel file has no value for

struct CiftiSurfaceData {
  enum class Kind { Scalars, Labels };

  std::filesystem::path file;
  Kind kind = Kind::Scalars;
  std::vector<std::string> mapNames;  // one per map (row of the matrix), in file order

  // Kind::Scalars: per hemisphere present in the file, maps[m][vertex] for every map.
  std::optional<ScalarMaps> left, right;
  // Kind::Labels: per hemisphere present in the file, one LabelMap per map (each with that map's label table).
  std::optional<std::vector<LabelMap>> leftLabels, rightLabels;

  // Things read but not used, e.g. volume brain models or surface models of other structures.
  std::vector<std::string> warnings;

  bool has(Hemisphere hemisphere) const { return vertexCount(hemisphere).has_value(); }
  // SurfaceNumberOfVertices of the hemisphere's model, when the file has one.
  std::optional<std::size_t> vertexCount(Hemisphere hemisphere) const;
};

// Throws FormatError naming the file, the byte offset or XML line, and what was expected.
CiftiSurfaceData readCifti(const std::filesystem::path& file);

// Throws FormatError (naming data.file) unless the file has the hemisphere and its SurfaceNumberOfVertices equals
// surfaceVertices; the message gives both numbers.
void requireVertexCount(const CiftiSurfaceData& data, Hemisphere hemisphere, std::size_t surfaceVertices);

}  // namespace vl::core
