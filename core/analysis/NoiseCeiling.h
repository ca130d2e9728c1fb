#pragma once
// Noise ceiling of single voxels from repeated presentations, as defined for the Natural Scenes Dataset:
// Allen et al. 2022, "A massive 7T fMRI dataset to bridge cognitive neuroscience and artificial intelligence",
// Nature Neuroscience 25:116-126, Methods "Noise ceiling" (and the NSD data manual, "ncsnr").
//
// Exactly what is computed, per voxel, from `responses` (trials x voxels) and a stimulus id per trial:
//   noise variance   sn2 = mean over stimuli with >= 2 trials of the variance across that stimulus' trials (ddof 1)
//   noise sd         sn  = sqrt(sn2)
//   signal sd        ss  = sqrt(max(0, 1 - sn2))    (responses are assumed z-scored per voxel, total variance 1;
//                                                    NSD z-scores betas per voxel within each session: do that first,
//                                                    e.g. with zscoreColumns (ColumnZScore.h); no rescaling here)
//   ncsnr            = ss / sn
//   NC (percent)     = 100 * ncsnr^2 / (ncsnr^2 + 1/n)   with n the number of trials averaged per test response
//                      (NSD: n = 3 for responses averaged over three repeats, 1 for single trials). When stimuli are
//                      averaged over different trial counts, 1/n is replaced by the mean over stimuli of 1/n_s
//                      (NSD's (A/3 + B/2 + C/1) / (A + B + C)).
// A voxel with zero noise variance gets ncsnr = +inf and NC = 100.
#include <cstdint>
#include <vector>

#include "core/base/Matrix.h"

namespace vl::core {

struct NoiseCeiling {
  std::vector<double> noiseSd;   // per voxel
  std::vector<double> signalSd;
  std::vector<double> ncsnr;
  std::vector<double> ncPercent;  // 0..100
};

// `trialsAveraged`: n above (> 0). Throws std::invalid_argument if the ids do not match the trial count or no
// stimulus has two trials.
template <typename T>
NoiseCeiling noiseCeiling(const BasicMatrix<T>& responses, const std::vector<std::int64_t>& stimulusIds,
                          double trialsAveraged = 1.0);

double ncPercentFromNcsnr(double ncsnr, double trialsAveraged);
// Unequal repeats: trialsPerStimulus[s] trials averaged for test stimulus s.
double ncPercentFromNcsnr(double ncsnr, const std::vector<int>& trialsPerStimulus);

// Score as a fraction of the ceiling: r2 (a fraction, e.g. from r2PerColumn) * 100 / NC percent. NaN when NC <= 0.
double fractionOfCeiling(double r2, double ncPercent);
std::vector<double> fractionOfCeiling(const std::vector<double>& r2, const std::vector<double>& ncPercent);

}  // namespace vl::core
