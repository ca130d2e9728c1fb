#pragma once
// The combined stage of a reconstruction (Brain-Diffuser's idea on a CPU): the generator's input (its latent, the
// image embedding it draws from) is optimised with autograd so that the generated image matches two things decoded
// from the brain at once: the decoded embedding (what the image is) and the low-level image (where it is light or
// dark, LowLevelReconstruction.h). The optimisation starts from a guess, as Brain-Diffuser starts from its
// low-level image: the forward model's best candidates' embeddings, or the decoded embedding itself.
//
// Loss of row i, each term normalised so that the weights compare like with like:
//   lowLevel  x mean over pixels of (block means of G(z_i) - low_i)^2 / var(low-level targets)
// + embedding x mean over dimensions of ((z_i - decoded_i) / sd_d)^2
// The weights are chosen on validation images (rows held out of the training images), never on test images.
#include <cstddef>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/ml/ModelBundle.h"
#include "core/model/Stimulus.h"

namespace vl::core {

struct CombinedReconstructionWeights {
  double lowLevel = 1.0;
  double embedding = 0.1;
};

struct CombinedReconstructionOptions {
  CombinedReconstructionWeights weights;
  int steps = 30;              // Adam steps on every row at once
  double learningRate = 0.05;  // in units of the embedding's SD per dimension
};

struct CombinedReconstructionProblem {
  Matrix start;                      // rows x D: where the optimisation starts
  Matrix decoded;                    // rows x D: the decoded embedding each row should stay near
  Matrix lowLevel;                   // rows x side*side*3: the decoded low-level image (row-major RGB in [0, 1])
  std::vector<double> embeddingSd;   // D: SD of each embedding dimension over the training images (> 0)
  double lowLevelVariance = 0;       // variance of the low-level training targets (> 0)
};

// The optimised latents (rows x D). Throws std::invalid_argument when the shapes disagree with each other or with
// the generator (input D, square output whose side the low-level side divides). Honours cancellation between steps.
Matrix optimiseCombinedLatents(const ModelBundle& generator, const CombinedReconstructionProblem& problem,
                               const CombinedReconstructionOptions& options = {}, const JobContext& context = {});

struct CombinedWeightChoice {
  CombinedReconstructionWeights best;
  std::vector<CombinedReconstructionWeights> tried;
  std::vector<double> pixCorr;  // MindEye PixCorr on the validation images, one per tried weight
};

// Tries each embedding weight (low-level weight 1) on validation rows whose seen images are known and keeps the one
// with the highest MindEye PixCorr. `seen` has one image per problem row. Throws std::invalid_argument for an empty
// grid or fewer than 2 validation rows.
CombinedWeightChoice chooseCombinedWeights(const ModelBundle& generator, const CombinedReconstructionProblem& validation,
                                           const std::vector<StimulusImage>& seen,
                                           const std::vector<double>& embeddingWeights,
                                           const CombinedReconstructionOptions& options = {},
                                           const JobContext& context = {});

// Per-dimension SD of the rows of `embeddings` (ddof 0), floored at a small positive value.
std::vector<double> columnSd(const Matrix& embeddings);
// Variance of every value of `m` (ddof 0).
double valueVariance(const Matrix& m);

}  // namespace vl::core
