// Forward-model identification on data with a known linear model: the columns with signal are the ones kept, their
// noise variance is the planted one, the log posteriors are normalised, and the candidates are identified.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "core/fitting/ForwardIdentification.h"
#include "core/fitting/Retrieval.h"

namespace vl::core {
namespace {

struct Planted {
  Matrix trainX, trainY, testX, testY;
};

// Columns 0..19 respond to the 8 features with noise SD 0.5 (odd columns) or 1 (even columns); columns 20..39 are
// noise only.
Planted plant(std::size_t trainRows, std::size_t testRows) {
  std::mt19937 random(3);
  std::normal_distribution<float> normal;
  const std::size_t p = 8, columns = 40;
  Matrix w(p, columns);
  for (std::size_t f = 0; f < p; ++f)
    for (std::size_t c = 0; c < 20; ++c) w(f, c) = normal(random);
  auto make = [&](std::size_t rows, float noiseScale, Matrix& x, Matrix& y) {
    x = Matrix(rows, p);
    y = Matrix(rows, columns);
    for (auto& v : x.data) v = normal(random);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < columns; ++c) {
        float signal = 0;
        for (std::size_t f = 0; f < p; ++f) signal += x(r, f) * w(f, c);
        y(r, c) = signal + noiseScale * (c % 2 ? 0.5f : 1.0f) * normal(random);
      }
  };
  Planted planted;
  make(trainRows, 1.0f, planted.trainX, planted.trainY);
  make(testRows, 1.0f, planted.testX, planted.testY);
  return planted;
}

TEST(ForwardIdentification, KeepsTheColumnsWithSignalAndLearnsTheirNoise) {
  const Planted d = plant(2000, 50);
  ForwardModelInput input;
  input.trainFeatures = d.trainX;
  input.trainResponses = ResponseRows::of(d.trainY);
  input.maxColumns = 20;
  const ForwardModel model = fitForwardModel(input);
  ASSERT_EQ(model.columns.size(), 20u);
  for (std::size_t k = 0; k < 20; ++k) {
    EXPECT_EQ(model.columns[k], static_cast<std::int32_t>(k));
    const double planted = k % 2 ? 0.25 : 1.0;
    EXPECT_NEAR(model.noiseVariance[k], planted, 0.12 * planted) << "column " << k;
  }
  EXPECT_LT(model.candidateCvR2[30], 0.01);

  ASSERT_EQ(model.noisePrecision.rows, 20u);
  const MatrixD score = identificationLogPosterior(model, gatherColumns(ResponseRows::of(d.testY), model.columns),
                                                   predictForwardModel(model, d.testX));
  ASSERT_EQ(score.rows, 50u);
  for (std::size_t t = 0; t < score.rows; ++t) {
    double sum = 0;
    for (std::size_t j = 0; j < score.cols; ++j) sum += std::exp(score(t, j));
    EXPECT_NEAR(sum, 1.0, 1e-9);
  }
  EXPECT_GE(topOneIdentification(score, 50, 1), 0.9);
  EXPECT_GE(topOneIdentification(transposed(score), 50, 1), 0.9);
}

TEST(ForwardIdentification, LikelihoodWeighsColumnsByTheirNoise) {
  // Two columns; candidate 0 predicts (0, 0), candidate 1 (1, 1). The observation (0.9, 0.2) is nearer candidate 1
  // along a quiet column and nearer candidate 0 along a noisy one: the variance decides.
  const Matrix observed(1, 2, {0.9f, 0.2f});
  const Matrix predicted(2, 2, {0, 0, 1, 1});
  EXPECT_GT(identificationLogPosterior(observed, predicted, std::vector<double>{0.1, 10.0})(0, 1), std::log(0.5));
  EXPECT_LT(identificationLogPosterior(observed, predicted, std::vector<double>{10.0, 0.1})(0, 1), std::log(0.5));
}

TEST(ForwardIdentification, SharedErrorsCountOnce) {
  // Columns 0 and 1 always err together (correlation 0.99), column 2 on its own. The observation matches candidate 1
  // on the two shared columns and candidate 0 on the independent one: independent noise counts the shared error
  // twice and picks candidate 1; the covariance counts it once, which makes both equally likely.
  const Matrix observed(1, 3, {1, 1, 0});
  const Matrix predicted(2, 3, {0, 0, 0, 1, 1, 1});
  EXPECT_GT(identificationLogPosterior(observed, predicted, std::vector<double>{1, 1, 1})(0, 1), std::log(0.6));
  // The inverse of [[1, .99, 0], [.99, 1, 0], [0, 0, 1]].
  const double d = 1 - 0.99 * 0.99;
  const MatrixD precision(3, 3, {1 / d, -0.99 / d, 0, -0.99 / d, 1 / d, 0, 0, 0, 1});
  EXPECT_NEAR(std::exp(identificationLogPosterior(observed, predicted, precision)(0, 1)), 0.5, 0.01);
  // A diagonal precision is the independent model.
  const MatrixD diagonal(3, 3, {2, 0, 0, 0, 0.5, 0, 0, 0, 1});
  const MatrixD a = identificationLogPosterior(observed, predicted, diagonal);
  const MatrixD b = identificationLogPosterior(observed, predicted, std::vector<double>{0.5, 2, 1});
  EXPECT_NEAR(a(0, 0), b(0, 0), 1e-12);
  EXPECT_NEAR(a(0, 1), b(0, 1), 1e-12);
}

TEST(ForwardIdentification, RefusesInconsistentInput) {
  const Matrix observed(2, 3), predicted(2, 3);
  EXPECT_THROW(identificationLogPosterior(observed, predicted, std::vector<double>{1, 1}), std::invalid_argument);
  EXPECT_THROW(identificationLogPosterior(observed, predicted, std::vector<double>{1, 0, 1}), std::invalid_argument);
  EXPECT_THROW(identificationLogPosterior(observed, Matrix(2, 4), std::vector<double>{1, 1, 1}), std::invalid_argument);
  Matrix nan(2, 3);
  nan(1, 1) = std::nanf("");
  EXPECT_THROW(identificationLogPosterior(nan, predicted, std::vector<double>{1, 1, 1}), std::invalid_argument);

  const Planted d = plant(100, 5);
  ForwardModelInput input;
  input.trainFeatures = d.trainX;
  input.trainResponses = ResponseRows::of(d.testY);  // 5 rows for 100 feature rows
  EXPECT_THROW(fitForwardModel(input), std::invalid_argument);
  input.trainResponses = ResponseRows::of(d.trainY);
  input.candidates = {3, 2};
  EXPECT_THROW(fitForwardModel(input), std::invalid_argument);
  input.candidates = {40};
  EXPECT_THROW(fitForwardModel(input), std::invalid_argument);
}

}  // namespace
}  // namespace vl::core
