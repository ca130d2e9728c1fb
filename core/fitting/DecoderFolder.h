#pragma once
// A fitted decoder on disk, as the study's model cache (models/<embedder>/decoder) and `voxellens decode --out`
// write it: weights.npy (columns x D), intercepts.npy, alphas.npy, columns.npy (int32) and summary.json (the test
// scores). Atomic files, summary last.
#include <filesystem>
#include <optional>

#include "core/fitting/Decoder.h"

namespace vl::core {

void writeDecoderFit(const std::filesystem::path& folder, const DecoderFit& decoder);

// nullopt when the folder is missing, incomplete or inconsistent (a damaged cache is refitted, not trusted).
std::optional<DecoderFit> readDecoderFit(const std::filesystem::path& folder);

}  // namespace vl::core
