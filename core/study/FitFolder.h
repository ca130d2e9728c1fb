#pragma once
// A fitted encoding model on disk, as `voxellens fit` writes it and `voxellens merge` joins chunks of it:
//   weights.npy (features x voxels, float32), intercepts.npy (voxels, float32), alphas.npy (voxels, float64),
//   cv_r2.npy (voxels, float64), test_r.npy and test_r2.npy (voxels, float64, when held-out data was given),
//   summary.json ({"first_voxel": A, "voxels": V, "samples": n, "features": p, ...; "cv_r2_data" and "test_data"
//   when the fit knows which responses its scores are on: "single trials" or "repeat means (N trials each)").
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
  // Which responses the scores are on (responseRowsDescription): CV R^2 on the training rows, test r and R^2 on the
  // held-out rows. Empty when not stated: folders written before these fields, and `voxellens fit`, whose .npy
  // inputs do not say.
  std::string cvData, testData;
  double seconds = 0;
};

// "single trials" for rows that are one trial each, "repeat means (N trials each)" for rows averaged over N.
std::string responseRowsDescription(std::size_t repeats);

// Takes the result by value: pass it with std::move to hand its matrices over without a copy.
FitFolder toFitFolder(EncodingFitResult result, const EncodingFitInput& input);
// Creates the folder when missing; every file is written atomically, summary.json last.
void writeFitFolder(const std::filesystem::path& folder, const FitFolder& fit);
// Throws FormatError for missing or inconsistent files.
FitFolder readFitFolder(const std::filesystem::path& folder);
// Joins chunks in voxel order; throws std::invalid_argument when they overlap, leave gaps or disagree on features.
FitFolder mergeFitFolders(std::vector<FitFolder> chunks);

}  // namespace vl::core
