#pragma once
// A study folder's stimuli as docs/study-format.md describes them: images.npy (uint8, count x height x width x 3)
// held in memory, captions.txt (one line per image) and tags.tsv (index, category, comma-separated tags).
#include <filesystem>
#include <memory>

#include "core/model/StimulusSource.h"

namespace vl::core {

// Throws FormatError naming the file when the images are not uint8 (N,H,W,3), or captions/tags disagree with N.
// Empty captions/tags paths mean the study has none.
std::shared_ptr<const StimulusSource> openStimulusFolder(const std::filesystem::path& images,
                                                         const std::filesystem::path& captions,
                                                         const std::filesystem::path& tags);

}  // namespace vl::core
