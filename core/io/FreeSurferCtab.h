#pragma once
// FreeSurfer colour tables as text (FreeSurferColorLUT.txt, NSD's prf-visualrois.mgz.ctab, ...): one entry per
// line, "index name R G B T" with R, G, B in 0..255 and T the transparency (alpha = 1 - T/255, as FreeSurfer's
// CTABreadASCII reads it). '#' starts a comment; blank lines are skipped. Names contain no spaces.
#include <filesystem>
#include <vector>

#include "core/model/Parcellation.h"

namespace vl::core {

// Throws FormatError naming the file and line when a line is not "index name R G B [T]", a colour is outside
// 0..255 or an index repeats. The labels come back in file order.
std::vector<Label> readFreeSurferCtab(const std::filesystem::path& file);

// Writes labels in that order; names with spaces get them replaced by '_'. Atomic.
void writeFreeSurferCtab(const std::filesystem::path& file, const std::vector<Label>& labels);

}  // namespace vl::core
