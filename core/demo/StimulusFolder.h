#pragma once
// The stimuli section of a study folder (docs/study-format.md): stimuli/images.npy (uint8, N x H x W x 3),
// stimuli/captions.txt (one caption per line) and stimuli/tags.tsv ("index<TAB>category<TAB>tag,tag,..."; the
// tag list after the category column is Stimulus::tags without its leading category).
#include <filesystem>

#include "core/demo/StimulusBank.h"

namespace vl::core {

// Writes the three files under folder/stimuli/ (created if missing), each atomically. Throws
// std::invalid_argument when the bank is inconsistent (sizes differ, a caption holds a line break, a tag a comma).
void writeStimulusFolder(const std::filesystem::path& folder, const StimulusBank& bank);

// Reads them back (folder is the study folder, the one holding stimuli/) through core/io/StimulusFolderSource.
// Images, captions, categories and tags round-trip; the geometric fields (centre, size, orientation, frequency)
// are not part of the format and stay at their defaults. Throws FormatError naming the file on any mismatch, a
// missing file, a stimulus without a tags line or an unknown category.
StimulusBank readStimulusFolder(const std::filesystem::path& folder);

}  // namespace vl::core
