#pragma once
// Captions for NSD's 73k images from a small text file, one caption per line:
//   INDEX<TAB>caption text      (a comma instead of the tab is accepted; the text may then contain commas)
// INDEX is the 0-based 73k index (nsdId in nsd_stim_info_merged.csv; subtract 1 from a MATLAB 73k index). Blank
// lines and lines starting with '#' are skipped, and so is a first line whose INDEX is not a number (a header).
// When an image has several captions (COCO has five) the first one is kept. Surrounding double quotes are removed.
// Produce such a file from COCO's captions_*.json and nsd_stim_info_merged.csv (cocoId -> nsdId) in a few lines of
// Python; VoxelLens does not parse COCO's JSON itself.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace vl::core {

// One entry per image (count), "" where the file has none. Throws FormatError naming the file and line for an
// index outside 0..count-1 or a line without a separator.
std::vector<std::string> readNsdCaptions(const std::filesystem::path& file, std::size_t count);

}  // namespace vl::core
