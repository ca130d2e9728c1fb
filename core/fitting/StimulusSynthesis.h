#pragma once
// Optimal-stimulus synthesis: the images a target (a set of response columns) is predicted to respond to most,
// found by gradient ascent through the image embedder and the target's linear encoder (BrainDiVE's idea, on a
// CPU). The objective of one image is the target's predicted response, E(image) . w + b (PreferredImages.h's
// TargetWeights), optionally minus lambda times a second target's (a contrast), optionally minus a diversity
// penalty (the mean cosine similarity of its embedding to the other starts'). Two search spaces:
//   Latent (default): Adam on the generator's input, kept within the norm range of the bank's embeddings;
//   Pixels: a 64x64 image (or the embedder's input size) with jitter, random scale, blur and total-variation
//           regularisation, optionally started from a latent-space run.
// All starts run as one batch. LibTorch stays in the .cpp; callers see plain images and numbers.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/ml/ModelBundle.h"
#include "core/model/Stimulus.h"
#include "core/selectivity/PreferredImages.h"

namespace vl::core {

enum class SynthesisSpace { Latent, Pixels };
const char* synthesisSpaceName(SynthesisSpace space);  // "latent", "pixels"

struct SynthesisObjective {
  TargetWeights target;                // the target's encoder: features = the embedder's output
  std::optional<TargetWeights> minus;  // contrast: subtract lambda x this target's predicted response
  double lambda = 1.0;
  double diversity = 0.0;  // weight of the mean cosine similarity between starts' embeddings (0: off)
};

struct SynthesisOptions {
  SynthesisSpace space = SynthesisSpace::Latent;
  bool pixelsFromLatent = true;  // Pixels: start from a latent-space run's images (else from grey plus noise)
  int starts = 8;
  int maxSteps = 150;
  int minSteps = 30;        // no plateau stop before this many steps
  // Each start stops (its latent or pixels no longer move) when its own best objective has not improved for this many
  // steps; the run ends when every start has stopped, so a start still climbing gets the steps it needs. In latent
  // space a start that stops with at least minSteps + plateauPatience steps left restarts from the next-best unused
  // candidate (startCandidates) and keeps the best image of all its attempts.
  int plateauPatience = 15;
  // An improvement smaller than this does not count; <= 0: 1 % of the spread (99th - 1st percentile) of the
  // bank's objective scores, or 1e-4 without a bank.
  double plateauTolerance = 0;
  double learningRate = 0;  // <= 0: 0.02 in latent space, 0.03 in pixel space; a cosine schedule down to 10 %
  // Latent starts: this many random latents are drawn from a Gaussian with the bank embeddings' mean and covariance
  // (where the generator was trained to draw; no start is a bank image), put into the bank's norm range, scored in
  // one batch pass, and the best `starts` of them are kept. <= starts: the first `starts` draws, unscored.
  int startCandidates = 256;
  std::uint64_t seed = 1;
  int threads = 0;  // torch's intra-op threads; <= 0: every core. Same seed + same threads -> same images.
  // Pixel space.
  int jitterPixels = 3;
  double scaleJitter = 0.08;  // random scale in [1 - s, 1 + s]
  int blurEvery = 4;          // a 3x3 blur of the image every N steps (0: never)
  double totalVariation = 0.05;
  // Frames passed to the step callback carry preview images at most this often (the score lines come every step).
  double previewSeconds = 0.25;
};

// One start's state after a step, for live display.
struct SynthesisFrame {
  int step = 0;  // 0: the starting images, before any update
  int maxSteps = 0;
  std::vector<double> scores;                 // objective per start (NaN for a failed start)
  std::vector<bool> active;                   // false once a start failed
  std::vector<StimulusImage> previews;        // empty on frames without previews
  double seconds = 0;                         // since the run started
};
using SynthesisCallback = std::function<void(const SynthesisFrame&)>;

struct SynthesisStart {
  StimulusImage image;           // the best image this start reached (64x64 RGB, or the embedder's input size)
  std::vector<float> embedding;  // E(image) of the final 8-bit image
  double objective = 0;          // targetResponse - lambda x minusResponse
  double targetResponse = 0;
  double minusResponse = 0;      // 0 without a contrast
  std::vector<double> history;   // objective per step until the start stopped (a restart shows as a drop)
  int steps = 0;
  bool failed = false;
  std::string failure;           // e.g. "start 3: the objective became NaN at step 12"
};

struct SynthesisResult {
  std::vector<SynthesisStart> starts;  // in start order
  SynthesisSpace space = SynthesisSpace::Latent;
  int steps = 0;                       // steps taken (pixel space: after the latent run when started from it)
  bool plateau = false;                // stopped on a plateau, not at maxSteps
  double seconds = 0;
  double firstFrameSeconds = 0;        // from the call to the first frame with previews
  std::string stopReason;
};

struct SynthesisModels {
  std::shared_ptr<const ModelBundle> embedder;   // image_embedder
  std::shared_ptr<const ModelBundle> generator;  // generator; may be null for pixel space without a latent start
};

// The objective of each row of `embeddings` (N x D): target - lambda x minus (no diversity term).
std::vector<double> synthesisObjective(const Matrix& embeddings, const SynthesisObjective& objective);

// Where synthesised scores stand among the bank's: the bank's objective per image and its reference levels.
struct BankReference {
  std::vector<double> scores;  // objective per bank image
  double p50 = 0, p95 = 0, p99 = 0, best = 0;
  std::size_t bestIndex = 0;
};
BankReference bankReference(const Matrix& bankEmbedding, const SynthesisObjective& objective);
// The percentage of bank scores below `value` (100: above every bank image).
double percentileRank(const std::vector<double>& bankScores, double value);
// The p-th percentile (0..100, linear interpolation) of the finite values.
double percentileOf(std::vector<double> values, double p);

// Runs the synthesis. `bankEmbedding` (images x D) gives the latent norm range, the distribution the latent starting
// points are drawn from (its mean and covariance) and the plateau tolerance. Throws std::invalid_argument, naming what is wrong, for: a
// target without weights or of another size than the embedder's output, a missing or wrong-kind bundle, a generator
// whose input size differs from the embedder's output size, an empty bank embedding or one of another width, a
// bundle through which no gradient reaches the image or latent, fewer than 1 start or step. A start whose
// objective becomes NaN or infinite stops and is named in its `failure`; the others go on (all failed: the result
// says so, no throw). Cancellation (JobCancelled) is checked every step.
SynthesisResult synthesizeStimuli(const SynthesisModels& models, const SynthesisObjective& objective,
                                  const Matrix& bankEmbedding, const SynthesisOptions& options,
                                  const SynthesisCallback& onFrame = {}, const JobContext& context = {});

}  // namespace vl::core
