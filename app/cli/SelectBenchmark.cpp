#include "app/cli/SelectBenchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ctime>
#include <map>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/demo/DemoStudyMaker.h"
#include "core/fitting/SelectionContext.h"
#include "core/fitting/StudyEmbedder.h"
#include "core/fitting/StudyModelPipeline.h"
#include "core/io/NpyMatrix.h"
#include "core/ml/BundleRunners.h"
#include "core/selectivity/CaptionMap.h"
#include "core/selectivity/CategoryMaps.h"
#include "core/selectivity/TargetSelection.h"
#include "core/study/StudyFolderLoader.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kPython = "/usr/bin/python3";

template <typename Body>
double medianMs(int repetitions, Body&& body) {
  std::vector<double> ms;
  for (int r = 0; r < repetitions; ++r) {
    const auto start = Clock::now();
    body();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::nth_element(ms.begin(), ms.begin() + std::ptrdiff_t(ms.size() / 2), ms.end());
  return ms[ms.size() / 2];
}

// The same computations in numpy on the same arrays, timed inside Python (start-up and loading excluded), median of
// the repetitions; the caption map's clustering with scikit-learn's KMeans (k-means++, 10 starts) when installed.
// Empty when python3 or numpy is missing.
std::map<std::string, double> runNumpyPeer(const fs::path& folder, int repetitions, std::size_t clusters) {
  std::map<std::string, double> out;
  if (std::system((std::string(kPython) + " -c 'import numpy' >/dev/null 2>&1").c_str()) != 0) return out;
  const auto script = folder / "peer.py";
  if (FILE* file = std::fopen(script.c_str(), "w")) {
    std::fprintf(file, R"(import json, time, numpy as np
d = '%s'; reps = %d; k = %d
F = np.load(d + '/F.npy'); W = np.load(d + '/W.npy'); b = np.load(d + '/b.npy').ravel(); C = np.load(d + '/C.npy')
E = np.load(d + '/energy.npy'); cols = np.load(d + '/columns.npy').ravel().astype(np.int64)
def median_ms(f):
    t = []
    for _ in range(reps):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    return float(np.median(t))
Y = np.load(d + '/Y.npy'); S = np.load(d + '/S.npy').ravel().astype(np.int64)
def gallery():
    w = W[:, cols].mean(1); p = F @ w + b[cols].mean()
    top = np.argpartition(-p, 16)[:16]; top = top[np.argsort(-p[top])]
    bot = np.argpartition(p, 16)[:16]
    n = np.bincount(S, minlength=len(F)); m = np.bincount(S, weights=Y.mean(1), minlength=len(F))
    m = np.where(n > 0, m / np.maximum(n, 1), -np.inf); mt = np.argpartition(-m, 16)[:16]
    return top, bot, mt[np.argsort(-m[mt])]
def project(w):
    norms = np.linalg.norm(F, axis=1); l = 150 * (F @ w) / norms; l = np.exp(l - l.max()); p = l / l.sum()
    v = (p[:, None] * (F / norms[:, None])).sum(0); return v / np.linalg.norm(v) * (p * norms).sum()
def caption():
    Wc = W[:, cols] / np.linalg.norm(W[:, cols], axis=0); w = Wc.mean(1); w /= np.linalg.norm(w)
    v = project(w); s = C @ v / (np.linalg.norm(C, axis=1) * np.linalg.norm(v)); return np.argsort(-s)[:5]
def rf():
    p = F @ W[:, cols].mean(1); z = (p - p.mean()) / p.std(); m = z @ E
    hot = m >= np.percentile(m, 90); g = int(np.sqrt(E.shape[1])); ys, xs = np.divmod(np.nonzero(hot)[0], g)
    return xs.mean(), ys.mean()
out = {'gallery': median_ms(gallery), 'caption': median_ms(caption), 'rf': median_ms(rf)}
s = time.perf_counter()
norms = np.linalg.norm(F, axis=1); U = F / norms[:, None]; Wn = W / np.linalg.norm(W, axis=0)
P = np.empty((W.shape[1], F.shape[1]))
for a in range(0, W.shape[1], 512):
    L = 150 * (Wn[:, a:a + 512].T @ U.T); L = np.exp(L - L.max(1, keepdims=True)); L /= L.sum(1, keepdims=True)
    P[a:a + 512] = L @ U
P /= np.linalg.norm(P, axis=1, keepdims=True)
out['projection'] = (time.perf_counter() - s) * 1000
try:
    from sklearn.cluster import KMeans
    s = time.perf_counter(); KMeans(n_clusters=k, n_init=10, random_state=7).fit(P)
    out['kmeans'] = (time.perf_counter() - s) * 1000
except ImportError:
    pass
print(json.dumps(out))
)",
                 folder.c_str(), repetitions, int(clusters));
    std::fclose(file);
  }
  const auto errors = folder / "peer.err";
  FILE* pipe = ::popen((std::string(kPython) + " " + script.string() + " 2>" + errors.string()).c_str(), "r");
  if (!pipe) return out;
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
  ::pclose(pipe);
  try {
    const auto document = nlohmann::json::parse(text);
    for (const auto& [name, value] : document.items()) out[name] = value.get<double>();
  } catch (const nlohmann::json::exception&) {
    out.clear();
    std::string line, last;
    std::ifstream in(errors);
    while (std::getline(in, line)) last = line;
    std::printf("peer: the numpy script failed (%s%s)\n", last.c_str(), text.empty() ? ", no output" : "");
  }
  return out;
}

void printTime(const char* name, double ms, double goalMs, const std::map<std::string, double>& peer,
               const std::string& peerKey, const char* peerName) {
  const auto found = peer.find(peerKey);
  const std::string verdict = ms < goalMs ? "met" : "missed";
  if (found == peer.end()) {
    std::printf("%s: %.1f ms (goal < %.0f ms, %s; no peer)\n", name, ms, goalMs, verdict.c_str());
  } else {
    std::printf("%s: %.1f ms (goal < %.0f ms, %s; peer %s: %.1f ms, ratio %.2f)\n", name, ms, goalMs,
                verdict.c_str(), peerName, found->second, found->second / ms);
  }
}

}  // namespace

int runSelectBenchmark(const std::optional<std::string>& studyFolder, int repetitions) {
  const fs::path folder = studyFolder ? fs::path(*studyFolder) : core::defaultDemoStudyFolder();
  if (!fs::exists(folder / "study.json"))
    throw UsageError(folder.string() + " has no study.json: name a study with --study DIR (or make the demo study " +
                     "with `voxellens demo --out DIR`)");
  TerminalProgress progress;
  const auto context = progress.context();
  const auto loaded = core::loadStudyFolder(folder, context.slice(0, 0.1));
  const auto& study = *loaded.study;
  const auto experiment = study.experiment();
  if (!experiment || !experiment->stimuli || !experiment->train || !experiment->test)
    throw UsageError(folder.string() + ": the study has no stimuli and responses");
  const core::ImageEmbedder embedder(core::studyImageEmbedder());
  auto models = std::make_shared<const core::StudyModels>(
      core::prepareStudyModels(*experiment, embedder, context.slice(0.1, 0.7)));
  const auto selection = core::makeSelectionContext(experiment, models, embedder.dimension(), context.slice(0.7, 1.0));
  const auto inputs = selection.inputs();

  // The target: the planted FFA on a demo study, else the first ROI of the first set with columns.
  core::SelectionTarget target;
  for (const auto& set : study.roiSets()) {
    for (const auto& label : set.data->labels) {
      if (label.key == 0) continue;
      auto candidate = core::roiTarget(*set.data, label.name, {core::Hemisphere::Left, core::Hemisphere::Right},
                                       experiment->columns);
      if (candidate.columns.empty()) continue;
      if (target.columns.empty() || label.name == "FFA") target = std::move(candidate);
    }
    if (!target.columns.empty()) break;
  }
  if (target.columns.empty()) throw UsageError(folder.string() + ": no ROI of the study has response columns");
  const auto& encoder = *inputs.encoder;
  const auto& embedding = *inputs.stimulusEmbedding;
  std::printf("bench select on %s: %zu images, %zu columns; target %s (%zu columns); median of %d runs\n",
              experiment->manifest.name.c_str(), embedding.rows, encoder.weights.cols, target.describe().c_str(),
              target.columns.size(), repetitions);

  const auto fitted = core::fittedStimuli(*experiment, embedding.rows);
  const double gallery = medianMs(repetitions, [&] {
    const auto predicted = core::predictedResponse(embedding, core::targetWeights(encoder, target.columns));
    const auto top = core::rankImages(predicted, 16, true, fitted);
    const auto bottom = core::rankImages(predicted, 16, false, fitted);
    std::vector<std::size_t> trials;
    const auto measured = core::measuredResponse(*experiment, target.columns, &trials);
    const auto measuredTop = core::rankImages(measured, 16, true, fitted, &trials);
  });
  const double caption = medianMs(repetitions, [&] {
    const auto projected = core::projectTargetDirection(encoder, target.columns, embedding);
    if (inputs.captionEmbedding)
      const auto nearest = core::nearestCaptions(projected, *inputs.captionEmbedding, inputs.captionTexts, 5);
  });
  const auto predicted = core::predictedResponse(embedding, core::targetWeights(encoder, target.columns));
  const auto fov = experiment->manifest.stimuli ? experiment->manifest.stimuli->fieldOfViewDeg : std::nullopt;
  const double rf = inputs.contrastEnergy ? medianMs(repetitions, [&] {
    const auto field = core::receptiveField(*inputs.contrastEnergy, predicted, fov, 64);
  }) : -1;
  const double reliability = medianMs(std::min(repetitions, 5), [&] {
    const auto r = core::targetReliability(*experiment, encoder, embedding, target.columns);
  });
  const double whole = medianMs(std::min(repetitions, 5), [&] { const auto r = core::selectTarget(inputs, target); });

  // The long ones also in processor time (all threads): on a shared machine the wall clock says more about the
  // neighbours than about the code.
  const auto cpuMs = [] { return 1000.0 * double(std::clock()) / CLOCKS_PER_SEC; };
  const auto mapStart = Clock::now();
  const double mapCpuStart = cpuMs();
  const auto map = core::captionMap(encoder, embedding, inputs.captions, inputs.captionEmbedding, inputs.captionTexts);
  const double captionMapMs = std::chrono::duration<double, std::milli>(Clock::now() - mapStart).count();
  const double captionMapCpuMs = cpuMs() - mapCpuStart;
  const auto categories = core::categoriesFromTags(*experiment->stimuli);
  double categoryMs = -1, categoryCpuMs = -1;
  if (!categories.empty()) {
    const auto start = Clock::now();
    const double cpuStart = cpuMs();
    const auto maps = core::categoryMaps(*experiment, encoder, embedding, categories);
    categoryMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    categoryCpuMs = cpuMs() - cpuStart;
  }

  // The peer's inputs: the same arrays as .npy files in a temporary folder.
  const fs::path peerFolder = fs::temp_directory_path() / ("voxellens-bench-select-" + std::to_string(::getpid()));
  fs::create_directories(peerFolder);
  core::writeNpyMatrix(peerFolder / "F.npy", embedding);
  core::writeNpyMatrix(peerFolder / "W.npy", encoder.weights);
  core::writeNpyMatrix(peerFolder / "b.npy", core::Matrix(1, encoder.intercepts.size(), encoder.intercepts));
  core::writeNpyMatrix(peerFolder / "C.npy", inputs.captionEmbedding ? *inputs.captionEmbedding : core::Matrix(1, 1));
  core::writeNpyMatrix(peerFolder / "energy.npy",
                       inputs.contrastEnergy ? inputs.contrastEnergy->energy : core::Matrix(embedding.rows, 1));
  // The target's measured rows (training single trials and test means, each row counted once) for the gallery's
  // measured top images.
  std::vector<float> measuredRows, shownStimulus;
  for (const auto* set : {&*experiment->train, &*experiment->test})
    for (std::size_t r = 0; r < set->rows; ++r) {
      const auto row = set->row(r);
      for (std::size_t c : target.columns) measuredRows.push_back(row[c]);
      shownStimulus.push_back(float(set->stimulus[r]));
    }
  const std::size_t shownRows = shownStimulus.size();
  core::writeNpyMatrix(peerFolder / "Y.npy", core::Matrix(shownRows, target.columns.size(), std::move(measuredRows)));
  core::writeNpyMatrix(peerFolder / "S.npy", core::Matrix(1, shownRows, std::move(shownStimulus)));
  std::vector<float> columnIds(target.columns.begin(), target.columns.end());
  core::writeNpyMatrix(peerFolder / "columns.npy", core::Matrix(1, columnIds.size(), columnIds));
  auto peer = runNumpyPeer(peerFolder, repetitions, map.legend.size());
  std::error_code ignored;
  if (!std::getenv("VOXELLENS_KEEP_BENCH_FILES")) fs::remove_all(peerFolder, ignored);
  if (peer.count("projection") && peer.count("kmeans")) peer["caption_map"] = peer["projection"] + peer["kmeans"];

  printTime("click-to-gallery", gallery, 100, peer, "gallery", "numpy");
  printTime("caption", caption, 300, peer, "caption", "numpy");
  if (rf >= 0) printTime("receptive field", rf, 100, peer, "rf", "numpy");
  std::printf("reliability (split-half refit, noise ceiling): %.1f ms (no goal; no peer)\n", reliability);
  std::printf("whole selection (all of the above): %.1f ms\n", whole);
  printTime("caption map", captionMapMs, 30000, peer, "caption_map", "numpy projection + sklearn KMeans");
  std::printf("caption map processor time (all threads): %.1f ms\n", captionMapCpuMs);
  if (categoryMs >= 0)
    std::printf("category maps (%zu categories, 1000 permutations): %.1f ms, processor time %.1f ms (no goal; no "
                "peer)\n", categories.size(), categoryMs, categoryCpuMs);
  if (peer.empty()) std::printf("peer: not measured (no numpy result from /usr/bin/python3)\n");
  return 0;
}

}  // namespace vl::app
