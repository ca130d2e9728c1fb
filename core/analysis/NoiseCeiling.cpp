#include "core/analysis/NoiseCeiling.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace vl::core {

double ncPercentFromNcsnr(double ncsnr, double trialsAveraged) {
  if (!(trialsAveraged > 0)) throw std::invalid_argument("noise ceiling: trials averaged must be > 0");
  if (std::isinf(ncsnr)) return 100.0;
  const double s2 = ncsnr * ncsnr;
  return 100.0 * s2 / (s2 + 1.0 / trialsAveraged);
}

double ncPercentFromNcsnr(double ncsnr, const std::vector<int>& trialsPerStimulus) {
  if (trialsPerStimulus.empty()) throw std::invalid_argument("noise ceiling: no test stimuli");
  double meanInverse = 0;
  for (int n : trialsPerStimulus) {
    if (n <= 0) throw std::invalid_argument("noise ceiling: a stimulus with no trials");
    meanInverse += 1.0 / n / trialsPerStimulus.size();
  }
  return ncPercentFromNcsnr(ncsnr, 1.0 / meanInverse);
}

double fractionOfCeiling(double r2, double ncPercent) {
  return ncPercent > 0 ? r2 * 100.0 / ncPercent : std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> fractionOfCeiling(const std::vector<double>& r2, const std::vector<double>& ncPercent) {
  if (r2.size() != ncPercent.size()) throw std::invalid_argument("fractionOfCeiling: sizes differ");
  std::vector<double> out(r2.size());
  for (std::size_t j = 0; j < r2.size(); ++j) out[j] = fractionOfCeiling(r2[j], ncPercent[j]);
  return out;
}

template <typename T>
NoiseCeiling noiseCeiling(const BasicMatrix<T>& responses, const std::vector<std::int64_t>& stimulusIds,
                          double trialsAveraged) {
  if (stimulusIds.size() != responses.rows)
    throw std::invalid_argument("noise ceiling: " + std::to_string(stimulusIds.size()) + " stimulus ids for " +
                                std::to_string(responses.rows) + " trials");
  std::map<std::int64_t, std::vector<std::size_t>> trialsOf;
  for (std::size_t i = 0; i < stimulusIds.size(); ++i) trialsOf[stimulusIds[i]].push_back(i);
  const std::size_t v = responses.cols;
  std::vector<double> noiseVar(v, 0.0), mean(v), sq(v);
  std::size_t repeated = 0;
  for (const auto& [id, trials] : trialsOf) {
    if (trials.size() < 2) continue;
    ++repeated;
    std::fill(mean.begin(), mean.end(), 0.0);
    for (auto i : trials)
      for (std::size_t j = 0; j < v; ++j) mean[j] += responses(i, j);
    for (auto& m : mean) m /= static_cast<double>(trials.size());
    std::fill(sq.begin(), sq.end(), 0.0);
    for (auto i : trials)
      for (std::size_t j = 0; j < v; ++j) sq[j] += (responses(i, j) - mean[j]) * (responses(i, j) - mean[j]);
    for (std::size_t j = 0; j < v; ++j) noiseVar[j] += sq[j] / static_cast<double>(trials.size() - 1);
  }
  if (repeated == 0) throw std::invalid_argument("noise ceiling: no stimulus has two or more trials");
  NoiseCeiling nc;
  for (std::size_t j = 0; j < v; ++j) {
    const double sn2 = noiseVar[j] / static_cast<double>(repeated);
    const double sn = std::sqrt(sn2), ss = std::sqrt(std::max(0.0, 1.0 - sn2));
    const double snr = sn > 0 ? ss / sn : std::numeric_limits<double>::infinity();
    nc.noiseSd.push_back(sn);
    nc.signalSd.push_back(ss);
    nc.ncsnr.push_back(snr);
    nc.ncPercent.push_back(ncPercentFromNcsnr(snr, trialsAveraged));
  }
  return nc;
}

template NoiseCeiling noiseCeiling(const Matrix&, const std::vector<std::int64_t>&, double);
template NoiseCeiling noiseCeiling(const MatrixD&, const std::vector<std::int64_t>&, double);

}  // namespace vl::core
