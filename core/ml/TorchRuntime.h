#pragma once
// LibTorch process settings and facts: its thread count (it starts with one here), its version, and which BLAS
// the process really uses (reference BLAS makes ridge ten times slower, so we report it).
#include <string>

namespace vl::core {

// The hardware cores, or $VOXELLENS_TORCH_THREADS when set (1 .. 1024): the thread count a fit uses unless told.
int defaultTorchThreads();
void configureTorchThreads();  // at::set_num_threads(defaultTorchThreads()); once at start-up
int torchThreadCount();
std::string torchVersion();
// "OpenBLAS <config>" when OpenBLAS is loaded, else a warning text naming the fallback.
std::string blasDescription();
bool blasIsOpenBlas();
// The machine's single-precision matrix multiply rate through LibTorch (n x n times n x n, best of a few), GFLOP/s.
double measureSgemmGflops(int n = 2048);

}  // namespace vl::core
