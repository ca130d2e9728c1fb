#pragma once
// `voxellens bench synth`: optimal-stimulus synthesis for FFA on the demo study, timed against the goals
// (first preview < 1 s after Start, 8 starts converged < 20 s on 2 cores, Cancel takes effect < 200 ms).
namespace vl::app {

int runSynthBenchmark();

}  // namespace vl::app
