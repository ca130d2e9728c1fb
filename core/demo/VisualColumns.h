#pragma once
// Which vertices of the demo brain carry responses. Every vertex of the ~340k would make 9,000 single trials
// 12 GB, so responses cover a visual cortex mask (like NSD's "nsdgeneral": occipital, ventral and lateral
// occipitotemporal, posterior parietal) sampled about every 3 mm: the study's per-hemisphere column_vertices
// (docs/study-format.md). core/model/ColumnMap.h carries per-column values back to the vertices around each column
// (DemoSubject::spreadToMask limits that to the mask).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/model/Parcellation.h"
#include "core/model/Surface.h"

namespace vl::core {

// Harvard-Oxford regions of the mask; Brodmann 17/18/19/37 and every planted ROI vertex are added to them.
const std::vector<std::string>& visualMaskHarvardOxfordRegions();

// One hemisphere's mask: the union above, without islands and pin-holes smaller than minPieceVertices.
// `plantedKeys` (may be empty) are the planted ROI keys per vertex. Throws std::invalid_argument on length
// mismatches.
std::vector<std::uint8_t> visualCortexMask(const Surface& surface, std::span<const std::int32_t> harvardOxfordKeys,
                                           const Parcellation& harvardOxford,
                                           std::span<const std::int32_t> brodmannKeys, const Parcellation& brodmann,
                                           std::span<const std::int32_t> plantedKeys,
                                           std::size_t minPieceVertices = 500);

// Mask vertices no two of which are closer than spacingMm (straight-line distance), chosen greedily in vertex
// order; every mask vertex lies within spacingMm of one of them. Ascending vertex ids.
std::vector<std::int32_t> sampleColumns(const Surface& surface, std::span<const std::uint8_t> mask, float spacingMm);

}  // namespace vl::core
