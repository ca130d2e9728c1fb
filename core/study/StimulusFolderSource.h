#pragma once
// A study folder's stimuli as docs/study-format.md describes them: images.npy (uint8, count x height x width x 3)
// held in memory, captions.txt (one line per image) and tags.tsv (index, category, comma-separated tags).
#include <filesystem>
#include <memory>
#include <string>

#include "core/model/StimulusSource.h"

namespace vl::core {

// Throws FormatError naming the file when the images are not uint8 (N,H,W,3), or captions/tags disagree with N.
// Empty captions/tags paths mean the study has none.
std::shared_ptr<const StimulusSource> openStimulusFolder(const std::filesystem::path& images,
                                                         const std::filesystem::path& captions,
                                                         const std::filesystem::path& tags);
// The same over an NSD-style HDF5 brick (uint8 N x H x W x 3), read one image at a time.
std::shared_ptr<const StimulusSource> openHdf5Stimuli(const std::filesystem::path& file, const std::string& dataset,
                                                      const std::filesystem::path& captions,
                                                      const std::filesystem::path& tags);

}  // namespace vl::core
