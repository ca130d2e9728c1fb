#pragma once
// A fitted encoding model on disk, as `voxellens fit` writes it and `voxellens merge` joins chunks of it:
//   weights.npy (features x voxels, float32), intercepts.npy (voxels, float32), alphas.npy (voxels, float64),
//   cv_r2.npy (voxels, float64), test_r.npy and test_r2.npy (voxels, float64, when held-out data was given),
//   summary.json ({"first_voxel": A, "voxels": V, "samples": n, "features": p, ...}).
// Voxel chunks of one data set (columns A..A+V-1) are fitted independently and merged in order.
#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/EncodingFit.h"

namespace vl::core {

struct FitFolder {
  Matrix weights;
  std::vector<float> intercepts;
  std::vector<double> alphas, cvR2, testR, testR2;
  std::size_t firstVoxel = 0;
  std::size_t samples = 0;
  std::string selection;
  double seconds = 0;
};

FitFolder toFitFolder(const EncodingFitResult& result, const EncodingFitInput& input);
// Creates the folder when missing; every file is written atomically, summary.json last.
void writeFitFolder(const std::filesystem::path& folder, const FitFolder& fit);
// Throws FormatError for missing or inconsistent files.
FitFolder readFitFolder(const std::filesystem::path& folder);
// Joins chunks in voxel order; throws std::invalid_argument when they overlap, leave gaps or disagree on features.
FitFolder mergeFitFolders(std::vector<FitFolder> chunks);

}  // namespace vl::core
