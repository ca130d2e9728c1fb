#pragma once
// GIfTI (GIFTI 1.0 XML) reading on expat + zlib: surfaces (.surf.gii), functional/shape data (.func.gii,
// .shape.gii, .time.gii) and label files (.label.gii). readGifti returns the file's content as it is
// (GiftiImage); the converters turn it into the model types the rest of the program uses.
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/io/GiftiImage.h"
#include "core/model/Surface.h"
#include "core/model/VertexData.h"

namespace vl::core {

// Throws FormatError naming the file, the XML line (or DataArray) and what was expected. Supports the ASCII,
// Base64Binary, GZipBase64Binary and ExternalFileBinary encodings (external files are found relative to the
// .gii's folder), the UINT8, INT32 and FLOAT32 data types, both byte orders and both indexing orders.
GiftiImage readGifti(const std::filesystem::path& file);
// The same for XML held in memory; `file` names it in errors and locates external data files.
GiftiImage readGiftiFromMemory(std::string_view xml, const std::filesystem::path& file);
bool looksLikeGifti(const std::filesystem::path& file);  // checks for a <GIFTI element near the start

// The first POINTSET and TRIANGLE arrays as a surface. The hemisphere comes from the AnatomicalStructurePrimary
// metadata (CortexLeft/CortexRight) of the point set or the file, else from the file name; the kind from
// GeometricType (and AnatomicalStructureSecondary), else from the file name. Throws FormatError without them.
Surface giftiSurface(const GiftiImage& image, const std::filesystem::path& file);
// Every array that is not a POINTSET, TRIANGLE or LABEL array, one map per 1-D array and one map per column of a
// 2-D (vertices x maps) array; names from each array's Name metadata, else "map N" (from 1). Throws FormatError
// when there is no such array or their vertex counts differ.
ScalarMaps giftiScalarMaps(const GiftiImage& image, const std::filesystem::path& file);
// The first LABEL array with the file's label table. Throws FormatError when there is none.
LabelMap giftiLabelMap(const GiftiImage& image, const std::filesystem::path& file);

// AnatomicalStructurePrimary of `array` (when given), else of the file, else the file name.
std::optional<Hemisphere> giftiHemisphere(const GiftiImage& image, const GiftiDataArray* array,
                                          const std::filesystem::path& file);

}  // namespace vl::core
