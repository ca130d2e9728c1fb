#include "app/cli/Vol2SurfBenchmark.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/cli/Executables.h"
#include "app/cli/TerminalProgress.h"
#include "core/anatomy/DemoBrainSource.h"
#include "core/geometry/VolumeToSurface.h"
#include "core/io/GiftiReader.h"
#include "core/io/GiftiWriter.h"
#include "core/io/NiftiReader.h"
#include "core/anatomy/DemoBrainLoader.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

double childCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Median wall time of `repetitions` runs (after one warm-up run that fills the page cache), in seconds; `cpu`
// gets the median CPU time (user + system) of the child processes of a run, which a busy machine inflates less.
double timeRuns(int repetitions, const std::function<bool()>& run, double* cpu = nullptr) {
  if (!run()) return -1;
  std::vector<double> times, cpuTimes;
  for (int r = 0; r < repetitions; ++r) {
    const double cpuStart = childCpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    if (!run()) return -1;
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    cpuTimes.push_back(childCpuSeconds() - cpuStart);
  }
  if (cpu) *cpu = median(cpuTimes);
  return median(times);
}

bool shell(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

std::string shellQuoted(const fs::path& p) { return "'" + p.string() + "'"; }

void printRatio(const char* name, double ours, double peer, const char* peerName) {
  if (peer < 0) {
    std::printf("%s: %.1f ms (peer %s: failed)\n", name, ours * 1e3, peerName);
    return;
  }
  std::printf("%s: %.1f ms (peer %s: %.1f ms, ratio %.2fx %s)\n", name, ours * 1e3, peerName, peer * 1e3,
              ours <= peer ? peer / ours : ours / peer, ours <= peer ? "faster" : "slower");
}
}  // namespace

int runVol2SurfBenchmark(int repetitions) {
  const fs::path volumeFile = core::colin27TemplatePath();
  const bool haveWorkbench = shell("command -v wb_command");
  char pattern[] = "/tmp/voxellens-bench-vol2surf-XXXXXX";
  const fs::path folder = ::mkdtemp(pattern);
  const fs::path surfaceFile = folder / "lh.demo.white.surf.gii";
  {
    TerminalProgress progress;
    const auto demo = core::loadDemoBrain(progress.context());
    const auto& left = demo.meshes.surfaces.front();
    core::writeGiftiSurface(surfaceFile, left);
  }
  const auto surface = core::giftiSurface(core::readGifti(surfaceFile), surfaceFile);
  const auto volume = core::readNifti(volumeFile);
  // The front end a user runs (the benchmark itself runs in voxellens-full, which loads LibTorch).
  const std::string voxellens = siblingExecutable(kFrontEndExecutable).string();

  std::printf("vol2surf: %s (%lld x %lld x %lld voxels) at %zu vertices of the demo left white surface, median of "
              "%d runs after a warm-up run\n",
              volumeFile.filename().c_str(), static_cast<long long>(volume.dims[0]),
              static_cast<long long>(volume.dims[1]), static_cast<long long>(volume.dims[2]), surface.vertexCount(),
              repetitions);
  if (!haveWorkbench)
    std::printf("peer: not measured, wb_command is not installed (Debian package connectome-workbench)\n");
  // Process start-up alone: each program loads its libraries, prints a short text and exits (ours the help of
  // vol2surf, as `voxellens --version` is answered by voxellens-full with LibTorch's runtime facts).
  double ourStartCpu = 0, peerStartCpu = 0;
  const double ourStart =
      timeRuns(repetitions, [&] { return shell(shellQuoted(voxellens) + " vol2surf --help"); }, &ourStartCpu);
  const double peerStart =
      haveWorkbench ? timeRuns(repetitions, [&] { return shell("wb_command -version"); }, &peerStartCpu) : -1;

  for (const auto& [method, ourFlag, peerFlag] :
       {std::tuple{core::VolumeSampling::Trilinear, "trilinear", "-trilinear"},
        std::tuple{core::VolumeSampling::Enclosing, "enclosing", "-enclosing"}}) {
    // Sampling alone, in this process (the volume and surface already in memory).
    std::vector<float> values;
    const double compute = timeRuns(std::max(repetitions, 9), [&] {
      values = core::workbenchVolumeToSurface(volume, surface.vertices, method);
      return true;
    });
    std::printf("%s sampling only (in memory): %.2f ms (peer: not separable, wb_command reads and writes files)\n",
                ourFlag, compute * 1e3);
    // The whole command, process start included: read the .nii.gz and the .surf.gii, sample, write a .func.gii.
    const fs::path ourOut = folder / (std::string("ours.") + ourFlag + ".func.gii");
    const fs::path peerOut = folder / (std::string("wb.") + ourFlag + ".func.gii");
    double oursCpu = 0, peerCpu = 0;
    const double ours = timeRuns(repetitions, [&] {
      return shell(shellQuoted(voxellens) + " vol2surf " + shellQuoted(volumeFile) + " " + shellQuoted(surfaceFile) + " " +
                   shellQuoted(ourOut) + " --method " + ourFlag);
    }, &oursCpu);
    if (ours < 0) throw std::runtime_error("voxellens vol2surf failed on the benchmark files in " + folder.string());
    if (!haveWorkbench) {
      std::printf("%s command: %.1f ms (peer: not measured)\n", ourFlag, ours * 1e3);
      continue;
    }
    const double peer = timeRuns(repetitions, [&] {
      return shell("wb_command -volume-to-surface-mapping " + shellQuoted(volumeFile) + " " + shellQuoted(surfaceFile) + " " +
                   shellQuoted(peerOut) + " " + peerFlag);
    }, &peerCpu);
    printRatio((std::string(ourFlag) + " command, process start included").c_str(), ours, peer, "wb_command");
    if (peer >= 0 && ourStart > 0 && peerStart > 0)
      printRatio((std::string(ourFlag) + " command, each program's start-up subtracted").c_str(), ours - ourStart,
                 peer - peerStart, "wb_command");
    if (peer >= 0) {
      printRatio((std::string(ourFlag) + " command CPU time, process start included").c_str(), oursCpu, peerCpu,
                 "wb_command");
      printRatio((std::string(ourFlag) + " command CPU time, start-up subtracted").c_str(), oursCpu - ourStartCpu,
                 peerCpu - peerStartCpu, "wb_command");
    }
    if (peer >= 0) {
      const auto a = core::giftiScalarMaps(core::readGifti(ourOut), ourOut).maps.at(0);
      const auto b = core::giftiScalarMaps(core::readGifti(peerOut), peerOut).maps.at(0);
      std::size_t differ = a.size() == b.size() ? 0 : a.size();
      for (std::size_t v = 0; v < std::min(a.size(), b.size()); ++v) differ += a[v] != b[v];
      std::printf("%s agreement: %zu of %zu values differ from wb_command's\n", ourFlag, differ, b.size());
    }
  }
  if (haveWorkbench && ourStart > 0 && peerStart > 0)
    std::printf("start-up alone (vol2surf --help / -version): %.1f ms, CPU %.1f ms (peer wb_command: %.1f ms, CPU "
                "%.1f ms)\n",
                ourStart * 1e3, ourStartCpu * 1e3, peerStart * 1e3, peerStartCpu * 1e3);
  fs::remove_all(folder);
  return 0;
}

}  // namespace vl::app
