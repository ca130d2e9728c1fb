#include "app/cli/ModelBenchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "core/fitting/StudyEmbedder.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/TorchRuntime.h"

namespace vl::app {

int runModelBenchmark(const std::string& bundle, int repeat) {
  using Clock = std::chrono::steady_clock;
  const auto loadStart = Clock::now();
  const auto model = core::studyImageEmbedder(bundle);
  const double loadMs = std::chrono::duration<double, std::milli>(Clock::now() - loadStart).count();
  const core::ImageEmbedder embedder(model);
  const int side = std::max(1, static_cast<int>(model->manifest().input.shape.back()));
  std::vector<core::StimulusImage> images;
  for (int i = 0; i < 256; ++i) {
    core::StimulusImage image{side, side, {}};
    const std::uint8_t colour[3] = {std::uint8_t(i), 128, std::uint8_t(255 - i)};
    for (int p = 0; p < side * side; ++p) image.rgb.insert(image.rgb.end(), colour, colour + 3);
    images.push_back(std::move(image));
  }
  embedder.embed({images.begin(), images.begin() + 32});  // warm-up: TorchScript's profiling runs
  double best = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    embedder.embed(images);
    best = std::max(best, double(images.size()) / std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::printf("image embedder %s (%dx%d -> %zu), %d torch threads\n", model->name().c_str(), side, side,
              embedder.dimension(), core::torchThreadCount());
  std::printf("models load+validate: %.1f ms (load %.1f ms, validate %.1f ms)\n", loadMs,
              model->validation().loadSeconds * 1e3, model->validation().validateSeconds * 1e3);
  std::printf("models embedding throughput: %.0f images/s (best of %d)\n", best, repeat);
  return 0;
}

}  // namespace vl::app
