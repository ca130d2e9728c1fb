#pragma once
// A fitted contrastive decoder on disk, as the study's model cache keeps it: columns.npy (int32), mean.npy and
// sd.npy (per column), layer<k>_weights.npy / _bias.npy / _gamma.npy / _beta.npy, and summary.json (settings,
// layer kinds, test and validation scores). Atomic files, summary last.
#include <filesystem>
#include <optional>

#include "core/fitting/ContrastiveDecoder.h"

namespace vl::core {

void writeContrastiveFit(const std::filesystem::path& folder, const ContrastiveFit& fit);

// nullopt when the folder is missing, incomplete or inconsistent (a damaged cache is refitted, not trusted).
std::optional<ContrastiveFit> readContrastiveFit(const std::filesystem::path& folder);

}  // namespace vl::core
