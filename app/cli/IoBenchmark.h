#pragma once
// `voxellens bench io`: reads a 163,842-vertex surface and overlay in each format with VoxelLens and, in the same
// run, with nibabel (numpy for .npy) through Debian's Python when it is installed, and prints the ratios.
namespace vl::app {

int runIoBenchmark(int repetitions);

}  // namespace vl::app
