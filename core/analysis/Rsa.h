#pragma once
// Representational similarity analysis: representational dissimilarity matrices (RDMs) of item patterns as condensed
// upper triangles, and their rank correlation.
#include <vector>

#include "core/analysis/Correlation.h"
#include "core/base/Matrix.h"

namespace vl::core {

enum class RdmMetric {
  Correlation,  // 1 - Pearson r between two items' patterns (scipy pdist "correlation")
  Euclidean,    // Euclidean distance (scipy pdist "euclidean")
};

// patterns: items x features. Returns the n (n - 1) / 2 dissimilarities (i, j), i < j, in the order of
// scipy.spatial.distance.pdist: (0,1), (0,2), ..., (0,n-1), (1,2), ... A constant pattern gives NaN correlations.
template <typename T>
std::vector<double> rdm(const BasicMatrix<T>& patterns, RdmMetric metric = RdmMetric::Correlation);

// Ranks 1..n with ties given the average of the ranks they span (scipy.stats.rankdata "average").
std::vector<double> averageRanks(const std::vector<double>& values);

// Spearman rho = Pearson r of the average ranks (scipy.stats.spearmanr). NaN if either input is constant.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace vl::core
