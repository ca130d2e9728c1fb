#include "app/cli/RidgeBenchmark.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "app/cli/Executables.h"
#include "app/cli/TerminalProgress.h"
#include "core/analysis/Blas.h"
#include "core/analysis/EncodingModel.h"
#include "core/analysis/RidgeCv.h"
#include "core/io/NpyMatrix.h"
#include "core/io/NpyReader.h"
#include "core/ml/TorchRuntime.h"

namespace vl::app {
namespace {
constexpr const char* kPython = "/usr/bin/python3";

double loadAverage() {
  double load[1] = {-1};
  return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

double peakRssMiB() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

core::Matrix randomMatrix(std::size_t rows, std::size_t cols, std::mt19937& rng, float scale = 1.0f) {
  std::normal_distribution<float> normal(0.0f, scale);
  core::Matrix m(rows, cols);
  for (auto& v : m.data) v = normal(rng);
  return m;
}

// Correlated Gaussian features: each row is an AR(1) sequence over the features (correlation 0.8^|i - j|), so the
// design's spectrum is spread as in real feature spaces instead of flat.
core::Matrix correlatedFeatures(std::size_t rows, std::size_t cols, std::mt19937& rng) {
  constexpr float rho = 0.8f;
  const float innovation = std::sqrt(1.0f - rho * rho);
  core::Matrix m = randomMatrix(rows, cols, rng);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 1; c < cols; ++c) m(r, c) = rho * m(r, c - 1) + innovation * m(r, c);
  return m;
}

// Responses whose signal-to-noise variance ratio spans two orders of magnitude (10^-1.5 .. 10^0.5, log-spaced
// over a cycle of 97 voxels), so that the chosen alphas spread over the grid.
core::Matrix simulatedResponses(const core::Matrix& X, std::size_t voxels, std::mt19937& rng) {
  core::RidgeFit<float> truth;
  truth.weights = randomMatrix(X.cols, voxels, rng);
  truth.intercepts.assign(voxels, 0.0f);
  auto signal = core::predictRidge(truth, X);
  for (std::size_t v = 0; v < voxels; ++v) {
    double variance = 0;
    for (std::size_t i = 0; i < X.rows; ++i) variance += double(signal(i, v)) * signal(i, v);
    variance /= double(X.rows);
    const double snr = std::pow(10.0, -1.5 + 2.0 * double(v % 97) / 96.0);
    const auto gain = static_cast<float>(std::sqrt(snr / std::max(variance, 1e-30)));
    for (std::size_t i = 0; i < X.rows; ++i) signal(i, v) *= gain;
  }
  std::normal_distribution<float> noise(0.0f, 1.0f);
  for (auto& y : signal.data) y += noise(rng);
  return signal;
}

std::string alphaList(const std::vector<double>& alphas, const char* open, const char* close) {
  std::string text = open;
  for (std::size_t i = 0; i < alphas.size(); ++i) {
    char value[32];
    std::snprintf(value, sizeof value, "%s%.17g", i ? "," : "", alphas[i]);  // exactly our grid
    text += value;
  }
  return text + close;
}

struct Peer {
  bool ran = false;
  double seconds = 0;
  core::Matrix coef;  // voxels x features, sklearn's coef_
  std::vector<double> alphas;
};

Peer runSklearn(const std::filesystem::path& folder, const std::vector<double>& alphas) {
  Peer peer;
  if (std::system((std::string(kPython) + " -c 'import sklearn' >/dev/null 2>&1").c_str()) != 0) return peer;
  const std::string grid = alphaList(alphas, "[", "]");
  const auto script = folder / "peer.py";
  if (FILE* out = std::fopen(script.c_str(), "w")) {
    std::fprintf(out,
                 "import time, numpy as np\nfrom sklearn.linear_model import RidgeCV\n"
                 "X = np.load('%s'); Y = np.load('%s')\n"
                 "t = time.perf_counter()\nm = RidgeCV(alphas=%s, alpha_per_target=True).fit(X, Y)\n"
                 "print(time.perf_counter() - t)\n"
                 "np.save('%s', m.coef_.astype(np.float32)); np.save('%s', np.asarray(m.alpha_, dtype=np.float64))\n",
                 (folder / "X.npy").c_str(), (folder / "Y.npy").c_str(), grid.c_str(), (folder / "coef.npy").c_str(),
                 (folder / "alpha.npy").c_str());
    std::fclose(out);
  }
  FILE* pipe = ::popen((std::string(kPython) + " " + script.string() + " 2>/dev/null").c_str(), "r");
  if (!pipe) return peer;
  peer.ran = std::fscanf(pipe, "%lf", &peer.seconds) == 1;
  ::pclose(pipe);
  if (!peer.ran) return peer;
  peer.coef = core::readNpyMatrix(folder / "coef.npy");
  peer.alphas = core::readNpy(folder / "alpha.npy").toDouble();
  return peer;
}

double wallSeconds(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(command.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return status == 0 ? seconds : -1;
}

double median3(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Whole processes, as a user runs them: `voxellens fit` on the .npy files (reading, fitting, writing its result
// folder) against a Python process that loads the same files and runs RidgeCV(alpha_per_target=True) with its
// default threads. Alternating, three each, medians; -1 when a run fails.
struct WholeProcess {
  double ours = -1, peer = -1;
};

WholeProcess runWholeProcesses(const std::filesystem::path& folder, const std::vector<double>& alphas, bool withPeer) {
  const auto script = folder / "peer_process.py";
  if (FILE* out = std::fopen(script.c_str(), "w")) {
    std::fprintf(out,
                 "import numpy as np\nfrom sklearn.linear_model import RidgeCV\n"
                 "X = np.load('%s'); Y = np.load('%s')\nRidgeCV(alphas=%s, alpha_per_target=True).fit(X, Y)\n",
                 (folder / "X.npy").c_str(), (folder / "Y.npy").c_str(), alphaList(alphas, "[", "]").c_str());
    std::fclose(out);
  }
  const auto front = siblingExecutable(kFrontEndExecutable);
  const std::string ours = "'" + front.string() + "' fit --features '" + (folder / "X.npy").string() +
                           "' --responses '" + (folder / "Y.npy").string() + "' --alphas " +
                           alphaList(alphas, "", "") + " --out '" + (folder / "fit").string() + "' >/dev/null 2>&1";
  const std::string peer = std::string(kPython) + " '" + script.string() + "' >/dev/null 2>&1";
  std::vector<double> oursTimes, peerTimes;
  for (int round = 0; round < 3; ++round) {
    oursTimes.push_back(wallSeconds(ours));
    if (withPeer) peerTimes.push_back(wallSeconds(peer));
  }
  WholeProcess result;
  if (std::none_of(oursTimes.begin(), oursTimes.end(), [](double t) { return t < 0; })) result.ours = median3(oursTimes);
  if (withPeer && std::none_of(peerTimes.begin(), peerTimes.end(), [](double t) { return t < 0; }))
    result.peer = median3(peerTimes);
  return result;
}
}  // namespace

int runRidgeBenchmark(int samples, int features, int voxels, int alphaCount) {
  std::mt19937 rng(2024);
  const auto n = static_cast<std::size_t>(samples), p = static_cast<std::size_t>(features);
  const auto v = static_cast<std::size_t>(voxels);
  const auto X = correlatedFeatures(n, p, rng);
  const auto Y = simulatedResponses(X, v, rng);
  core::RidgeOptions options;
  options.alphas.clear();
  for (int a = 0; a < alphaCount; ++a)
    options.alphas.push_back(std::pow(10.0, -1.0 + 6.0 * a / std::max(1, alphaCount - 1)));  // 0.1 .. 1e5

  // The fit's GEMMs run on the process's BLAS (OpenBLAS): one thread per core (or $OPENBLAS_NUM_THREADS, which
  // scikit-learn's numpy honours too), as `voxellens fit` sets it.
  core::blas::setThreads(core::blas::defaultThreads());
  const double sgemm = core::measureSgemmGflops();
  const double rssBefore = peakRssMiB();
  core::RidgeFit<float> fit;
  const auto start = std::chrono::steady_clock::now();
  {
    TerminalProgress progress;
    fit = core::fitRidgeCv(X, Y, options, progress.context());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rssAfter = peakRssMiB();
  // The GEMM work the fit did (U^T Y, the LOO residuals it evaluated, GCV, the weights), as RidgeCv counts it.
  const double flops = fit.work.flops;

  // The exhaustive search on the same data: the reference for the chosen alphas and the work saved.
  core::RidgeOptions exhaustiveOptions = options;
  exhaustiveOptions.exhaustiveSearch = true;
  const auto exhaustiveStart = std::chrono::steady_clock::now();
  const auto exhaustive = core::fitRidgeCv(X, Y, exhaustiveOptions);
  const double exhaustiveSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - exhaustiveStart).count();
  std::size_t sameAsExhaustive = 0, oneStep = 0;
  double sameAlphaDifference = 0;
  for (std::size_t voxel = 0; voxel < v; ++voxel) {
    const double a = fit.alphas[voxel], b = exhaustive.alphas[voxel];
    if (a == b) {
      ++sameAsExhaustive;
      double largest = 0, difference = 0;
      for (std::size_t f = 0; f < p; ++f) {
        largest = std::max(largest, double(std::abs(exhaustive.weights(f, voxel))));
        difference = std::max(difference, double(std::abs(fit.weights(f, voxel) - exhaustive.weights(f, voxel))));
      }
      sameAlphaDifference = std::max(sameAlphaDifference, largest > 0 ? difference / largest : difference);
    } else {
      const auto step = std::abs(std::find(options.alphas.begin(), options.alphas.end(), a) -
                                 std::find(options.alphas.begin(), options.alphas.end(), b));
      oneStep += step == 1;
    }
  }

  char pattern[] = "/tmp/voxellens-bench-ridge-XXXXXX";
  const std::filesystem::path folder = ::mkdtemp(pattern);
  core::writeNpyMatrix(folder / "X.npy", X);
  core::writeNpyMatrix(folder / "Y.npy", Y);
  const auto peer = runSklearn(folder, options.alphas);
  const auto whole = runWholeProcesses(folder, options.alphas, peer.ran);
  std::filesystem::remove_all(folder);

  std::printf("ridge: n = %zu samples, p = %zu correlated features, v = %zu voxels (signal-to-noise 10^-1.5 .. "
              "10^0.5), %d alphas 0.1 .. 1e5, float32, leave-one-out; in-process times are one run each, whole-process "
              "times the median of 3 alternating runs; ratios are as measured, so run it on a quiet machine (load "
              "average now %.1f)\n", n, p, v, alphaCount, loadAverage());
  std::printf("machine sgemm (LibTorch, %s): %.1f GFLOP/s\n", core::blasDescription().substr(0, 16).c_str(), sgemm);
  std::printf("fit rate: %.1f GFLOP/s over the whole fit = %.0f%% of sgemm\n", flops / seconds / 1e9,
              100.0 * flops / seconds / 1e9 / sgemm);
  std::printf("peak memory: %.0f MiB resident after the fit, %.0f MiB before it (inputs %.0f MiB, results %.0f MiB, "
              "working memory bound %.0f MiB)\n", rssAfter, rssBefore,
              double((X.data.size() + Y.data.size()) * sizeof(float)) / (1 << 20),
              double(fit.weights.data.size() * sizeof(float)) / (1 << 20),
              double(core::ridgeMemoryBound(n, p, options)) / (1 << 20));
  std::printf("bracketed leave-one-out: %zu of %zu (voxel, alpha) pairs evaluated, %zu bracket widenings, "
              "%.3g of %.3g GEMM flops (%.0f%% of the exhaustive search)\n",
              fit.work.cvEvaluations, fit.work.exhaustiveEvaluations, fit.work.bracketExtensions, fit.work.flops,
              fit.work.exhaustiveFlops, 100.0 * fit.work.flops / fit.work.exhaustiveFlops);
  std::printf("against exhaustive leave-one-out (%.2f s, ratio %.2fx on a shared machine, as measured): same alpha "
              "for %zu of %zu voxels (%.3f%%), one grid step apart for %zu; largest coefficient difference where the "
              "alpha is the same %.2e of the voxel's largest coefficient\n",
              exhaustiveSeconds, exhaustiveSeconds / seconds, sameAsExhaustive, v, 100.0 * double(sameAsExhaustive) / v,
              oneStep, sameAlphaDifference);
  if (!peer.ran) {
    std::printf("fit: %.2f s (peer: not measured, python3-sklearn is not installed)\n", seconds);
    if (whole.ours > 0) std::printf("whole process: voxellens fit %.2f s (median of 3)\n", whole.ours);
    return 0;
  }
  double largest = 0, difference = 0;
  std::size_t sameAlpha = 0;
  for (std::size_t voxel = 0; voxel < v; ++voxel) {
    double voxelLargest = 0, voxelDifference = 0;
    for (std::size_t f = 0; f < p; ++f) {
      voxelLargest = std::max(voxelLargest, double(std::abs(peer.coef(voxel, f))));
      voxelDifference = std::max(voxelDifference, double(std::abs(peer.coef(voxel, f) - fit.weights(f, voxel))));
    }
    largest = std::max(largest, voxelLargest);
    // Coefficients are compared where the alphas agree: a voxel whose LOO minimum is a near tie (float32 against
    // float64) may pick the neighbouring alpha, and its coefficients then differ by design, not by error.
    const bool same = std::abs(peer.alphas[voxel] - fit.alphas[voxel]) <= 1e-9 * peer.alphas[voxel];
    sameAlpha += same;
    if (same) difference = std::max(difference, voxelLargest > 0 ? voxelDifference / voxelLargest : voxelDifference);
  }
  std::printf("in process, fit only: %.2f s (peer sklearn RidgeCV(alpha_per_target=True): %.2f s, ratio %.1fx faster)\n", seconds,
              peer.seconds, peer.seconds / seconds);
  if (whole.ours > 0 && whole.peer > 0)
    std::printf("whole process (median of 3, alternating; start-up, reading the .npy files, fitting, and for voxellens "
                "writing its fit folder): voxellens fit %.2f s (peer python3 + numpy.load + RidgeCV: %.2f s, ratio "
                "%.1fx faster)\n", whole.ours, whole.peer, whole.peer / whole.ours);
  else
    std::printf("whole process: not measured (a run failed)\n");
  std::printf("agreement: same alpha for %zu of %zu voxels; where the alpha is the same, largest coefficient "
              "difference %.2e of the voxel's largest coefficient\n", sameAlpha, v, difference);
  return 0;
}

}  // namespace vl::app
