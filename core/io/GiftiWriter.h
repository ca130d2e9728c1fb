#pragma once
// GIfTI writing: the whole GiftiImage with each array in the encoding, byte order and indexing order it names
// (GZipBase64Binary, little-endian, row-major unless told otherwise), and conveniences that turn a Surface,
// ScalarMaps or LabelMap into a GIfTI file with the intents, AnatomicalStructurePrimary and label table that
// Workbench, FreeSurfer and nibabel expect. Every file is written atomically.
#include <filesystem>

#include "core/io/GiftiImage.h"
#include "core/model/Surface.h"
#include "core/model/VertexData.h"

namespace vl::core {

// Throws std::invalid_argument when an array's data do not match its dimensions (or it has none or more than 6),
// std::runtime_error when the file cannot be written. ExternalFileBinary arrays go to array.externalFileName
// (relative to the .gii's folder; "<file name>.dat" when empty), one after another at offsets the writer chooses.
void writeGifti(const std::filesystem::path& file, const GiftiImage& image);

// Two arrays, POINTSET (float32 N x 3, identity transform) and TRIANGLE (int32 M x 3); the point set carries
// AnatomicalStructurePrimary (CortexLeft/CortexRight) and GeometricType / AnatomicalStructureSecondary.
void writeGiftiSurface(const std::filesystem::path& file, const Surface& surface,
                       GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);
// One float32 NIFTI_INTENT_NONE array per map with its Name metadata; the hemisphere, when known, as the file's
// AnatomicalStructurePrimary. Throws std::invalid_argument when the maps differ in length.
void writeGiftiScalars(const std::filesystem::path& file, const ScalarMaps& maps,
                       GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);
// One int32 NIFTI_INTENT_LABEL array (Name metadata = map.name) and the label table.
void writeGiftiLabels(const std::filesystem::path& file, const LabelMap& labels,
                      GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);

// The GiftiImage writeGiftiSurface/Scalars/Labels write, for callers that want to add metadata first.
GiftiImage giftiFromSurface(const Surface& surface, GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);
GiftiImage giftiFromScalars(const ScalarMaps& maps, GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);
GiftiImage giftiFromLabels(const LabelMap& labels, GiftiEncoding encoding = GiftiEncoding::GZipBase64Binary);

}  // namespace vl::core
