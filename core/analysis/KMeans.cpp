#include "core/analysis/KMeans.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace vl::core {
namespace {

// Four partial sums: independent chains the processor overlaps (one chain waits on every add).
double squaredDistance(const double* a, const double* b, std::size_t d) {
  double sum[4] = {0, 0, 0, 0};
  std::size_t f = 0;
  for (; f + 4 <= d; f += 4)
    for (std::size_t l = 0; l < 4; ++l) sum[l] += (a[f + l] - b[f + l]) * (a[f + l] - b[f + l]);
  for (; f < d; ++f) sum[0] += (a[f] - b[f]) * (a[f] - b[f]);
  return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

// A uniform draw in [0, 1) from 53 bits of the generator (fixed across standard libraries).
double uniform(std::mt19937_64& random) { return double(random() >> 11) * 0x1.0p-53; }

// k-means++: the first centre uniformly, each next one with probability proportional to its squared distance to
// the nearest centre chosen so far.
MatrixD plusPlusStarts(const MatrixD& points, std::size_t k, std::mt19937_64& random) {
  const std::size_t n = points.rows, d = points.cols;
  MatrixD centres(k, d);
  std::size_t first = std::min(n - 1, std::size_t(uniform(random) * double(n)));
  std::copy_n(&points.data[first * d], d, &centres.data[0]);
  std::vector<double> nearest(n);
  for (std::size_t i = 0; i < n; ++i) nearest[i] = squaredDistance(&points.data[i * d], &centres.data[0], d);
  for (std::size_t c = 1; c < k; ++c) {
    const double total = std::accumulate(nearest.begin(), nearest.end(), 0.0);
    std::size_t chosen = 0;
    if (total > 0) {
      double target = uniform(random) * total;
      for (chosen = 0; chosen + 1 < n; ++chosen) {
        target -= nearest[chosen];
        if (target < 0) break;
      }
    } else {
      chosen = std::min(n - 1, std::size_t(uniform(random) * double(n)));
    }
    std::copy_n(&points.data[chosen * d], d, &centres.data[c * d]);
    for (std::size_t i = 0; i < n; ++i)
      nearest[i] = std::min(nearest[i], squaredDistance(&points.data[i * d], &centres.data[c * d], d));
  }
  return centres;
}

KMeansResult lloyd(const MatrixD& points, MatrixD centres, std::size_t maxIterations) {
  const std::size_t n = points.rows, d = points.cols, k = centres.rows;
  KMeansResult out;
  out.assignment.assign(n, -1);
  std::vector<std::size_t> count(k);
  for (out.iterations = 0; out.iterations < maxIterations; ++out.iterations) {
    bool changed = false;
    out.inertia = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double best = std::numeric_limits<double>::infinity();
      int bestCluster = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const double distance = squaredDistance(&points.data[i * d], &centres.data[c * d], d);
        if (distance < best) best = distance, bestCluster = int(c);
      }
      out.inertia += best;
      if (out.assignment[i] != bestCluster) out.assignment[i] = bestCluster, changed = true;
    }
    if (!changed) break;
    MatrixD sums(k, d);
    std::fill(count.begin(), count.end(), 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = std::size_t(out.assignment[i]);
      ++count[c];
      for (std::size_t f = 0; f < d; ++f) sums.data[c * d + f] += points.data[i * d + f];
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (count[c] == 0) continue;  // an emptied cluster keeps its centre
      for (std::size_t f = 0; f < d; ++f) centres.data[c * d + f] = sums.data[c * d + f] / double(count[c]);
    }
  }
  out.centroids = std::move(centres);
  return out;
}

// Renumbers clusters by size, largest first (ties by old number), so that restarts and seeds that find the same
// partition give it the same numbers.
void numberBySize(KMeansResult& result) {
  const std::size_t k = result.centroids.rows, d = result.centroids.cols;
  std::vector<std::size_t> sizes(k, 0);
  for (int a : result.assignment) ++sizes[std::size_t(a)];
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  std::vector<int> newNumber(k);
  MatrixD centroids(k, d);
  result.sizes.assign(k, 0);
  for (std::size_t c = 0; c < k; ++c) {
    newNumber[order[c]] = int(c);
    result.sizes[c] = sizes[order[c]];
    std::copy_n(&result.centroids.data[order[c] * d], d, &centroids.data[c * d]);
  }
  for (int& a : result.assignment) a = newNumber[std::size_t(a)];
  result.centroids = std::move(centroids);
}

}  // namespace

KMeansResult kMeans(const MatrixD& points, const KMeansOptions& options, const JobContext& context) {
  if (options.clusters == 0) throw std::invalid_argument("k-means needs at least one cluster");
  if (points.rows < options.clusters)
    throw std::invalid_argument("k-means: " + std::to_string(points.rows) + " points cannot make " +
                                std::to_string(options.clusters) + " clusters");
  std::mt19937_64 random(options.seed);
  KMeansResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  const std::size_t restarts = std::max<std::size_t>(1, options.restarts);
  for (std::size_t r = 0; r < restarts; ++r) {
    context.throwIfStopped();
    auto result = lloyd(points, plusPlusStarts(points, options.clusters, random), options.maxIterations);
    if (result.inertia < best.inertia) best = std::move(result);
    context.report(double(r + 1) / double(restarts), "k-means");
  }
  numberBySize(best);
  return best;
}

}  // namespace vl::core
