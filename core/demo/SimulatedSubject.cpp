#include "core/demo/SimulatedSubject.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/demo/CounterRandom.h"
#include "core/demo/GaborEnergy.h"
#include "core/base/ParallelFor.h"

namespace vl::core {
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr float kMinWeight = 1e-4f;  // pRF mass per cell row/column below which the cell is skipped
constexpr float kMinSfWeight = 0.01f;

// The pRF of one column on one pyramid level: separable Gaussian masses per cell row and cell column.
struct LevelPool {
  int level = 0;
  float sfWeight = 0;
  int i0 = 0, j0 = 0;
  std::vector<float> wy, wx;
};

struct ColumnPool {
  std::vector<LevelPool> levels;
  float c2 = 0, s2 = 0;  // selectivity * cos/sin of twice the preferred orientation
  float exponent = 1;
  bool active = false;
};

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Mass of N(centre, sigma) in each of `cells` intervals [start + k step, start + (k + 1) step) (ascending
// coordinate), trimmed to the cells with at least kMinWeight. Returns the first kept index.
int intervalMasses(double centre, double sigma, double start, double step, int cells, std::vector<float>& masses) {
  masses.clear();
  int first = -1;
  std::vector<float> all(static_cast<std::size_t>(cells));
  for (int k = 0; k < cells; ++k)
    all[static_cast<std::size_t>(k)] = float(normalCdf((start + (k + 1) * step - centre) / sigma) -
                                              normalCdf((start + k * step - centre) / sigma));
  int last = -1;
  for (int k = 0; k < cells; ++k)
    if (all[static_cast<std::size_t>(k)] >= kMinWeight) {
      if (first < 0) first = k;
      last = k;
    }
  if (first < 0) return 0;
  masses.assign(all.begin() + first, all.begin() + last + 1);
  return first;
}

struct LevelGeometry {
  int cells;
  double cellDeg, frequencyCpd;
};

std::vector<LevelGeometry> levelGeometry(int imageSize, double fieldDeg) {
  std::vector<LevelGeometry> levels;
  int size = imageSize;
  for (int l = 0; l < kGaborLevels; ++l, size /= 2)
    levels.push_back({size / 2, fieldDeg / (size / 2), (size / fieldDeg) / kGaborWavelengthPixels});
  return levels;
}

ColumnPool makePool(const VertexTuning& t, const std::vector<LevelGeometry>& levels, double fieldDeg) {
  ColumnPool pool;
  if (!(t.prfGain > 0) || !(t.prfSigma > 0)) return pool;
  pool.exponent = t.exponent;
  const double o = 2.0 * t.orientation * kPi / 180.0;
  pool.c2 = float(t.orientationSelectivity * std::cos(o));
  pool.s2 = float(t.orientationSelectivity * std::sin(o));
  std::vector<float> sfWeights;
  double sum = 0;
  for (const auto& level : levels) {
    const double octaves = std::log2(level.frequencyCpd / t.preferredSf);
    sfWeights.push_back(float(std::exp(-octaves * octaves / (2.0 * t.sfBandwidth * t.sfBandwidth))));
    sum += sfWeights.back();
  }
  const double half = fieldDeg / 2.0;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    const float w = float(sfWeights[l] / sum);
    if (w < kMinSfWeight) continue;
    LevelPool lp;
    lp.level = static_cast<int>(l);
    lp.sfWeight = w;
    const auto& g = levels[l];
    lp.j0 = intervalMasses(t.prfX, t.prfSigma, -half, g.cellDeg, g.cells, lp.wx);
    // Rows run downwards from y = +half: the mass of row i is that of y in [half - (i+1) step, half - i step), i.e.
    // of -y in [-half + i step, -half + (i+1) step).
    lp.i0 = intervalMasses(-t.prfY, t.prfSigma, -half, g.cellDeg, g.cells, lp.wy);
    if (lp.wx.empty() || lp.wy.empty()) continue;
    pool.levels.push_back(std::move(lp));
  }
  pool.active = !pool.levels.empty();
  return pool;
}

float pooledDrive(const ColumnPool& pool, const GaborEnergy& energy) {
  double drive = 0;
  for (const auto& lp : pool.levels) {
    const auto& level = energy.levels[static_cast<std::size_t>(lp.level)];
    double sum = 0;
    for (std::size_t i = 0; i < lp.wy.size(); ++i) {
      const std::size_t row = static_cast<std::size_t>(lp.i0) + i;
      const std::size_t offset = row * static_cast<std::size_t>(level.cells) + static_cast<std::size_t>(lp.j0);
      const float* m = &level.mean[offset];
      const float* a = &level.cos2[offset];
      const float* b = &level.sin2[offset];
      float rowSum = 0;
      for (std::size_t j = 0; j < lp.wx.size(); ++j) rowSum += lp.wx[j] * (m[j] + pool.c2 * a[j] + pool.s2 * b[j]);
      sum += double(lp.wy[i]) * rowSum;
    }
    drive += lp.sfWeight * sum;
  }
  return float(std::pow(std::max(0.0, drive), double(pool.exponent)));
}

float totalContrastEnergy(const GaborEnergy& energy) {
  double total = 0;
  for (const auto& level : energy.levels) {
    double sum = 0;
    for (float m : level.mean) sum += m;
    total += sum / double(level.mean.size());
  }
  return float(total);
}

void checkRows(std::span<const std::int32_t> rows, std::size_t count, const char* what) {
  for (auto r : rows)
    if (r < 0 || static_cast<std::size_t>(r) >= count)
      throw std::invalid_argument(std::string(what) + ": stimulus " + std::to_string(r) + " outside the " +
                                  std::to_string(count) + " stimuli");
}

int earlyArea(const VertexTuning& t) { return t.roi >= 1 && t.roi <= 3 && t.prfGain > 0 ? t.roi : 0; }
}  // namespace

ImageDrives computeImageDrives(std::span<const VertexTuning> columns, std::span<const StimulusImage> images,
                               std::span<const std::int32_t> rows, double fieldDeg, const JobContext& context) {
  checkRows(rows, images.size(), "computeImageDrives");
  ImageDrives drives;
  drives.early = Matrix(rows.size(), columns.size());
  drives.general.assign(rows.size(), 0.0f);
  if (rows.empty()) return drives;
  const int size = images[static_cast<std::size_t>(rows[0])].width;
  for (auto r : rows)
    if (images[static_cast<std::size_t>(r)].width != size || images[static_cast<std::size_t>(r)].height != size)
      throw std::invalid_argument("computeImageDrives: images differ in size (" + std::to_string(size) + " and " +
                                  std::to_string(images[static_cast<std::size_t>(r)].width) + ")");
  const auto levels = levelGeometry(size, fieldDeg);
  std::vector<ColumnPool> pools;
  std::vector<std::size_t> active;
  pools.reserve(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    pools.push_back(makePool(columns[c], levels, fieldDeg));
    if (pools.back().active) active.push_back(c);
  }
  parallelFor(
      rows.size(),
      [&](std::size_t r) {
        const auto energy = computeGaborEnergy(images[static_cast<std::size_t>(rows[r])], fieldDeg);
        drives.general[r] = totalContrastEnergy(energy);
        float* out = &drives.early.data[r * columns.size()];
        for (auto c : active) out[c] = pooledDrive(pools[c], energy);
      },
      context, "Early visual responses to the images");
  return drives;
}

SignalCalibration calibrateSignal(std::span<const VertexTuning> columns, const ImageDrives& drives) {
  SignalCalibration calibration;
  const std::size_t rows = drives.early.rows;
  if (rows < 2) return calibration;
  std::array<std::vector<double>, 3> sds;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const int area = earlyArea(columns[c]);
    if (area == 0) continue;
    double sum = 0, sum2 = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const double v = drives.early(r, c);
      sum += v, sum2 += v * v;
    }
    sds[static_cast<std::size_t>(area - 1)].push_back(std::sqrt(std::max(0.0, (sum2 - sum * sum / rows) / (rows - 1))));
  }
  for (std::size_t a = 0; a < 3; ++a) {
    auto& values = sds[a];
    if (values.empty()) continue;
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(0.9 * double(values.size() - 1));
    std::nth_element(values.begin(), nth, values.end());
    if (*nth > 0) calibration.prfScale[a] = float(1.0 / *nth);
  }
  double sum = 0, sum2 = 0;
  for (float g : drives.general) sum += g, sum2 += double(g) * g;
  const double n = double(drives.general.size());
  calibration.generalMean = float(sum / n);
  const double variance = (sum2 - sum * sum / n) / (n - 1);
  calibration.generalSd = variance > 0 ? float(std::sqrt(variance)) : 1.0f;
  return calibration;
}

void applyCalibration(std::span<VertexTuning> tuning, const SignalCalibration& calibration) {
  for (auto& t : tuning)
    if (t.roi >= 1 && t.roi <= 3) t.prfGain *= calibration.prfScale[static_cast<std::size_t>(t.roi - 1)];
}

void composeSignal(ImageDrives& drives, std::span<const VertexTuning> columns, std::span<const Stimulus> stimuli,
                   std::span<const std::int32_t> rows, const SignalCalibration& calibration) {
  checkRows(rows, stimuli.size(), "composeSignal");
  if (drives.early.rows != rows.size() || drives.early.cols != columns.size())
    throw std::invalid_argument("composeSignal: drives of " + std::to_string(drives.early.rows) + " x " +
                                std::to_string(drives.early.cols) + " for " + std::to_string(rows.size()) +
                                " images x " + std::to_string(columns.size()) + " columns");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& stimulus = stimuli[static_cast<std::size_t>(rows[r])];
    const float general = (drives.general[r] - calibration.generalMean) / calibration.generalSd;
    float* out = &drives.early.data[r * columns.size()];
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& t = columns[c];
      out[c] = t.baseline + t.prfGain * out[c] + categoryResponse(t, stimulus) + t.generalGain * general;
    }
  }
}

Matrix simulateSignal(std::span<const VertexTuning> columns, std::span<const Stimulus> stimuli,
                      std::span<const StimulusImage> images, std::span<const std::int32_t> rows,
                      const SignalCalibration& calibration, double fieldDeg, const JobContext& context) {
  auto drives = computeImageDrives(columns, images, rows, fieldDeg, context);
  composeSignal(drives, columns, stimuli, rows, calibration);
  return std::move(drives.early);
}

float noiseCeilingPercent(float ncsnr, int trials) {
  const double s2 = double(ncsnr) * ncsnr;
  return float(100.0 * s2 / (s2 + 1.0 / trials));
}

SimulatedResponses simulateResponses(std::span<VertexTuning> columns, std::span<const Stimulus> stimuli,
                                     std::span<const StimulusImage> images, const NsdLikeDesign& design,
                                     const SimulationOptions& options, const JobContext& context) {
  if (stimuli.size() != images.size())
    throw std::invalid_argument("simulateResponses: " + std::to_string(stimuli.size()) + " stimuli but " +
                                std::to_string(images.size()) + " images");
  if (design.repeats < 1) throw std::invalid_argument("simulateResponses: repeats must be at least 1");
  const std::size_t train = design.trainStimulus.size(), test = design.testStimulus.size(), C = columns.size();
  // Rows: the training trials in order, then the test images; the training rows become the training betas.
  std::vector<std::int32_t> rows(design.trainStimulus);
  rows.insert(rows.end(), design.testStimulus.begin(), design.testStimulus.end());
  checkRows(rows, stimuli.size(), "simulateResponses");

  auto drives = computeImageDrives(columns, images, rows, options.fieldDeg, context.slice(0.0, 0.75));
  SimulatedResponses out;
  out.calibration = calibrateSignal(columns, drives);
  applyCalibration(columns, out.calibration);
  composeSignal(drives, columns, stimuli, rows, out.calibration);
  Matrix& signal = drives.early;

  out.signalSd.assign(C, 0.0f);
  out.noiseSd.resize(C);
  out.ncsnr.resize(C);
  out.noiseCeiling.resize(C);
  {
    std::vector<double> sum(C, 0.0), sum2(C, 0.0);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t c = 0; c < C; ++c) {
        const double v = signal(r, c);
        sum[c] += v, sum2[c] += v * v;
      }
    const double n = double(rows.size());
    for (std::size_t c = 0; c < C; ++c) {
      out.signalSd[c] = float(std::sqrt(std::max(0.0, (sum2[c] - sum[c] * sum[c] / n) / std::max(1.0, n - 1))));
      out.noiseSd[c] = columns[c].noiseSd;
      out.ncsnr[c] = out.noiseSd[c] > 0 ? out.signalSd[c] / out.noiseSd[c] : 0.0f;
      out.noiseCeiling[c] = noiseCeilingPercent(out.ncsnr[c], design.repeats);
    }
  }
  context.throwIfStopped();

  // Normal number k of a stream: trial t, column c uses k = t * Ceven + c, Ceven = C rounded up to even, so that
  // each Box-Muller pair stays within one row.
  const std::size_t evenC = C + (C % 2);
  auto addNoise = [&](float* row, const float* source, SubjectStream stream, std::size_t trial) {
    for (std::size_t c = 0; c < C; c += 2) {
      const auto pair = counterNormalPair(options.seed, static_cast<std::uint64_t>(stream), (trial * evenC + c) / 2);
      row[c] = source[c] + float(pair.first) * columns[c].noiseSd;
      if (c + 1 < C) row[c + 1] = source[c + 1] + float(pair.second) * columns[c + 1].noiseSd;
    }
  };
  const int R = design.repeats;
  out.testSignal = Matrix(test, C);
  std::copy(signal.data.begin() + static_cast<std::ptrdiff_t>(train * C), signal.data.end(), out.testSignal.data.begin());
  out.testTrials = Matrix(test * static_cast<std::size_t>(R), C);
  out.testBetas = Matrix(test, C);
  for (std::size_t i = 0; i < test; ++i) {
    float* mean = &out.testBetas.data[i * C];
    for (int r = 0; r < R; ++r) {
      const std::size_t trial = i * static_cast<std::size_t>(R) + static_cast<std::size_t>(r);
      float* row = &out.testTrials.data[trial * C];
      addNoise(row, &out.testSignal.data[i * C], SubjectStream::TestNoise, trial);
      for (std::size_t c = 0; c < C; ++c) mean[c] += row[c] / float(R);
    }
  }
  signal.data.resize(train * C);
  signal.rows = train;
  parallelFor(
      train, [&](std::size_t t) { addNoise(&signal.data[t * C], &signal.data[t * C], SubjectStream::TrainNoise, t); },
      context.slice(0.75, 1.0), "Single-trial noise");
  out.trainBetas = std::move(signal);
  return out;
}

}  // namespace vl::core
