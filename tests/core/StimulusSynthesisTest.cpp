// Optimal-stimulus synthesis on the small test bundles (TestBundles.h): the search climbs, the same seed gives the
// same images, a NaN in one start stops that start only, Cancel stops the job, and bad inputs are refused with a
// message that names the problem. The demo-study goals are in DemoSynthesisTest.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <stop_token>

#include "core/fitting/StimulusSynthesis.h"
#include "core/ml/BundleRunners.h"
#include "core/ml/ModelBundle.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"

namespace vl::core {
namespace {
using fixtures::TempDir;

struct Bundles {
  TempDir dir;
  SynthesisModels models;
  Matrix bank;  // embeddings of a few generated images: where the generator's outputs land

  explicit Bundles(const std::string& generatorSource = "") {
    fixtures::writeImageEmbedder(dir.path / "embedder");
    if (generatorSource.empty()) {
      fixtures::writeGenerator(dir.path / "generator");
    } else {
      fixtures::writeManifest(dir.path / "generator", fixtures::generatorManifest());
      fixtures::saveTorchScript(dir.path / "generator" / "model.pt",
                                {{"W", {48, 4}, fixtures::kGeneratorW}, {"b", {48}, fixtures::kGeneratorB}},
                                generatorSource);
    }
    models.embedder = ModelBundle::load(dir.path / "embedder");
    models.generator = ModelBundle::load(dir.path / "generator");
    // Bank rows: unit vectors with the first entry alternately +0.8 and -0.8, so starts drawn from them have both
    // signs there (the NaN generator below relies on it).
    bank = Matrix(40, 4);
    for (std::size_t r = 0; r < bank.rows; ++r) {
      const float sign = r % 2 ? -1.f : 1.f;
      const float rest = std::sqrt((1.f - 0.64f) / 3.f);
      bank(r, 0) = 0.8f * sign;
      bank(r, 1) = rest * (r % 3 ? 1.f : -1.f);
      bank(r, 2) = rest;
      bank(r, 3) = rest * (r % 5 ? -1.f : 1.f);
    }
  }
};

SynthesisObjective firstFeature() {
  SynthesisObjective objective;
  objective.target.weights = {1.0, -0.5, 0.25, 0.0};
  objective.target.intercept = 0.1;
  return objective;
}

SynthesisOptions quick(SynthesisSpace space = SynthesisSpace::Latent) {
  SynthesisOptions options;
  options.space = space;
  options.starts = 4;
  options.maxSteps = 40;
  options.minSteps = 40;
  options.threads = 1;
  options.seed = 11;
  options.startCandidates = 0;  // unscored draws around the bank rows: both signs of the first entry (see the NaN test)
  return options;
}

TEST(StimulusSynthesis, LatentSearchRaisesEveryStartsObjective) {
  Bundles bundles;
  int frames = 0, framesWithPreviews = 0;
  const auto result = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, quick(),
                                        [&](const SynthesisFrame& frame) {
                                          ++frames;
                                          framesWithPreviews += frame.previews.empty() ? 0 : 1;
                                          EXPECT_EQ(frame.scores.size(), 4u);
                                        });
  ASSERT_EQ(result.starts.size(), 4u);
  EXPECT_EQ(frames, 41);  // step 0 (the starting images) and one per update
  EXPECT_GE(framesWithPreviews, 1);
  for (const auto& start : result.starts) {
    ASSERT_FALSE(start.failed) << start.failure;
    ASSERT_GE(start.history.size(), 2u);
    EXPECT_GT(*std::max_element(start.history.begin(), start.history.end()), start.history.front() + 1e-3);
    EXPECT_EQ(start.image.width, 4);  // the generator's own size
    EXPECT_EQ(start.embedding.size(), 4u);
    // The reported objective is the saved 8-bit image's, through the runner: recompute it.
    const Matrix e(1, 4, std::vector<float>(start.embedding));
    EXPECT_NEAR(start.objective, synthesisObjective(e, firstFeature())[0], 1e-9);
    EXPECT_NEAR(start.objective, start.targetResponse, 1e-9);
  }
}

TEST(StimulusSynthesis, PixelSearchRaisesTheObjectiveFromGrey) {
  Bundles bundles;
  auto options = quick(SynthesisSpace::Pixels);
  options.pixelsFromLatent = false;
  const auto result = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, options);
  for (const auto& start : result.starts) {
    ASSERT_FALSE(start.failed) << start.failure;
    EXPECT_EQ(start.image.width, 8);  // the embedder's input size
    EXPECT_GT(*std::max_element(start.history.begin(), start.history.end()), start.history.front() + 1e-2);
  }
}

TEST(StimulusSynthesis, SameSeedGivesIdenticalImagesAnotherSeedDoesNot) {
  Bundles bundles;
  const auto a = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, quick());
  const auto b = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, quick());
  auto other = quick();
  other.seed = 12;
  const auto c = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, other);
  bool anyDifferent = false;
  for (std::size_t i = 0; i < a.starts.size(); ++i) {
    EXPECT_EQ(a.starts[i].image.rgb, b.starts[i].image.rgb) << "start " << i;
    EXPECT_EQ(a.starts[i].history, b.starts[i].history) << "start " << i;
    anyDifferent = anyDifferent || a.starts[i].history != c.starts[i].history;
  }
  EXPECT_TRUE(anyDifferent);
}

TEST(StimulusSynthesis, ScoredCandidatesGiveBetterStartsThanUnscoredDraws) {
  // The starts are the best of startCandidates draws by objective: at step 0 they are at least as good, start by
  // start in rank order, as the same number of unscored draws, and better on average.
  Bundles bundles;
  auto stepZero = [&](int candidates) {
    auto options = quick();
    options.startCandidates = candidates;
    options.maxSteps = options.minSteps = 1;
    std::vector<double> scores;
    synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, options, [&](const SynthesisFrame& frame) {
      if (frame.step == 0) scores = frame.scores;
    });
    std::sort(scores.rbegin(), scores.rend());
    return scores;
  };
  const auto unscored = stepZero(0), scored = stepZero(64);
  ASSERT_EQ(scored.size(), unscored.size());
  double gain = 0;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    EXPECT_GE(scored[i], unscored[i] - 1e-9) << "rank " << i;
    gain += scored[i] - unscored[i];
  }
  EXPECT_GT(gain, 0.0);
}

TEST(StimulusSynthesis, ContrastSubtractsLambdaTimesTheSecondTarget) {
  Bundles bundles;
  auto objective = firstFeature();
  objective.minus = TargetWeights{{0.0, 1.0, 0.0, 0.0}, 0.2};
  objective.lambda = 0.5;
  const auto result = synthesizeStimuli(bundles.models, objective, bundles.bank, quick());
  for (const auto& start : result.starts)
    EXPECT_NEAR(start.objective, start.targetResponse - 0.5 * start.minusResponse, 1e-9);
  const Matrix e(1, 4, std::vector<float>(result.starts[0].embedding));
  EXPECT_NEAR(result.starts[0].minusResponse, double(e(0, 1)) + 0.2, 1e-5);
}

TEST(StimulusSynthesis, NanInOneStartStopsThatStartAndNamesIt) {
  // Pixels become NaN when the latent's first entry is below -0.5 (sqrt of a negative number).
  Bundles bundles(R"JIT(
def forward(self, z):
    image = torch.sigmoid(z.matmul(self.W.t()) + self.b).view(-1, 3, 4, 4)
    return image * (1.0 + 0.0 * torch.sqrt(z[:, 0:1] + 0.5)).view(-1, 1, 1, 1)
)JIT");
  auto options = quick();
  options.starts = 6;
  const auto result = synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, options);
  std::size_t failed = 0, fine = 0;
  for (std::size_t i = 0; i < result.starts.size(); ++i) {
    const auto& start = result.starts[i];
    if (start.failed) {
      ++failed;
      EXPECT_NE(start.failure.find("start " + std::to_string(i + 1) + ":"), std::string::npos) << start.failure;
      EXPECT_NE(start.failure.find("NaN"), std::string::npos) << start.failure;
    } else {
      ++fine;
      EXPECT_TRUE(std::isfinite(start.objective));
      EXPECT_GE(start.history.size(), 2u);
    }
  }
  EXPECT_GE(failed, 1u);
  EXPECT_GE(fine, 1u);
}

TEST(StimulusSynthesis, CancelStopsTheJobWithinAStep) {
  Bundles bundles;
  std::stop_source stop;
  const JobContext context(stop.get_token(), {});
  int lastStep = -1;
  auto options = quick();
  options.maxSteps = 1000;
  options.minSteps = 1000;
  EXPECT_THROW(synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, options,
                                 [&](const SynthesisFrame& frame) {
                                   lastStep = frame.step;
                                   if (frame.step == 3) stop.request_stop();
                                 },
                                 context),
               JobCancelled);
  EXPECT_EQ(lastStep, 3);
}

template <typename Call>
std::string invalidArgument(Call call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(no std::invalid_argument)";
}

TEST(StimulusSynthesis, BadInputIsRefusedWithAClearMessage) {
  Bundles bundles;
  SynthesisObjective empty;
  EXPECT_NE(invalidArgument([&] { synthesizeStimuli(bundles.models, empty, bundles.bank, quick()); })
                .find("no fitted columns"),
            std::string::npos);
  auto wrongSize = firstFeature();
  wrongSize.target.weights.push_back(1.0);
  EXPECT_NE(invalidArgument([&] { synthesizeStimuli(bundles.models, wrongSize, bundles.bank, quick()); })
                .find("5 weights"),
            std::string::npos);
  EXPECT_NE(invalidArgument([&] { synthesizeStimuli(bundles.models, firstFeature(), Matrix(3, 2), quick()); })
                .find("bank"),
            std::string::npos);
  auto noStarts = quick();
  noStarts.starts = 0;
  EXPECT_NE(invalidArgument([&] { synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, noStarts); })
                .find("starts"),
            std::string::npos);
}

TEST(StimulusSynthesis, GeneratorOfAnotherInputSizeIsRefused) {
  Bundles bundles;
  auto manifest = fixtures::generatorManifest();
  manifest["input"]["shape"] = {-1, 5};
  fixtures::writeManifest(bundles.dir.path / "wide", manifest);
  fixtures::saveTorchScript(bundles.dir.path / "wide" / "model.pt", {}, R"JIT(
def forward(self, z):
    return torch.sigmoid(z.sum(dim=1, keepdim=True).expand(-1, 48)).view(-1, 3, 4, 4)
)JIT");
  auto models = bundles.models;
  models.generator = ModelBundle::load(bundles.dir.path / "wide");
  const auto message = invalidArgument([&] { synthesizeStimuli(models, firstFeature(), bundles.bank, quick()); });
  EXPECT_NE(message.find("5-d input"), std::string::npos) << message;
  EXPECT_NE(message.find("4-d embeddings"), std::string::npos) << message;
}

TEST(StimulusSynthesis, BundleThroughWhichNoGradientFlowsIsRefused) {
  Bundles bundles(R"JIT(
def forward(self, z):
    return torch.sigmoid(z.detach().matmul(self.W.t()) + self.b).view(-1, 3, 4, 4)
)JIT");
  const auto message =
      invalidArgument([&] { synthesizeStimuli(bundles.models, firstFeature(), bundles.bank, quick()); });
  EXPECT_NE(message.find("no gradient reaches"), std::string::npos) << message;
}

TEST(StimulusSynthesis, BankReferenceAndPercentileRank) {
  const std::vector<double> scores = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(percentileRank(scores, 3.5), 60.0);
  EXPECT_DOUBLE_EQ(percentileRank(scores, 9), 100.0);
  EXPECT_DOUBLE_EQ(percentileOf(scores, 50), 3.0);
  EXPECT_DOUBLE_EQ(percentileOf(scores, 75), 4.0);
  Matrix bank(3, 2, std::vector<float>{1, 0, 0, 1, 0.5f, 0.5f});
  SynthesisObjective objective;
  objective.target = {{2.0, 1.0}, 0.5};
  const auto reference = bankReference(bank, objective);
  EXPECT_EQ(reference.bestIndex, 0u);
  EXPECT_DOUBLE_EQ(reference.best, 2.5);
  EXPECT_DOUBLE_EQ(reference.p50, 2.0);
}

}  // namespace
}  // namespace vl::core
