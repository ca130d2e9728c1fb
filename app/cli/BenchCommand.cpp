#include "app/cli/BenchCommand.h"

#include <cstdio>

#include "app/cli/CommandLine.h"
#include "app/cli/DecodeBenchmark.h"
#include "app/cli/IoBenchmark.h"
#include "app/cli/ModelBenchmark.h"
#include "app/cli/RidgeBenchmark.h"
#include "app/cli/SelectBenchmark.h"
#include "app/cli/SynthBenchmark.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/Vol2SurfBenchmark.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "render/OffscreenRenderer.h"
#include "render/RenderBenchmark.h"

namespace vl::app {

const char* const kBenchHelp =
    "usage: voxellens bench AREA [OPTIONS]\n"
    "Measures VoxelLens against a peer in the same run and prints 'name: value unit (peer: value, ratio)'.\n"
    "areas:\n"
    "  ridge [--samples N --features P --voxels V --alphas K]   voxelwise ridge (default 2000 x 512 -> 20000, 13\n"
    "                                     alphas 0.1..1e5) against exhaustive leave-one-out and sklearn\n"
    "                                     RidgeCV(alpha_per_target=True) when installed\n"
    "  io [--repeat N]                    reading a 163,842-vertex surface and overlay in every format, against\n"
    "                                     nibabel (numpy for .npy) in the same run when python3-nibabel is installed\n"
    "  render [--size WxH] [--frames N]   frames per second of the demo brain (two ~170k-vertex hemispheres with\n"
    "                                     curvature, an overlay and a parcellation) at rest and while rotating with\n"
    "                                     level of detail, against a bare VTK pipeline drawing the same meshes\n"
    "  vol2surf [--repeat N]              sampling Colin27 at the demo white surface (trilinear, enclosing): the\n"
    "                                     whole command against wb_command -volume-to-surface-mapping, with and\n"
    "                                     without process start-up, and the sampling alone\n"
    "  select [--study DIR] [--repeat N]  the selectivity explorer on a study (default: the demo study): click to\n"
    "                                     gallery, caption, receptive field and the caption map against their goals\n"
    "                                     and numpy (scikit-learn KMeans) in the same run when installed\n"
    "  decode [--study DIR]               the fits of decode --study (encoder, Gabor features, forward model, ridge\n"
    "                                     and low-level decoders) on the demo study, against sklearn RidgeCV on the\n"
    "                                     forward model's fit when installed\n"
    "  synth                              optimal-stimulus synthesis for FFA on the demo study: first preview, 8 starts\n"
    "                                     converged, Cancel latency, against the goals (1 s, 20 s, 200 ms)\n"
    "  models [--bundle NAME|DIR] [--repeat N]  an image embedder (default: the study's) loaded and validated, and\n"
    "                                     its embedding throughput on 256 images of its input size\n";

namespace {
int positiveOption(const Arguments& args, const std::string& name, int fallback) {
  return int(wholeNumberOption(args, name, std::uint64_t(fallback), 1, 10000000));
}

int benchRender(const Arguments& args) {
  int width = 1280, height = 800, frames = 30;
  if (auto size = args.value("--size")) std::tie(width, height) = parseImageSize(*size);
  if (auto count = args.value("--frames")) {
    try {
      frames = std::stoi(*count);
    } catch (const std::exception&) {
      throw UsageError("bad --frames '" + *count + "': expected a whole number");
    }
    if (frames < 1 || frames > 10000) throw UsageError("bad --frames '" + *count + "': expected 1..10000");
  }
  render::requireDisplayForRendering();
  render::RenderBenchmarkResult result;
  {
    TerminalProgress progress;
    const auto demo = core::loadDemoBrain(progress.context().slice(0, 0.1));
    result = render::benchmarkRendering(render::makeBenchmarkStudy(demo.meshes), width, height, frames,
                                        progress.context().slice(0.1, 1.0));
  }
  std::printf("render %dx%d, %d frames per measurement, %zu triangles (proxies %zu)\n", width, height, frames,
              result.triangles, result.proxyTriangles);
  for (const auto& rate : result.rates)
    std::printf("%s: %.1f fps (peer %s: %.1f fps, ratio %.2f)\n", rate.name.c_str(), rate.framesPerSecond,
                rate.peerName.c_str(), rate.peerFramesPerSecond, rate.framesPerSecond / rate.peerFramesPerSecond);
  return 0;
}
}  // namespace

int runBenchCommand(const std::vector<std::string>& arguments) {
  if (arguments.empty()) throw UsageError("name an area to measure: io, render, ridge, select or vol2surf (see voxellens bench --help)");
  const std::string area = arguments.front();
  const auto args = parseArguments({arguments.begin() + 1, arguments.end()}, {}, {"--size", "--frames", "--repeat", "--samples", "--features", "--voxels", "--alphas", "--study", "--bundle"});
  if (area == "render") return benchRender(args);
  if (area == "io") {
    int repetitions = 9;
    if (auto count = args.value("--frames")) throw UsageError("--frames is for bench render; bench io takes --repeat");
    if (auto count = args.value("--repeat")) {
      try {
        repetitions = std::stoi(*count);
      } catch (const std::exception&) {
        throw UsageError("bad --repeat '" + *count + "': expected a whole number");
      }
      if (repetitions < 1 || repetitions > 1000) throw UsageError("bad --repeat '" + *count + "': expected 1..1000");
    }
    return runIoBenchmark(repetitions);
  }
  if (area == "ridge") {
    const int samples = positiveOption(args, "--samples", 2000), features = positiveOption(args, "--features", 512);
    const int voxels = positiveOption(args, "--voxels", 20000), alphas = positiveOption(args, "--alphas", 13);
    return runRidgeBenchmark(samples, features, voxels, alphas);
  }
  if (area == "vol2surf") return runVol2SurfBenchmark(positiveOption(args, "--repeat", 5));
  if (area == "select") return runSelectBenchmark(args.value("--study"), positiveOption(args, "--repeat", 20));
  if (area == "decode") return runDecodeBenchmark(args.value("--study").value_or(""));
  if (area == "synth") return runSynthBenchmark();
  if (area == "models")
    return runModelBenchmark(args.value("--bundle").value_or(""), positiveOption(args, "--repeat", 3));
  throw UsageError("unknown bench area '" + area +
                   "' (known: decode, io, models, render, ridge, select, synth, vol2surf)");
}

}  // namespace vl::app
