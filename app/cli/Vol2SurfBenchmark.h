#pragma once
// `voxellens bench vol2surf`: our volume-to-surface sampling against Connectome Workbench's
// `wb_command -volume-to-surface-mapping` on the same files in the same run (Colin27 and the demo white surface).
namespace vl::app {

int runVol2SurfBenchmark(int repetitions);

}  // namespace vl::app
