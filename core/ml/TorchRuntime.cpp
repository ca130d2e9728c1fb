#include "core/ml/TorchRuntime.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <torch/csrc/api/include/torch/version.h>

#include <algorithm>
#include <chrono>

#include "core/base/ThreadCount.h"

namespace vl::core {

// VOXELLENS_TORCH_THREADS overrides the core count: the ThreadSanitizer build runs LibTorch on one thread, since
// its OpenMP and pthread pools are not instrumented and would only report false races.
int defaultTorchThreads() { return coresOrEnvironment("VOXELLENS_TORCH_THREADS", 1024); }

void configureTorchThreads() { at::set_num_threads(defaultTorchThreads()); }

int torchThreadCount() { return at::get_num_threads(); }

std::string torchVersion() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

double measureSgemmGflops(int n) {
  const auto a = at::randn({n, n});
  const auto b = at::randn({n, n});
  auto c = at::mm(a, b);  // warm-up: thread pool and BLAS buffers
  double best = 0;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    c = at::mm(a, b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, 2.0 * double(n) * n * n / seconds / 1e9);
  }
  return best;
}

bool blasIsOpenBlas() { return dlsym(RTLD_DEFAULT, "openblas_get_config") != nullptr; }

std::string blasDescription() {
  using ConfigFunction = char* (*)();
  if (auto config = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
    return config();  // already starts with "OpenBLAS <version>"
  return "reference BLAS (slow: install libopenblas0-pthread)";
}

}  // namespace vl::core
