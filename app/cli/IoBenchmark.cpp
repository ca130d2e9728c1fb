#include "app/cli/IoBenchmark.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/geometry/Icosphere.h"
#include "core/io/DataFile.h"
#include "core/io/FreeSurferCurv.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/GiftiWriter.h"
#include "core/io/MghFile.h"
#include "core/io/NpyWriter.h"

namespace vl::app {
namespace {
constexpr const char* kPython = "/usr/bin/python3";  // Debian's, the one that sees python3-nibabel

struct BenchFile {
  std::string name;      // what is measured
  std::string file;      // in the temporary folder
  std::string peerCall;  // Python expression reading `path` completely
};

// The peer reads each file `repetitions` times in one Python process and prints "file median_seconds".
std::string peerScript(const std::vector<BenchFile>& files, const std::filesystem::path& folder, int repetitions) {
  std::string script =
      "import sys, time, statistics, numpy as np, nibabel as nib\n"
      "from nibabel.freesurfer import io as fsio\n"
      "def gii(path):\n"
      "    return [a.data for a in nib.load(path).darrays]\n"
      "def run(name, path, read):\n"
      "    read(path)\n"
      "    times = []\n"
      "    for _ in range(" + std::to_string(repetitions) + "):\n"
      "        t = time.perf_counter(); read(path); times.append(time.perf_counter() - t)\n"
      "    print(name, statistics.median(times))\n";
  for (const auto& f : files)
    script += "run('" + f.file + "', '" + (folder / f.file).string() + "', lambda path: " + f.peerCall + ")\n";
  return script;
}

std::map<std::string, double> runPeer(const std::string& script, const std::filesystem::path& folder) {
  std::map<std::string, double> seconds;
  const auto scriptFile = folder / "peer.py";
  if (FILE* out = std::fopen(scriptFile.c_str(), "w")) {
    std::fputs(script.c_str(), out);
    std::fclose(out);
  }
  const std::string command = std::string(kPython) + " " + scriptFile.string() + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return seconds;
  char name[256];
  double value;
  while (std::fscanf(pipe, "%255s %lf", name, &value) == 2) seconds[name] = value;
  ::pclose(pipe);
  return seconds;
}

bool peerAvailable() {
  return std::system((std::string(kPython) + " -c 'import nibabel' >/dev/null 2>&1").c_str()) == 0;
}
}  // namespace

int runIoBenchmark(int repetitions) {
  char pattern[] = "/tmp/voxellens-bench-io-XXXXXX";
  const std::filesystem::path folder = ::mkdtemp(pattern);
  const auto surface = core::makeIcosphere(7, 80.0f);
  std::vector<float> overlay(surface.vertexCount());
  for (std::size_t v = 0; v < overlay.size(); ++v)
    overlay[v] = std::sin(0.1f * surface.vertices[v][0]) * std::cos(0.07f * surface.vertices[v][1]);
  core::ScalarMaps maps;
  maps.hemisphere = core::Hemisphere::Left;
  maps.names = {"overlay"};
  maps.maps = {overlay};

  const std::vector<BenchFile> files = {
      {"FreeSurfer surface", "lh.bench.white", "fsio.read_geometry(path)"},
      {"GIfTI surface (gzip base64)", "lh.bench.surf.gii", "gii(path)"},
      {"FreeSurfer curv overlay", "lh.bench.thickness", "fsio.read_morph_data(path)"},
      {"GIfTI overlay (gzip base64)", "lh.bench.func.gii", "gii(path)"},
      {"MGH overlay", "lh.bench.mgh", "np.asarray(nib.load(path).dataobj)"},
      {"MGZ overlay", "lh.bench.mgz", "np.asarray(nib.load(path).dataobj)"},
      {"NumPy overlay", "lh.bench.npy", "np.load(path)"},
  };
  core::writeFreeSurferSurface(folder / files[0].file, surface);
  core::writeGiftiSurface(folder / files[1].file, surface);
  core::writeFreeSurferCurv(folder / files[2].file, overlay);
  core::writeGiftiScalars(folder / files[3].file, maps);
  core::MghImage mgh;
  mgh.dims = {static_cast<std::int32_t>(overlay.size()), 1, 1, 1};
  mgh.data = overlay;
  core::writeMgh(folder / files[4].file, mgh);
  core::writeMgh(folder / files[5].file, mgh);
  core::writeNpy(folder / files[6].file, overlay, {static_cast<std::int64_t>(overlay.size())});

  std::map<std::string, double> ours;
  for (const auto& f : files) {
    core::readDataFile(folder / f.file);  // warm the page cache, as the peer's first read does
    std::vector<double> times;
    for (int r = 0; r < repetitions; ++r) {
      const auto start = std::chrono::steady_clock::now();
      core::readDataFile(folder / f.file);
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
    ours[f.file] = times[times.size() / 2];
  }
  const bool havePeer = peerAvailable();
  const auto peer = havePeer ? runPeer(peerScript(files, folder, repetitions), folder) : std::map<std::string, double>{};
  std::printf("io: %zu-vertex surface (%zu triangles) and overlay, median of %d reads\n", surface.vertexCount(),
              surface.triangleCount(), repetitions);
  for (const auto& f : files) {
    const double ms = ours[f.file] * 1e3;
    if (auto it = peer.find(f.file); it != peer.end()) {
      const char* peerName = f.file.ends_with(".npy") ? "numpy" : "nibabel";
      std::printf("%s: %.2f ms (peer %s: %.2f ms, ratio %.1fx faster)\n", f.name.c_str(), ms, peerName,
                  it->second * 1e3, it->second / ours[f.file]);
    } else {
      std::printf("%s: %.2f ms (peer: %s)\n", f.name.c_str(), ms,
                  havePeer ? "failed to read" : "not measured, python3-nibabel is not installed");
    }
  }
  std::filesystem::remove_all(folder);
  return 0;
}

}  // namespace vl::app
