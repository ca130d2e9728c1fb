// The contrastive MLP decoder on small synthetic codes: it must beat ridge where the responses code the embedding
// non-linearly, keep an image's repeats on one side of its validation split, give the same fit for the same seed,
// stop on Cancel and name bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stop_token>

#include "core/fitting/ContrastiveDecoder.h"
#include "core/fitting/ContrastiveDecoderFolder.h"
#include "core/fitting/Decoder.h"
#include "tests/support/TempDir.h"

namespace vl::core {
namespace {

// Items with a random latent z (`dims` values); the responses code z linearly (plus noise), and the embedding is
// half linear in z (z A) and half quadratic ((z B)^2 - 1, an even function of z). A linear readout can recover only
// the linear half: its best guess of an even function of a symmetric z is a constant. A network can square.
struct Problem {
  Matrix trainX, testX, trainT, testT;
  std::vector<std::int32_t> trainImages;
};

Problem makeProblem(std::size_t trainImages, std::size_t repeats, std::size_t testItems, std::size_t columns,
                    std::size_t dims, double noise, std::uint32_t seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<float> normal(0.f, 1.f);
  Matrix code(dims, columns), linearPart(dims, dims), squaredPart(dims, dims);
  for (auto& v : code.data) v = normal(engine) / std::sqrt(float(dims));
  for (auto& v : linearPart.data) v = normal(engine) / std::sqrt(float(dims));
  for (auto& v : squaredPart.data) v = normal(engine) / std::sqrt(float(dims));
  const auto project = [&](const std::vector<float>& z, const Matrix& m, std::size_t c) {
    float sum = 0;
    for (std::size_t d = 0; d < dims; ++d) sum += z[d] * m(d, c);
    return sum;
  };
  const auto item = [&](std::vector<float>& responses, std::vector<float>& embedding) {
    std::vector<float> z(dims);
    for (auto& v : z) v = normal(engine);
    embedding.resize(2 * dims);
    for (std::size_t k = 0; k < dims; ++k) {
      embedding[k] = project(z, linearPart, k);
      const float q = project(z, squaredPart, k);
      embedding[dims + k] = q * q - 1.f;
    }
    responses.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) responses[c] = project(z, code, c);
  };
  const auto noisy = [&](const std::vector<float>& clean) {
    std::vector<float> out = clean;
    for (auto& v : out) v += float(noise) * normal(engine);
    return out;
  };
  Problem p;
  p.trainX = Matrix(trainImages * repeats, columns);
  p.trainT = Matrix(trainImages * repeats, 2 * dims);
  std::vector<float> x, t;
  for (std::size_t i = 0; i < trainImages; ++i) {
    item(x, t);
    for (std::size_t k = 0; k < repeats; ++k) {
      const std::size_t row = i * repeats + k;
      const auto measured = noisy(x);
      std::copy(measured.begin(), measured.end(), p.trainX.data.begin() + std::ptrdiff_t(row * columns));
      std::copy(t.begin(), t.end(), p.trainT.data.begin() + std::ptrdiff_t(row * 2 * dims));
      p.trainImages.push_back(std::int32_t(i));
    }
  }
  p.testX = Matrix(testItems, columns);
  p.testT = Matrix(testItems, 2 * dims);
  for (std::size_t i = 0; i < testItems; ++i) {
    item(x, t);
    const auto measured = noisy(x);
    std::copy(measured.begin(), measured.end(), p.testX.data.begin() + std::ptrdiff_t(i * columns));
    std::copy(t.begin(), t.end(), p.testT.data.begin() + std::ptrdiff_t(i * 2 * dims));
  }
  return p;
}

ContrastiveInput inputOf(Problem&&) = delete;  // the input views the problem's responses

ContrastiveInput inputOf(const Problem& p) {
  ContrastiveInput in;
  in.trainResponses = ResponseRows::of(p.trainX);
  in.testResponses = ResponseRows::of(p.testX);
  in.trainTargets = p.trainT;
  in.testTargets = p.testT;
  in.trainImages = p.trainImages;
  in.options.hidden = 128;
  in.options.batch = 128;
  in.options.maxEpochs = 40;
  in.options.patience = 8;
  in.options.learningRate = 1e-3;
  in.options.inputDropout = 0.2;  // lighter than the defaults (chosen for 2,000 noisy columns): 60 clean ones here
  in.options.dropout = 0.5;
  in.options.threads = 1;
  in.ways = 100;
  return in;
}

TEST(ContrastiveDecoder, BeatsRidgeWhereTheCodeIsNonLinear) {
  const auto p = makeProblem(2000, 1, 200, 60, 8, 0.3, 11);
  const auto contrastive = fitContrastiveDecoder(inputOf(p));

  DecoderInput ridge;
  ridge.trainResponses = ResponseRows::of(p.trainX);
  ridge.testResponses = ResponseRows::of(p.testX);
  ridge.trainTargets = p.trainT;
  ridge.testTargets = p.testT;
  ridge.ways = 100;
  const auto linear = fitDecoder(ridge);

  std::printf("synthetic 100-way top-1: contrastive %.3f (epochs %d, best %d, validation %.3f), ridge %.3f\n",
              contrastive.topOne, contrastive.epochs, contrastive.bestEpoch, contrastive.validationTopOne,
              linear.topOne);
  EXPECT_GT(contrastive.topOne, linear.topOne + 0.15);
  EXPECT_GT(contrastive.topOneImageToBrain, linear.topOneImageToBrain + 0.15);
  EXPECT_EQ(contrastive.ways, 100u);
  EXPECT_DOUBLE_EQ(contrastive.topOneChance, 0.01);
  EXPECT_GT(contrastive.twoWay, 0.9);
  // The kept weights are the best validation epoch's, and the decoded rows are unit vectors.
  ASSERT_GE(contrastive.bestEpoch, 1);
  EXPECT_DOUBLE_EQ(contrastive.validationTopOne, contrastive.validationHistory[std::size_t(contrastive.bestEpoch - 1)]);
  EXPECT_EQ(contrastive.validationImages, 200u);
  EXPECT_EQ(contrastive.trainingRows, 1800u);
  const Matrix decoded = predictContrastive(contrastive, ResponseRows::of(p.testX));
  ASSERT_EQ(decoded.rows, 200u);
  ASSERT_EQ(decoded.cols, 16u);
  double norm = 0;
  for (std::size_t d = 0; d < decoded.cols; ++d) norm += double(decoded(5, d)) * decoded(5, d);
  EXPECT_NEAR(norm, 1.0, 1e-5);
}

TEST(ContrastiveDecoder, KeepsAnImagesRepeatsOnOneSideOfTheValidationSplit) {
  auto p = makeProblem(200, 3, 40, 30, 4, 0.3, 3);
  auto in = inputOf(p);
  in.options.maxEpochs = 2;
  const auto fit = fitContrastiveDecoder(in);
  EXPECT_EQ(fit.validationImages, 20u);  // 10% of 200 images, each with its 3 rows
  EXPECT_EQ(fit.trainingRows, 540u);
  EXPECT_EQ(fit.epochs, 2);
}

TEST(ContrastiveDecoder, SameSeedGivesTheSameFitAndAnotherSeedAnother) {
  const auto p = makeProblem(400, 1, 40, 30, 4, 0.3, 5);
  auto in = inputOf(p);
  in.options.maxEpochs = 3;
  in.options.patience = 3;
  const auto a = fitContrastiveDecoder(in);
  const auto b = fitContrastiveDecoder(in);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (std::size_t k = 0; k < a.layers.size(); ++k) {
    EXPECT_EQ(a.layers[k].weights.data, b.layers[k].weights.data);
    EXPECT_EQ(a.layers[k].bias, b.layers[k].bias);
  }
  EXPECT_EQ(a.validationHistory, b.validationHistory);
  in.options.seed = 2;
  const auto c = fitContrastiveDecoder(in);
  EXPECT_NE(a.layers.front().weights.data, c.layers.front().weights.data);
}

TEST(ContrastiveDecoder, FolderKeepsWhatDecodes) {
  const auto p = makeProblem(400, 1, 40, 30, 4, 0.3, 5);
  auto in = inputOf(p);
  in.options.maxEpochs = 2;
  in.options.residualBlocks = 1;
  const auto fit = fitContrastiveDecoder(in);
  fixtures::TempDir dir;
  writeContrastiveFit(dir.path / "contrastive", fit);
  const auto read = readContrastiveFit(dir.path / "contrastive");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->columns, fit.columns);
  EXPECT_EQ(read->layers.size(), 3u);
  EXPECT_TRUE(read->layers[1].residual);
  EXPECT_EQ(read->settings, fit.settings);
  EXPECT_DOUBLE_EQ(read->topOne, fit.topOne);
  EXPECT_EQ(read->validationHistory, fit.validationHistory);
  EXPECT_EQ(predictContrastive(*read, ResponseRows::of(p.testX)).data,
            predictContrastive(fit, ResponseRows::of(p.testX)).data);
  // A damaged folder is refitted, not trusted.
  std::filesystem::remove(dir.path / "contrastive" / "layer1_gamma.npy");
  EXPECT_FALSE(readContrastiveFit(dir.path / "contrastive").has_value());
}

TEST(ContrastiveDecoder, StopsWhenCancelled) {
  const auto p = makeProblem(400, 1, 40, 30, 4, 0.3, 5);
  auto in = inputOf(p);
  in.options.maxEpochs = 1000;
  in.options.patience = 1000;
  std::stop_source stop;
  int epochs = 0;
  const JobContext context(stop.get_token(), [&](const JobProgress& progress) {
    if (progress.message.find("epoch") != std::string::npos && ++epochs == 2) stop.request_stop();
  });
  EXPECT_THROW(fitContrastiveDecoder(in, context), JobCancelled);
  EXPECT_EQ(epochs, 2);
}

TEST(ContrastiveDecoder, NamesBadInput) {
  auto p = makeProblem(400, 1, 40, 30, 4, 0.3, 5);
  auto in = inputOf(p);
  in.options.maxEpochs = 1;
  p.trainX(7, 3) = std::nanf("");
  in.trainResponses = ResponseRows::of(p.trainX);
  try {
    fitContrastiveDecoder(in);
    FAIL() << "NaN responses were accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 7, column 3"), std::string::npos) << e.what();
  }
  // The inputs view their problem's responses: each problem must outlive its input.
  const auto fewProblem = makeProblem(50, 1, 10, 10, 4, 0.3, 5);
  auto few = inputOf(fewProblem);
  try {
    fitContrastiveDecoder(few);
    FAIL() << "5 validation images were accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at least 10"), std::string::npos) << e.what();
  }
  const auto columnsProblem = makeProblem(200, 1, 10, 10, 4, 0.3, 5);
  auto columns = inputOf(columnsProblem);
  columns.columns = {3, 3};
  EXPECT_THROW(fitContrastiveDecoder(columns), std::invalid_argument);
  auto batch = columns;
  batch.columns.clear();
  batch.options.batch = 1;
  EXPECT_THROW(fitContrastiveDecoder(batch), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
