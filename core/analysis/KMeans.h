#pragma once
// k-means on the rows of a matrix (Lloyd's iterations from k-means++ starts, Arthur & Vassilvitskii 2007), several
// restarts from one seeded generator, the restart with the smallest within-cluster sum of squares kept. The same
// seed gives the same clusters on every machine: the generator is std::mt19937_64 and draws are turned into
// indices without the standard library's distributions, whose output is not fixed by the standard.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct KMeansOptions {
  std::size_t clusters = 7;
  std::size_t restarts = 10;
  std::size_t maxIterations = 100;
  std::uint64_t seed = 7;
};

struct KMeansResult {
  std::vector<int> assignment;  // cluster per row, 0..clusters-1, clusters numbered by size (largest first)
  MatrixD centroids;            // clusters x cols
  std::vector<std::size_t> sizes;
  double inertia = 0;           // within-cluster sum of squared distances
  std::size_t iterations = 0;   // of the kept restart
};

// Throws std::invalid_argument for no clusters or fewer rows than clusters.
KMeansResult kMeans(const MatrixD& points, const KMeansOptions& options = {}, const JobContext& context = {});

}  // namespace vl::core
