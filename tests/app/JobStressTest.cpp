// 200 background jobs of every kind the application runs, through the window's job runner (two workers) with the
// Jobs dock attached: ridge fits, mesh preparation (picking index and level of detail), inflation, NSD imports,
// stimulus synthesis and decoding, on small inputs, several queued at once, with seeded random cancels at random
// times and failures injected through damaged input files. Every job must end (done, cancelled, or failed with a
// message naming the damaged file), the runner must still run a job to the end afterwards, no output folder may
// hold a temporary or half-written file, and the GUI thread's event loop must keep turning meanwhile.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/fitting/Decoder.h"
#include "core/fitting/RidgeCv.h"
#include "core/fitting/StimulusSynthesis.h"
#include "core/geometry/Icosphere.h"
#include "core/geometry/SurfaceInflation.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/TorchRuntime.h"
#include "core/nsd/NsdImporter.h"
#include "core/study/StudyManifest.h"
#include "render/LodProxy.h"
#include "render/SurfacePickIndex.h"
#include "tests/support/MiniNsdTree.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"
#include "tests/support/TimingMargin.h"
#include "widgets/JobRunner.h"
#include "widgets/JobsPanel.h"
#include "widgets/QueuedCall.h"

namespace fs = std::filesystem;
using namespace vl;

namespace {

constexpr int kJobs = 200;
constexpr int kInFlight = 6;            // submitted and not yet ended: the queue is never empty, so cancels hit both
constexpr double kCancelShare = 0.3;    // queued and running jobs
constexpr double kFailureShare = 0.12;  // jobs given a damaged input file
// Bounds with room for a shared 2-core machine under heavy load (the measured values are in the commit that set
// them). A cancel waits for the job's next check: a ridge fit or decoder inside one LAPACK call cannot be interrupted.
// Under ThreadSanitizer they are multiplied by kTimingScale (there the test looks for races, not speed: its first
// TSan run took 201 s with a 1,866 ms GUI gap, 1,015 ms of it waiting for a CPU).
constexpr qint64 kMaxGuiGapMs = qint64(500 * fixtures::kTimingScale);
constexpr qint64 kMaxCancelLatencyMs = qint64(10000 * fixtures::kTimingScale);
constexpr qint64 kMaxJobLifeMs = qint64(60000 * fixtures::kTimingScale);
constexpr qint64 kMaxRunMs = qint64(240000 * fixtures::kTimingScale);

// The word every damaged input's file or folder name carries, so a failure's message can be checked to name it.
const std::string kDamaged = "damaged";

void truncateFile(const fs::path& file, double keep) {
  fs::resize_file(file, static_cast<std::uintmax_t>(double(fs::file_size(file)) * keep));
}

// A sphere of 10,242 vertices with seeded bumps, so inflation has folds to smooth away.
core::Surface bumpySphere() {
  auto surface = core::makeIcosphere(5, 40.0f);
  std::mt19937 random(3);
  std::uniform_real_distribution<float> noise(-0.08f, 0.08f);
  for (auto& p : surface.vertices) {
    const float f = 1.0f + noise(random);
    for (auto& c : p) c *= f;
  }
  return surface;
}

// The inputs every job reads, written once: good ones and their damaged twins.
struct Inputs {
  fixtures::TempDir dir;
  fs::path surface, damagedSurface;
  fs::path design, damagedDesign;  // ridge design matrices (.npy)
  std::shared_ptr<const core::Matrix> responses;
  fs::path nsdRoot, damagedNsdRoot;
  fs::path bundles, damagedBundles;  // folders with embedder/ and generator/
  core::Matrix bank;
  std::shared_ptr<const core::Matrix> decoderTrain, decoderTest, decoderTrainTargets, decoderTestTargets;
  fs::path out;  // every job that writes gets its own folder below

  Inputs() {
    out = dir.path / "out";
    fs::create_directories(out);
    surface = dir.path / "lh.white";
    core::writeFreeSurferSurface(surface, bumpySphere());
    damagedSurface = dir.path / ("lh." + kDamaged + ".white");
    fs::copy_file(surface, damagedSurface);
    truncateFile(damagedSurface, 0.6);

    // Ridge: 500 samples x 64 features -> 1,000 columns, responses = X W + noise.
    std::mt19937 random(5);
    std::normal_distribution<float> normal;
    core::Matrix x(500, 64), w(64, 1000), y(500, 1000);
    for (auto& v : x.data) v = normal(random);
    for (auto& v : w.data) v = normal(random) * 0.1f;
    for (std::size_t r = 0; r < y.rows; ++r)
      for (std::size_t c = 0; c < y.cols; ++c) {
        float sum = normal(random);
        for (std::size_t k = 0; k < x.cols; ++k) sum += x(r, k) * w(k, c);
        y(r, c) = sum;
      }
    design = dir.path / "design.npy";
    core::writeNpy(design, x.data, {500, 64});
    damagedDesign = dir.path / (kDamaged + "-design.npy");
    fs::copy_file(design, damagedDesign);
    truncateFile(damagedDesign, 0.5);
    responses = std::make_shared<const core::Matrix>(std::move(y));

    // Decoding: 300 training and 40 test rows of 200 columns -> 16-value embeddings.
    core::Matrix train(300, 200), test(40, 200), trainTargets(300, 16), testTargets(40, 16);
    for (auto* m : {&trainTargets, &testTargets})
      for (auto& v : m->data) v = normal(random);
    auto respond = [&](const core::Matrix& targets, core::Matrix& rows) {
      for (std::size_t r = 0; r < rows.rows; ++r)
        for (std::size_t c = 0; c < rows.cols; ++c) rows(r, c) = targets(r, c % 16) + 0.5f * normal(random);
    };
    respond(trainTargets, train);
    respond(testTargets, test);
    decoderTrain = std::make_shared<const core::Matrix>(std::move(train));
    decoderTest = std::make_shared<const core::Matrix>(std::move(test));
    decoderTrainTargets = std::make_shared<const core::Matrix>(std::move(trainTargets));
    decoderTestTargets = std::make_shared<const core::Matrix>(std::move(testTargets));

    // NSD: the scaled-down download (3 sessions of 750 trials, 40 vertices per hemisphere), and a copy whose
    // nsd_expdesign.mat lost its second half.
    nsdRoot = dir.path / "nsd";
    fixtures::writeMiniNsdTree(nsdRoot);
    damagedNsdRoot = dir.path / ("nsd-" + kDamaged);
    fs::copy(nsdRoot, damagedNsdRoot, fs::copy_options::recursive);
    truncateFile(core::NsdLayout{damagedNsdRoot, "subj01"}.designFile(), 0.5);

    bundles = dir.path / "bundles";
    fixtures::writeImageEmbedder(bundles / "embedder");
    fixtures::writeGenerator(bundles / "generator");
    damagedBundles = dir.path / ("bundles-" + kDamaged);
    fs::copy(bundles, damagedBundles, fs::copy_options::recursive);
    truncateFile(damagedBundles / "generator" / "model.pt", 0.5);
    bank = core::Matrix(40, 4);
    for (std::size_t r = 0; r < bank.rows; ++r)
      for (std::size_t c = 0; c < bank.cols; ++c) bank(r, c) = (r + c) % 2 ? 0.5f : -0.5f;
  }
};

enum class Kind { Fit, MeshPreparation, Inflation, NsdImport, Synthesis, Decoding };
const char* nameOf(Kind kind) {
  switch (kind) {
    case Kind::Fit: return "ridge fit";
    case Kind::MeshPreparation: return "mesh preparation";
    case Kind::Inflation: return "inflation";
    case Kind::NsdImport: return "NSD import";
    case Kind::Synthesis: return "synthesis";
    case Kind::Decoding: return "decoding";
  }
  return "?";
}

// The work of one job, as the window or the command line runs it. Jobs that write put their files in `out`.
std::function<void(const core::JobContext&)> workFor(Kind kind, bool damaged, const Inputs& in, const fs::path& out) {
  switch (kind) {
    case Kind::Fit:
      return [&in, damaged, out](const core::JobContext& context) {
        std::vector<std::int64_t> shape;
        auto values = core::readNpyAsFloat(damaged ? in.damagedDesign : in.design, shape);
        const core::Matrix x(std::size_t(shape.at(0)), std::size_t(shape.at(1)), std::move(values));
        core::RidgeOptions options;
        options.chunkSize = 250;  // progress and stop checks between chunks, as large fits have
        const auto fit = core::fitRidgeCv(x, *in.responses, options, context);
        context.throwIfStopped();
        fs::create_directories(out);
        core::writeNpy(out / "weights.npy", fit.weights.data,
                       {std::int64_t(fit.weights.rows), std::int64_t(fit.weights.cols)});
        core::writeNpy(out / "alphas.npy", fit.alphas, {std::int64_t(fit.alphas.size())});
      };
    case Kind::MeshPreparation:
      return [&in, damaged](const core::JobContext& context) {
        auto surface = std::make_shared<const core::Surface>(
            core::readFreeSurferSurface(damaged ? in.damagedSurface : in.surface));
        render::buildPickIndex(surface, context.slice(0.0, 0.5));
        render::buildLodProxy(surface, 12000, context.slice(0.5, 1.0));
      };
    case Kind::Inflation:
      return [&in, damaged, out](const core::JobContext& context) {
        const auto surface = core::readFreeSurferSurface(damaged ? in.damagedSurface : in.surface);
        const auto result = core::inflateSurface(surface, {}, context);
        context.throwIfStopped();
        fs::create_directories(out);
        core::writeFreeSurferSurface(out / "lh.inflated", result.inflated);
      };
    case Kind::NsdImport:
      return [&in, damaged, out](const core::JobContext& context) {
        core::NsdImportOptions options;
        options.root = damaged ? in.damagedNsdRoot : in.nsdRoot;
        options.out = out;
        options.sessions = {1, 2, 3};
        options.fsaverageVertices = 40;
        core::importNsd(options, context);
      };
    case Kind::Synthesis:
      return [&in, damaged](const core::JobContext& context) {
        const auto folder = damaged ? in.damagedBundles : in.bundles;
        core::SynthesisModels models;
        models.embedder = core::ModelBundle::load(folder / "embedder");
        models.generator = core::ModelBundle::load(folder / "generator");
        core::SynthesisObjective objective;
        objective.target.weights = {1.0, -0.5, 0.25, 0.0};
        core::SynthesisOptions options;
        options.starts = 4;
        options.maxSteps = options.minSteps = 40;
        options.threads = 1;
        options.startCandidates = 0;  // the first draws, unscored: the test exercises the job, not the search
        core::synthesizeStimuli(models, objective, in.bank, options, {}, context);
      };
    case Kind::Decoding:
      return [&in](const core::JobContext& context) {
        core::DecoderInput input;
        input.trainResponses = core::ResponseRows::of(*in.decoderTrain);
        input.testResponses = core::ResponseRows::of(*in.decoderTest);
        input.trainTargets = *in.decoderTrainTargets;
        input.testTargets = *in.decoderTestTargets;
        input.draws = 5;
        core::fitDecoder(input, context);
      };
  }
  return {};
}

bool canBeDamaged(Kind kind) { return kind != Kind::Decoding; }  // decoding reads no file

struct Record {
  Kind kind = Kind::Fit;
  bool damaged = false;
  fs::path out;
  qint64 submittedMs = 0, cancelledMs = -1, endedMs = -1;
  int state = -1;
  std::string error;
  std::shared_ptr<std::atomic<qint64>> started = std::make_shared<std::atomic<qint64>>(-1);  // ms, set by the worker
  bool cancelledWhileRunning = false;
};

// Files an interrupted writer could leave: the atomic writer's temporaries (name.tmp-XXXXXX).
std::vector<fs::path> temporaryFiles(const fs::path& folder) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) found.push_back(entry.path());
  return found;
}

}  // namespace

TEST(JobStress, TwoHundredJobsWithCancelsAndFailuresLeaveTheRunnerUsableAndNoPartialFile) {
  const Inputs in;
  widgets::JobRunner runner(2);  // as MainWindow
  widgets::JobsPanel panel(&runner);
  panel.show();

  // The mix: every kind, weighted to keep the run near a minute in the release build.
  const std::vector<std::pair<Kind, int>> mix = {{Kind::Fit, 50},       {Kind::MeshPreparation, 40},
                                                 {Kind::Inflation, 25}, {Kind::NsdImport, 35},
                                                 {Kind::Synthesis, 30}, {Kind::Decoding, 20}};
  std::vector<Kind> order;
  for (const auto& [kind, count] : mix) order.insert(order.end(), count, kind);
  ASSERT_EQ(order.size(), std::size_t(kJobs));
  std::mt19937 random(20261204);
  std::shuffle(order.begin(), order.end(), random);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> cancelDelayMs(0, 300);

  QElapsedTimer clock;
  clock.start();
  std::map<core::JobId, Record> records;
  int submitted = 0, ended = 0;
  QEventLoop loop;

  // The GUI thread's pulse: a 10 ms timer whose largest gap says how long the event loop was blocked.
  // With it, how long of the longest gap the GUI thread was ready but waiting for a CPU (Linux's schedstat): the
  // part of a stall that the machine's load, not the program, caused.
  qint64 lastTick = 0, maxGapMs = 0;
  double lastWait = 0, maxGapWaitMs = 0;
  auto runQueueWaitMs = [] {
    std::ifstream stat("/proc/thread-self/schedstat");
    double running = 0, waiting = 0;
    stat >> running >> waiting;
    return waiting / 1e6;
  };
  int progressSignals = 0;
  QObject::connect(&runner, &widgets::JobRunner::progressed, [&] { ++progressSignals; });
  QTimer pulse;
  pulse.setInterval(10);
  QObject::connect(&pulse, &QTimer::timeout, [&] {
    const qint64 now = clock.elapsed();
    const double wait = runQueueWaitMs();
    if (now - lastTick > maxGapMs) maxGapMs = now - lastTick, maxGapWaitMs = wait - lastWait;
    lastTick = now;
    lastWait = wait;
  });

  std::function<void()> submitNext = [&] {
    if (submitted >= kJobs) return;
    const int index = submitted++;
    Record record;
    record.kind = order[std::size_t(index)];
    record.damaged = canBeDamaged(record.kind) && unit(random) < kFailureShare;
    record.out = in.out / ("job-" + std::to_string(index));
    record.submittedMs = clock.elapsed();
    // Half of the cancels count from the submission, half from the job's start (a running one), each after a random
    // delay: within 30 ms of the submission, while the job still waits behind the others in flight, or within 60 ms
    // of its start, while it runs. On a fast machine most jobs end within 100 ms, and a cancel that arrives after
    // the end tests nothing (with delays up to 300 ms, CI once saw 19 of the 20 cancelled jobs the floor below asks
    // for, and 8 cancels of a running job where the floor is 5).
    const bool cancel = unit(random) < kCancelShare;
    const bool fromStart = unit(random) < 0.5;
    const int delay = cancelDelayMs(random) / (fromStart ? 5 : 10);
    auto cancelLater = std::make_shared<std::function<void()>>();
    auto work = [&runner, &clock, started = record.started, cancelLater, fromStart = cancel && fromStart,
                 work = workFor(record.kind, record.damaged, in, record.out)](const core::JobContext& context) {
      started->store(clock.elapsed());
      if (fromStart) widgets::postQueuedCall(&runner, [cancelLater] { (*cancelLater)(); });  // TSan-visible (QueuedCall.h)
      work(context);
    };
    const auto id = runner.run(QString::fromUtf8(nameOf(record.kind)), std::move(work));
    records.emplace(id, std::move(record));
    *cancelLater = [&, id, delay] {
      QTimer::singleShot(delay, &runner, [&, id] {
        auto& r = records.at(id);
        if (r.endedMs >= 0) return;  // ended before its cancel came
        r.cancelledMs = clock.elapsed();
        r.cancelledWhileRunning = r.started->load() >= 0;
        runner.cancel(id);
      });
    };
    if (cancel && !fromStart) (*cancelLater)();
  };

  QObject::connect(&runner, &widgets::JobRunner::finished, &loop,
                   [&](qulonglong id, const QString&, int state, const QString& error) {
                     auto it = records.find(id);
                     if (it == records.end()) return;
                     it->second.state = state;
                     it->second.error = error.toStdString();
                     it->second.endedMs = clock.elapsed();
                     if (++ended == kJobs) loop.quit();
                     submitNext();
                   });
  QTimer::singleShot(kMaxRunMs, &loop, &QEventLoop::quit);  // a hung job fails the test instead of hanging it

  // A long job beside the storm, as the study's encoder and decoder fit runs while the user works: ridge fits one
  // after another, reporting progress, until it is cancelled at the end. The Jobs dock must keep its row.
  int longState = -1;
  const auto longJob = runner.run("long fit", [&in](const core::JobContext& context) {
    std::vector<std::int64_t> shape;
    auto values = core::readNpyAsFloat(in.design, shape);
    const core::Matrix x(std::size_t(shape.at(0)), std::size_t(shape.at(1)), std::move(values));
    for (int round = 0;; ++round) {
      core::RidgeOptions options;
      options.chunkSize = 250;
      core::fitRidgeCv(x, *in.responses, options, context.slice(0.0, 0.0));
      context.report(std::min(0.99, round / 1000.0), "round " + std::to_string(round));
    }
  });
  QObject::connect(&runner, &widgets::JobRunner::finished, &loop, [&](qulonglong id, const QString&, int state) {
    if (id == longJob) longState = state;
  });
  for (int i = 0; i < kInFlight; ++i) submitNext();
  lastTick = clock.elapsed();
  lastWait = runQueueWaitMs();
  pulse.start();
  loop.exec();
  pulse.stop();
  const qint64 runMs = clock.elapsed();

  // Every job ended, in its bound, with the state its input and its cancel allow.
  ASSERT_EQ(ended, kJobs) << "jobs still running after " << kMaxRunMs << " ms";
  runner.cancel(longJob);
  QElapsedTimer longCancel;
  longCancel.start();
  while (longState < 0 && longCancel.elapsed() < kMaxCancelLatencyMs)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  EXPECT_EQ(longState, int(core::JobState::Cancelled)) << "the long job did not end when cancelled";
  std::map<std::string, std::map<int, int>> tally;
  std::map<std::string, qint64> cancelLatencyByKind;  // of cancels that reached a running job
  std::map<std::string, qint64> longestRunByKind;      // from start to end on a worker
  qint64 maxLifeMs = 0, maxCancelLatencyMs = 0;
  int cancelsWhileRunning = 0;
  for (const auto& [id, r] : records) {
    const auto state = static_cast<core::JobState>(r.state);
    tally[nameOf(r.kind)][r.state]++;
    maxLifeMs = std::max(maxLifeMs, r.endedMs - r.submittedMs);
    if (r.cancelledMs >= 0) maxCancelLatencyMs = std::max(maxCancelLatencyMs, r.endedMs - r.cancelledMs);
    if (r.started->load() >= 0)
      longestRunByKind[nameOf(r.kind)] = std::max(longestRunByKind[nameOf(r.kind)], r.endedMs - r.started->load());
    if (r.cancelledWhileRunning)
      cancelLatencyByKind[nameOf(r.kind)] = std::max(cancelLatencyByKind[nameOf(r.kind)], r.endedMs - r.cancelledMs);
    const std::string what = std::string(nameOf(r.kind)) + " job " + std::to_string(id);
    switch (state) {
      case core::JobState::Succeeded:
        EXPECT_FALSE(r.damaged) << what << " succeeded on a damaged input";
        break;
      case core::JobState::Cancelled:
        EXPECT_GE(r.cancelledMs, 0) << what << " ended cancelled without a cancel";
        cancelsWhileRunning += r.cancelledWhileRunning ? 1 : 0;
        break;
      case core::JobState::Failed:
        EXPECT_TRUE(r.damaged) << what << " failed on good input: " << r.error;
        EXPECT_NE(r.error.find(kDamaged), std::string::npos) << what << "'s message names no damaged file: " << r.error;
        break;
      default: ADD_FAILURE() << what << " ended in state " << r.state;
    }
    if (r.cancelledMs >= 0) {
      EXPECT_LE(r.endedMs - r.cancelledMs, kMaxCancelLatencyMs) << what << " took long to honour its cancel";
    }
    EXPECT_LE(r.endedMs - r.submittedMs, kMaxJobLifeMs) << what;
  }

  // Outputs: complete files or none, and no writer's temporary anywhere.
  for (const auto& file : temporaryFiles(in.out)) ADD_FAILURE() << "left behind: " << file;
  int studies = 0, fits = 0, inflated = 0;
  for (const auto& [id, r] : records) {
    const auto state = static_cast<core::JobState>(r.state);
    if (r.kind == Kind::Fit && fs::exists(r.out / "weights.npy")) {
      std::vector<std::int64_t> shape;
      EXPECT_EQ(core::readNpyAsFloat(r.out / "weights.npy", shape).size(), 64u * 1000u);
      ++fits;
    }
    if (r.kind == Kind::Inflation && fs::exists(r.out / "lh.inflated")) {
      EXPECT_EQ(core::readFreeSurferSurface(r.out / "lh.inflated").vertexCount(), 10242u);
      ++inflated;
    }
    if (r.kind == Kind::NsdImport) {
      if (fs::exists(r.out / "study.json")) {
        EXPECT_NO_THROW(core::readStudyManifest(r.out)) << "import job " << id;  // checks every file it names
        ++studies;
      }
      // A study folder without its study.json holds no responses: the importer renames them in last.
      else if (fs::exists(r.out / "responses"))
        for (const auto& entry : fs::directory_iterator(r.out / "responses"))
          ADD_FAILURE() << "import job " << id << " (" << toString(state) << ") left " << entry.path();
    }
    if (state == core::JobState::Succeeded) {
      if (r.kind == Kind::Fit) {
        EXPECT_TRUE(fs::exists(r.out / "alphas.npy")) << "fit job " << id;
      }
      if (r.kind == Kind::NsdImport) {
        EXPECT_TRUE(fs::exists(r.out / "study.json")) << "import job " << id;
      }
    }
  }

  // The runner still works: one more fit runs to the end.
  int lastState = -1;
  QEventLoop last;
  QObject::connect(&runner, &widgets::JobRunner::finished, &last,
                   [&](qulonglong, const QString&, int state, const QString&) {
                     lastState = state;
                     last.quit();
                   });
  QTimer::singleShot(60000, &last, &QEventLoop::quit);
  runner.run("ridge fit after the storm", workFor(Kind::Fit, false, in, in.out / "after"));
  last.exec();
  EXPECT_EQ(lastState, int(core::JobState::Succeeded));
  EXPECT_TRUE(fs::exists(in.out / "after" / "weights.npy"));

  EXPECT_LT(maxGapMs, kMaxGuiGapMs) << "the GUI thread's event loop stalled";

  // What the run did, for the record (the bounds above were set from these).
  std::printf("run %.1f s; GUI gap max %lld ms (%.0f ms of it waiting for a CPU); %d progress reports; cancel latency "
              "max %lld ms; job life max %lld ms; %d cancels reached a running job; %d studies, %d fits, %d inflations "
              "written\n",
              double(runMs) / 1000.0, static_cast<long long>(maxGapMs), maxGapWaitMs, progressSignals,
              static_cast<long long>(maxCancelLatencyMs), static_cast<long long>(maxLifeMs), cancelsWhileRunning,
              studies, fits, inflated);
  for (const auto& [kind, states] : tally) {
    std::printf("  %-17s", kind.c_str());
    for (const auto& [state, count] : states)
      std::printf(" %s %d", core::toString(static_cast<core::JobState>(state)).c_str(), count);
    std::printf("; longest run %lld ms, slowest cancel of a running job %lld ms\n",
                static_cast<long long>(longestRunByKind[kind]), static_cast<long long>(cancelLatencyByKind[kind]));
  }
  // Enough of each outcome happened for the test to mean something.
  int succeeded = 0, cancelled = 0, failed = 0;
  for (const auto& [id, r] : records) {
    succeeded += r.state == int(core::JobState::Succeeded);
    cancelled += r.state == int(core::JobState::Cancelled);
    failed += r.state == int(core::JobState::Failed);
  }
  EXPECT_GE(succeeded, 80);
  EXPECT_GE(cancelled, 20);
  EXPECT_GE(failed, 5);
  EXPECT_GE(cancelsWhileRunning, 5);
}

int main(int argc, char** argv) {
  core::configureTorchThreads();  // as the application does at start-up
  QApplication application(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
