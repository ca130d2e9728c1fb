#include "core/fitting/Retrieval.h"

#include <ATen/ATen.h>

#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace vl::core {
namespace {

void checkSquare(const MatrixD& s) {
  if (s.rows != s.cols || s.rows == 0)
    throw std::invalid_argument("retrieval: similarity must be square and non-empty, got " + std::to_string(s.rows) +
                                " x " + std::to_string(s.cols));
}

// Uniform integer in [0, bound) by rejection: the same numbers on every standard library.
std::uint32_t bounded(std::mt19937& rng, std::uint32_t bound) {
  const std::uint64_t range = std::uint64_t(1) << 32;
  const std::uint64_t accept = range - range % bound;  // a multiple of bound: no modulo bias below it
  for (;;) {
    const std::uint64_t x = rng();
    if (x < accept) return static_cast<std::uint32_t>(x % bound);
  }
}

}  // namespace

template <typename T>
MatrixD cosineSimilarity(const BasicMatrix<T>& predicted, const BasicMatrix<T>& truth) {
  if (predicted.cols != truth.cols || predicted.empty() || truth.empty())
    throw std::invalid_argument("cosineSimilarity: embeddings must be non-empty with equal dimensions");
  auto toTensor = [](const BasicMatrix<T>& m) {
    return at::from_blob(const_cast<T*>(m.data.data()), {int64_t(m.rows), int64_t(m.cols)},
                         at::TensorOptions().dtype(std::is_same_v<T, float> ? at::kFloat : at::kDouble))
        .to(at::kDouble);
  };
  auto normalise = [](const at::Tensor& x) {
    at::Tensor norm = x.norm(2, {1}, true);
    return x / at::where(norm > 0, norm, at::ones_like(norm));
  };
  const at::Tensor s = at::mm(normalise(toTensor(predicted)), normalise(toTensor(truth)).t()).contiguous();
  MatrixD out(predicted.rows, truth.rows);
  std::copy(s.data_ptr<double>(), s.data_ptr<double>() + s.numel(), out.data.begin());
  return out;
}

double topOneIdentification(const MatrixD& similarity, std::size_t ways, int draws, std::uint32_t seed) {
  checkSquare(similarity);
  if (ways < 2 || draws < 1) throw std::invalid_argument("topOneIdentification: need ways >= 2 and draws >= 1");
  const std::size_t n = similarity.rows;
  const std::size_t k = std::min(ways, n);
  if (k == n) draws = 1;  // every draw would be the same set
  std::mt19937 rng(seed);
  std::vector<std::size_t> order(n);
  double total = 0;
  for (int d = 0; d < draws; ++d) {
    std::iota(order.begin(), order.end(), 0);
    if (k < n)
      for (std::size_t i = 0; i < k; ++i)
        std::swap(order[i], order[i + bounded(rng, static_cast<std::uint32_t>(n - i))]);
    std::size_t correct = 0;
    for (std::size_t a = 0; a < k; ++a) {
      const std::size_t i = order[a];
      const double own = similarity(i, i);
      bool best = true;
      for (std::size_t b = 0; b < k && best; ++b)
        if (b != a && similarity(i, order[b]) >= own) best = false;
      correct += best;
    }
    total += static_cast<double>(correct) / k;
  }
  return total / draws;
}

double twoWayIdentification(const MatrixD& similarity) {
  checkSquare(similarity);
  const std::size_t n = similarity.rows;
  if (n < 2) throw std::invalid_argument("twoWayIdentification: need two items");
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double wins = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      wins += similarity(i, i) > similarity(i, j) ? 1.0 : similarity(i, i) == similarity(i, j) ? 0.5 : 0.0;
    }
    total += wins / (n - 1);
  }
  return total / n;
}

double meanRank(const MatrixD& similarity) {
  checkSquare(similarity);
  const std::size_t n = similarity.rows;
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t above = 0;
    for (std::size_t j = 0; j < n; ++j) above += similarity(i, j) > similarity(i, i);
    total += 1.0 + above;
  }
  return total / n;
}

template MatrixD cosineSimilarity(const Matrix&, const Matrix&);
template MatrixD cosineSimilarity(const MatrixD&, const MatrixD&);

}  // namespace vl::core
