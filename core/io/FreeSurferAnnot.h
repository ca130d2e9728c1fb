#pragma once
// FreeSurfer annotations (lh.aparc.annot, lh.aparc.a2009s.annot, ...): big-endian int32 throughout. A vertex
// count, (vertex, packed colour) pairs, tag 1, then a colour table, either "new" (version -2: max index, original
// table file name, entries of index, name, R, G, B, T) or "old" (entry count, file name, entries of name, R, G,
// B, T). A vertex's label is the table entry whose R + G*256 + B*65536 equals its packed colour.
#include <filesystem>

#include "core/model/VertexData.h"

namespace vl::core {

// Keys are the colour-table indices; RGBA in 0..1 with alpha = 1 - T/255. Vertices whose packed colour matches
// no entry (FreeSurfer writes 0 for "no label") get key -1; a label {-1, "unknown"} is added to the table for them
// unless the table already has a label named "unknown". name is the file name without hemisphere prefix and
// ".annot" ("lh.aparc.annot" -> "aparc"). Throws FormatError.
LabelMap readFreeSurferAnnot(const std::filesystem::path& file);

// Writes the new (version -2) colour table. Labels with negative keys are not written; vertices with negative keys
// are stored as 0 (no label). Throws std::invalid_argument when a vertex key has no label or two written labels
// share an RGB colour (FreeSurfer could not tell them apart). Atomic.
void writeFreeSurferAnnot(const std::filesystem::path& file, const LabelMap& labels);

}  // namespace vl::core
