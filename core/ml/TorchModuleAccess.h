#pragma once
// For .cpp files in core only (it includes LibTorch): the TorchScript module behind a ModelBundle, for code that
// needs more than the typed runners, e.g. image synthesis that takes gradients with respect to a generator's
// input. The module is in eval mode and its parameters do not require gradients; hold bundleMutex() while using
// it, as the runners do.
#include <torch/script.h>

#include <mutex>

#include "core/ml/ModelBundle.h"

namespace vl::core {

torch::jit::Module& torchModule(const ModelBundle& bundle);
std::mutex& bundleMutex(const ModelBundle& bundle);

}  // namespace vl::core
