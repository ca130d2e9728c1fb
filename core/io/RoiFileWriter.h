#pragma once
// Saves ROIs of an ROI set (e.g. the ones drawn in the GUI or by `voxellens roi`) in the two formats other tools
// read: a FreeSurfer ASCII `.label` holds one ROI of one hemisphere (vertex ids, their white-surface coordinates,
// value 1); a GIfTI `.label.gii` holds the whole set on one hemisphere (a key per vertex, the label table with
// names and colours, key 0 "???" for vertices in no ROI, as Workbench and FreeSurfer write it). Atomic writes.
#include <cstdint>
#include <filesystem>

#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/model/VertexData.h"

namespace vl::core {

enum class RoiFileFormat { FreeSurferLabel, GiftiLabel };

// From the name: *.label.gii (or *.gii) is GIfTI, *.label FreeSurfer. Throws std::invalid_argument otherwise,
// naming both accepted endings.
RoiFileFormat roiFileFormatFor(const std::filesystem::path& file);

// The hemisphere's keys and label table with the "???" entry for key 0, ready for writeGiftiLabels.
LabelMap roiSetLabelMap(const Parcellation& set, Hemisphere hemisphere);

// Writes `file` in the format its name asks for. `key` chooses the ROI for a FreeSurfer label (ignored for GIfTI);
// `coordinates` is the surface whose positions a FreeSurfer label records (the white surface, by convention).
// Throws std::invalid_argument when the hemisphere has no keys, the key is not in the set, the ROI is empty on
// that hemisphere (for .label), or the coordinates do not have one position per vertex.
void writeRoiFile(const std::filesystem::path& file, const Parcellation& set, Hemisphere hemisphere,
                  std::int32_t key, const Surface& coordinates);

}  // namespace vl::core
