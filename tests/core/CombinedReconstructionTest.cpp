// The combined reconstruction's optimisation (core/fitting/CombinedReconstruction) on the demo generator bundle:
// the low-level term pulls the generated image's block means towards the target, the embedding term holds the
// latent at the decoded embedding, the weight choice keeps the best validation PixCorr, and bad shapes and Stop
// are honoured.
#include <gtest/gtest.h>

#include <stop_token>

#include "core/analysis/MindEyeMetrics.h"
#include "core/fitting/CombinedReconstruction.h"
#include "core/fitting/LowLevelReconstruction.h"
#include "core/fitting/ReconstructionScores.h"
#include "core/jobs/JobContext.h"
#include "core/ml/BundleCatalog.h"
#include "core/ml/BundleRunners.h"

namespace vl::core {
namespace {

std::shared_ptr<const ModelBundle> generatorBundle() {
  static const auto bundle = BundleCatalog().load("demo-clip-generator");
  return bundle;
}

// Deterministic embeddings of the generator's input size, spread like the demo embedding's (unit norm, SD about
// 0.088 per dimension).
Matrix embeddings(std::size_t rows, std::uint32_t seed) {
  const auto d = std::size_t(generatorBundle()->manifest().input.shape.at(1));
  Matrix m(rows, d);
  std::uint32_t state = seed * 2654435761u + 1;
  for (auto& v : m.data) {
    state = state * 1664525u + 1013904223u;
    v = float((double(state >> 8) / double(1u << 24) - 0.5) * 0.3);
  }
  return m;
}

Matrix blockMeans(const std::vector<StimulusImage>& images) {
  Matrix out(images.size(), std::size_t(kLowLevelSide * kLowLevelSide * 3));
  for (std::size_t i = 0; i < images.size(); ++i) {
    const auto values = blockMeanRgb(images[i]);
    std::copy(values.begin(), values.end(), out.data.begin() + std::ptrdiff_t(i * out.cols));
  }
  return out;
}

double meanSquaredDifference(const Matrix& a, const Matrix& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) s += (a.data[i] - b.data[i]) * (a.data[i] - b.data[i]);
  return s / double(a.data.size());
}

CombinedReconstructionProblem problemTowards(const Matrix& start, const Matrix& targetLatents) {
  const Generator generator(generatorBundle());
  CombinedReconstructionProblem p;
  p.start = start;
  p.decoded = start;
  p.lowLevel = blockMeans(generator.generate(targetLatents));
  p.embeddingSd.assign(start.cols, 0.088);
  p.lowLevelVariance = valueVariance(p.lowLevel);
  return p;
}

TEST(CombinedReconstruction, LowLevelTermMovesTheImageTowardsTheTarget) {
  const Generator generator(generatorBundle());
  const Matrix start = embeddings(4, 1), target = embeddings(4, 2);
  auto problem = problemTowards(start, target);
  CombinedReconstructionOptions options;
  options.weights = {1.0, 0.0};
  options.steps = 40;
  const Matrix latents = optimiseCombinedLatents(*generatorBundle(), problem, options);
  const double before = meanSquaredDifference(blockMeans(generator.generate(start)), problem.lowLevel);
  const double after = meanSquaredDifference(blockMeans(generator.generate(latents)), problem.lowLevel);
  EXPECT_LT(after, 0.5 * before) << "before " << before << ", after " << after;
}

TEST(CombinedReconstruction, StrongEmbeddingTermKeepsTheDecodedEmbedding) {
  const Matrix start = embeddings(3, 3), target = embeddings(3, 4);
  auto problem = problemTowards(start, target);
  CombinedReconstructionOptions free, held;
  free.weights = {1.0, 0.0};
  held.weights = {1.0, 1000.0};
  free.steps = held.steps = 20;
  const Matrix moved = optimiseCombinedLatents(*generatorBundle(), problem, free);
  const Matrix kept = optimiseCombinedLatents(*generatorBundle(), problem, held);
  // Adam moves every coordinate about the rate per step at first; the strong prior pulls it back each step.
  EXPECT_LT(meanSquaredDifference(kept, start), 0.2 * meanSquaredDifference(moved, start));
  // No steps: the start itself.
  CombinedReconstructionOptions none;
  none.steps = 0;
  EXPECT_LT(meanSquaredDifference(optimiseCombinedLatents(*generatorBundle(), problem, none), start), 1e-12);
}

TEST(CombinedReconstruction, WeightChoiceKeepsTheBestValidationPixCorr) {
  const Generator generator(generatorBundle());
  const Matrix start = embeddings(4, 5), target = embeddings(4, 6);
  auto problem = problemTowards(start, target);
  const auto seen = generator.generate(target);
  CombinedReconstructionOptions options;
  options.steps = 15;
  const auto choice = chooseCombinedWeights(*generatorBundle(), problem, seen, {0.0, 1000.0}, options);
  ASSERT_EQ(choice.tried.size(), 2u);
  ASSERT_EQ(choice.pixCorr.size(), 2u);
  for (double r : choice.pixCorr) EXPECT_TRUE(r >= -1.0 && r <= 1.0);
  // The seen images are what the low-level target came from, so following it (weight 0) wins.
  EXPECT_GT(choice.pixCorr[0], choice.pixCorr[1]);
  EXPECT_EQ(choice.best.embedding, 0.0);
  EXPECT_THROW(chooseCombinedWeights(*generatorBundle(), problem, seen, {}, options), std::invalid_argument);
}

TEST(CombinedReconstruction, BadShapesAndStop) {
  auto problem = problemTowards(embeddings(2, 7), embeddings(2, 8));
  auto wrongLatent = problem;
  wrongLatent.start = Matrix(2, 5);
  EXPECT_THROW(optimiseCombinedLatents(*generatorBundle(), wrongLatent), std::invalid_argument);
  auto wrongRows = problem;
  wrongRows.lowLevel = Matrix(3, problem.lowLevel.cols);
  EXPECT_THROW(optimiseCombinedLatents(*generatorBundle(), wrongRows), std::invalid_argument);
  auto wrongSide = problem;
  wrongSide.lowLevel = Matrix(2, 7 * 7 * 3);  // 7 does not divide 64
  EXPECT_THROW(optimiseCombinedLatents(*generatorBundle(), wrongSide), std::invalid_argument);
  auto noVariance = problem;
  noVariance.lowLevelVariance = 0;
  EXPECT_THROW(optimiseCombinedLatents(*generatorBundle(), noVariance), std::invalid_argument);
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(optimiseCombinedLatents(*generatorBundle(), problem, {}, JobContext(stop.get_token(), {})),
               JobCancelled);
}

}  // namespace
}  // namespace vl::core
