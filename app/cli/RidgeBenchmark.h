#pragma once
// `voxellens bench ridge`: our voxelwise ridge against scikit-learn's RidgeCV(alpha_per_target=True) on the same
// NSD-shaped data in one run, with the machine's sgemm rate for reference.
namespace vl::app {

int runRidgeBenchmark(int samples, int features, int voxels, int alphas);

}  // namespace vl::app
