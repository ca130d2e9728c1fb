#include "core/analysis/RidgeCv.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/analysis/Blas.h"

namespace vl::core {


std::vector<int> kFoldAssignment(std::size_t samples, int folds) {
  if (folds < 2 || static_cast<std::size_t>(folds) > samples)
    throw std::invalid_argument("k-fold: need 2 <= folds <= samples, got " + std::to_string(folds) + " folds for " +
                                std::to_string(samples) + " samples");
  std::vector<int> fold(samples);
  const std::size_t base = samples / folds, extra = samples % folds;
  std::size_t at = 0;
  for (int f = 0; f < folds; ++f) {
    const std::size_t size = base + (static_cast<std::size_t>(f) < extra ? 1 : 0);
    for (std::size_t i = 0; i < size; ++i) fold[at++] = f;
  }
  return fold;
}

std::vector<int> groupKFoldAssignment(const std::vector<std::int64_t>& groups, int folds) {
  std::map<std::int64_t, std::size_t> sizes;
  for (auto g : groups) ++sizes[g];
  if (folds < 2 || sizes.size() < static_cast<std::size_t>(folds))
    throw std::invalid_argument("group k-fold: need 2 <= folds <= distinct groups, got " + std::to_string(folds) +
                                " folds for " + std::to_string(sizes.size()) + " groups");
  std::vector<std::pair<std::int64_t, std::size_t>> order(sizes.begin(), sizes.end());  // ascending id
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::size_t> load(folds, 0);
  std::map<std::int64_t, int> foldOf;
  for (const auto& [id, size] : order) {
    const int lightest = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());
    load[lightest] += size;
    foldOf[id] = lightest;
  }
  std::vector<int> fold(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) fold[i] = foldOf[groups[i]];
  return fold;
}

namespace {

// Thin decomposition of the preprocessed training design, shared by all alphas and voxels. Row-major buffers; C is
// the compute type of the voxel GEMMs.
template <typename C>
struct Decomposition {
  std::size_t n = 0, p = 0, r = 0;
  std::vector<double> xMean;   // p (zeros without intercept)
  std::vector<double> xScale;  // p (ones without standardisation)
  std::vector<double> s;       // r singular values > numerical rank tolerance
  std::vector<double> uD;      // n x r, double (for the leverages)
  std::vector<C> u;            // n x r
  std::vector<C> vt;           // r x p
  bool fullRank = false;  // r == n - intercept: U spans all of the centred sample space, so I - U U^T = 0 there
};

// The thin SVD of a tall, well-conditioned centred design from its Gram matrix: Xc^T Xc = V diag(s^2) V^T (one
// GEMM and a p x p symmetric eigendecomposition), then U = Xc V diag(1 / s). For n >= p this does a fraction of
// dgesdd's work (measured with numpy on the same OpenBLAS, 2 loaded cores: 7200 x 2000 in 26 s against 153 s;
// docs/ridge.md). The eigenvalues carry an absolute error of about eps * s_max^2, so a direction with s^2 near that
// is not resolved and its U column would be noise: when the smallest eigenvalue is below kGramConditionFloor * the
// largest (a design condition number above 1e4), this returns nothing and the caller takes the SVD, which resolves
// it. Above the floor U is orthonormal to about eps * cond(Xc)^2 <= 1e-8, far below the float32 of the voxel GEMMs.
constexpr double kGramConditionFloor = 1e-8;

std::optional<blas::ThinSvd> svdFromGram(const std::vector<double>& xc, std::size_t n, std::size_t p) {
  if (n < p || p == 0) return std::nullopt;
  std::vector<double> gram(p * p);
  blas::gemm(true, false, p, p, n, 1.0, xc.data(), p, xc.data(), p, 0.0, gram.data(), p);
  blas::SymmetricEigen eigen = blas::symmetricEigen(std::move(gram), p);
  const double largest = eigen.values.back();
  if (!(largest > 0) || !(eigen.values.front() >= kGramConditionFloor * largest)) return std::nullopt;
  blas::ThinSvd svd;
  svd.rows = n;
  svd.cols = p;
  svd.rank = p;
  svd.s.resize(p);
  svd.vt.resize(p * p);
  for (std::size_t k = 0; k < p; ++k) {  // descending, as dgesdd returns them
    const std::size_t from = p - 1 - k;
    svd.s[k] = std::sqrt(eigen.values[from]);
    std::copy_n(eigen.vectors.begin() + static_cast<std::ptrdiff_t>(from * p), p,
                svd.vt.begin() + static_cast<std::ptrdiff_t>(k * p));
  }
  svd.u.resize(n * p);
  blas::gemm(false, true, n, p, p, 1.0, xc.data(), p, svd.vt.data(), p, 0.0, svd.u.data(), p);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < p; ++k) svd.u[i * p + k] /= svd.s[k];
  return svd;
}

// x: n x p row-major, double.
template <typename C>
Decomposition<C> decompose(const std::vector<double>& x, std::size_t n, std::size_t p, bool intercept,
                           bool standardize) {
  Decomposition<C> d;
  d.n = n;
  d.p = p;
  std::vector<double> mean(p, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < p; ++k) mean[k] += x[i * p + k];
  for (double& m : mean) m /= static_cast<double>(n);
  d.xMean = intercept ? mean : std::vector<double>(p, 0.0);
  d.xScale.assign(p, 1.0);
  if (standardize) {
    std::vector<double> var(p, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < p; ++k) var[k] += (x[i * p + k] - mean[k]) * (x[i * p + k] - mean[k]);
    for (std::size_t k = 0; k < p; ++k) {
      const double sd = std::sqrt(var[k] / static_cast<double>(n));
      if (sd > 0) d.xScale[k] = sd;  // constant columns stay as they are
    }
  }
  std::vector<double> xc(n * p);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < p; ++k) xc[i * p + k] = (x[i * p + k] - d.xMean[k]) / d.xScale[k];
  std::optional<blas::ThinSvd> fromGram = svdFromGram(xc, n, p);
  const blas::ThinSvd svd = fromGram ? std::move(*fromGram) : blas::thinSvd(std::move(xc), n, p);
  // Numerical rank as numpy.linalg.matrix_rank: drop s <= s_max * max(n, p) * eps. Dropped directions are
  // (numerically) outside the column space: they have f = 0 for every alpha > 0.
  const double sMax = svd.s.empty() ? 0.0 : svd.s.front();  // LAPACK returns s in descending order
  const double tol = sMax * static_cast<double>(std::max(n, p)) * std::numeric_limits<double>::epsilon();
  std::size_t rank = 0;
  while (rank < svd.s.size() && svd.s[rank] > tol) ++rank;
  d.r = rank;
  d.s.assign(svd.s.begin(), svd.s.begin() + static_cast<std::ptrdiff_t>(rank));
  d.uD.resize(n * rank);
  d.u.resize(n * rank);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < rank; ++k) {
      d.uD[i * rank + k] = svd.u[i * svd.rank + k];
      d.u[i * rank + k] = static_cast<C>(d.uD[i * rank + k]);
    }
  d.vt.assign(svd.vt.begin(), svd.vt.begin() + static_cast<std::ptrdiff_t>(rank * p));
  d.fullRank = rank == n - (intercept ? 1 : 0);
  return d;
}

// Per alpha, the LOO scaling of squared residuals: 1 / (n (1 - diag H)^2), computed in double and stored per alpha
// (alphas x n) in the compute type. 1 - diag H = sum_k (1 - f_k) U_ik^2 + (1 - sum_k U_ik^2 - 1/n); the bracket is
// the leverage outside U's span (zero when U spans the centred space), written this way to avoid 1 - (almost 1)
// when f -> 1.
template <typename C>
std::vector<C> looWeights(const Decomposition<C>& d, const std::vector<double>& alphas, bool intercept) {
  const std::size_t n = d.n, r = d.r, nAlphas = alphas.size();
  std::vector<C> out(nAlphas * n);
  std::vector<double> u2(r);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < r; ++k) sum += u2[k] = d.uD[i * r + k] * d.uD[i * r + k];
    const double outside =
        d.fullRank ? 0.0 : std::max(0.0, 1.0 - sum - (intercept ? 1.0 / static_cast<double>(n) : 0.0));
    for (std::size_t a = 0; a < nAlphas; ++a) {
      double denom = outside;
      for (std::size_t k = 0; k < r; ++k) denom += u2[k] * (alphas[a] / (d.s[k] * d.s[k] + alphas[a]));
      out[a * n + i] = static_cast<C>(1.0 / (denom * denom * static_cast<double>(n)));
    }
  }
  return out;
}

// GCV score per alpha and voxel (alphas x c, double): the mean squared training residual over (1 - tr(H)/n)^2.
// It needs only B = Yc^T U (bT, c x r): |(1 - f) o b|^2 plus the energy of yc outside U's span, so it costs
// 2 r alphas c flops where one exact LOO evaluation costs 2 n r c. It only guides where exact LOO is evaluated, so
// its product runs in the compute type. ycT: c x m voxel-major centred responses (m = the decomposition's samples).
template <typename C>
std::vector<double> gcvScores(const Decomposition<C>& d, const std::vector<C>& ycT, const std::vector<C>& bT,
                              std::size_t c, const std::vector<double>& alphas, bool intercept) {
  const std::size_t n = d.n, r = d.r, nAlphas = alphas.size();
  std::vector<C> keep2(r * nAlphas);  // r x alphas: (1 - f)^2
  std::vector<double> trace(nAlphas, intercept ? 1.0 : 0.0);
  for (std::size_t k = 0; k < r; ++k)
    for (std::size_t a = 0; a < nAlphas; ++a) {
      const double keep = alphas[a] / (d.s[k] * d.s[k] + alphas[a]);
      keep2[k * nAlphas + a] = static_cast<C>(keep * keep);
      trace[a] += 1.0 - keep;
    }
  std::vector<C> b2(c * r);
  for (std::size_t e = 0; e < b2.size(); ++e) b2[e] = bT[e] * bT[e];
  std::vector<C> rss(c * nAlphas);  // c x alphas
  blas::gemm(false, false, c, nAlphas, r, C(1), b2.data(), r, keep2.data(), nAlphas, C(0), rss.data(), nAlphas);
  std::vector<double> out(nAlphas * c);
  for (std::size_t j = 0; j < c; ++j) {
    double outside = 0;
    if (!d.fullRank) {
      double total = 0, inside = 0;
      for (std::size_t i = 0; i < n; ++i) total += double(ycT[j * n + i]) * double(ycT[j * n + i]);
      for (std::size_t k = 0; k < r; ++k) inside += double(b2[j * r + k]);
      outside = std::max(0.0, total - inside);
    }
    for (std::size_t a = 0; a < nAlphas; ++a) {
      const double shrink = 1.0 - trace[a] / static_cast<double>(n);
      out[a * c + j] = (double(rss[j * nAlphas + a]) + outside) / (static_cast<double>(n) * shrink * shrink);
    }
  }
  return out;
}

struct CvChoice {
  std::vector<std::size_t> bestIndex;  // c
  std::vector<double> best;            // c, the CV error there (a value of the compute type)
};

// First index of the smallest value in [lo, hi] (strict <: the earlier alpha wins ties, as sklearn).
std::size_t firstMinimum(const double* values, std::size_t stride, std::size_t lo, std::size_t hi) {
  std::size_t lowest = lo;
  for (std::size_t i = lo + 1; i <= hi; ++i)
    if (values[i * stride] < values[lowest * stride]) lowest = i;
  return lowest;
}

// The CV error at alpha index i for the chunk's voxels `cols` (ascending): |cols| values of the compute type.
using CvEvaluator = std::function<std::vector<double>(std::size_t alphaIndex, const std::vector<std::size_t>& cols)>;

// The bracketed search for one chunk: the CV error at each voxel's guide-best alpha (GCV: alphas x c) and its grid
// neighbours, then, for voxels whose CV minimum lies on the bracket's edge, one more alpha past that edge, until the
// minimum is interior (or the grid ends). Evaluations are grouped by alpha, so each is one GEMM over the voxels that
// need it.
CvChoice bracketedSearch(const std::vector<double>& guide, std::size_t nAlphas, std::size_t c,
                         const CvEvaluator& evaluate, const JobContext& context, RidgeWork& work) {
  std::vector<double> cv(nAlphas * c, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::size_t> lo(c), hi(c);
  std::vector<std::vector<std::size_t>> pending(nAlphas);  // voxels to evaluate, per alpha
  for (std::size_t j = 0; j < c; ++j) {
    const std::size_t centre = firstMinimum(guide.data() + j, c, 0, nAlphas - 1);
    lo[j] = centre > 0 ? centre - 1 : 0;
    hi[j] = std::min(nAlphas - 1, centre + 1);
    for (std::size_t i = lo[j]; i <= hi[j]; ++i) pending[i].push_back(j);
  }
  auto evaluatePending = [&] {
    for (std::size_t i = 0; i < nAlphas; ++i) {
      if (pending[i].empty()) continue;
      context.throwIfStopped();
      const std::vector<double> error = evaluate(i, pending[i]);
      for (std::size_t k = 0; k < pending[i].size(); ++k) cv[i * c + pending[i][k]] = error[k];
      work.cvEvaluations += pending[i].size();
      pending[i].clear();
    }
  };
  evaluatePending();
  for (bool widened = true; widened;) {
    widened = false;
    for (std::size_t j = 0; j < c; ++j) {
      const std::size_t lowest = firstMinimum(cv.data() + j, c, lo[j], hi[j]);
      if (lowest == lo[j] && lo[j] > 0) {
        pending[--lo[j]].push_back(j);
      } else if (lowest == hi[j] && hi[j] < nAlphas - 1) {
        pending[++hi[j]].push_back(j);
      } else {
        continue;
      }
      ++work.bracketExtensions;
      widened = true;
    }
    evaluatePending();
  }
  CvChoice choice{std::vector<std::size_t>(c), std::vector<double>(c)};
  for (std::size_t j = 0; j < c; ++j) {
    choice.bestIndex[j] = firstMinimum(cv.data() + j, c, lo[j], hi[j]);
    choice.best[j] = cv[choice.bestIndex[j] * c + j];
  }
  return choice;
}

// The CV error at every alpha (the reference the bracketed search is measured against).
CvChoice exhaustiveSearch(std::size_t nAlphas, std::size_t c, const CvEvaluator& evaluate, const JobContext& context,
                          RidgeWork& work) {
  CvChoice choice{std::vector<std::size_t>(c, 0), std::vector<double>(c, std::numeric_limits<double>::infinity())};
  std::vector<std::size_t> everyVoxel(c);
  std::iota(everyVoxel.begin(), everyVoxel.end(), std::size_t{0});
  for (std::size_t i = 0; i < nAlphas; ++i) {
    context.throwIfStopped();
    const std::vector<double> error = evaluate(i, everyVoxel);
    for (std::size_t j = 0; j < c; ++j)
      if (error[j] < choice.best[j]) {  // strict: the earlier alpha wins ties, as sklearn
        choice.best[j] = error[j];
        choice.bestIndex[j] = i;
      }
    work.cvEvaluations += c;
  }
  return choice;
}

// Residuals of the voxels `cols` at one alpha, voxel-major (|cols| x m): yT[cols] - (bT[cols] o factor) Z^T, or
// -(bT[cols] o factor) Z^T without yT (the full-rank LOO form, factor = -(1 - f) there). bT: c x r, Z: m x r.
template <typename C>
void residuals(const std::vector<C>* yT, const std::vector<C>& bT, const std::vector<C>& factor, const C* z,
               std::size_t m, std::size_t r, const std::vector<std::size_t>& cols, std::vector<C>& scaled,
               std::vector<C>& out) {
  const std::size_t k = cols.size();
  scaled.resize(k * r);
  out.resize(k * m);
  for (std::size_t t = 0; t < k; ++t) {
    const C* b = bT.data() + cols[t] * r;
    C* sRow = scaled.data() + t * r;
    for (std::size_t q = 0; q < r; ++q) sRow[q] = b[q] * factor[q];
    if (yT) std::copy_n(yT->data() + cols[t] * m, m, out.data() + t * m);
  }
  blas::gemm(false, true, k, m, r, C(-1), scaled.data(), r, z, r, yT ? C(1) : C(0), out.data(), m);
}

struct FoldSamples {
  std::vector<std::size_t> train, test;
};

template <typename C>
struct FoldData {
  Decomposition<C> dec;
  FoldSamples samples;
  std::vector<C> xTestProjected;  // nTest x r: ((Xtest - mean) / scale) V
};

void checkInputs(std::size_t n, std::size_t p, std::size_t yRows, std::size_t v, const RidgeOptions& o) {
  if (n == 0 || p == 0 || v == 0) throw std::invalid_argument("ridge: empty X or Y");
  if (yRows != n)
    throw std::invalid_argument("ridge: X has " + std::to_string(n) + " samples but Y has " + std::to_string(yRows));
  if (o.alphas.empty()) throw std::invalid_argument("ridge: empty alpha grid");
  for (double a : o.alphas)
    if (!(a > 0.0) || !std::isfinite(a)) throw std::invalid_argument("ridge: alphas must be finite and > 0");
  if (o.chunkSize == 0) throw std::invalid_argument("ridge: chunkSize must be > 0");
  if (o.selection == RidgeSelection::LeaveOneOut && n < 3) throw std::invalid_argument("ridge: LOO needs >= 3 samples");
  if (o.selection == RidgeSelection::GroupKFold && o.groups.size() != n)
    throw std::invalid_argument("ridge: " + std::to_string(o.groups.size()) + " group ids for " + std::to_string(n) +
                                " samples");
}

// The chunk's responses, voxel-major (c x n) in the compute type: a blocked transpose of columns c0..c0+c of Y.
template <typename T, typename C>
std::vector<C> voxelMajor(const BasicMatrix<T>& Y, std::size_t c0, std::size_t c) {
  const std::size_t n = Y.rows, v = Y.cols;
  std::vector<C> out(c * n);
  constexpr std::size_t block = 64;
  for (std::size_t i0 = 0; i0 < n; i0 += block)
    for (std::size_t j0 = 0; j0 < c; j0 += block) {
      const std::size_t i1 = std::min(n, i0 + block), j1 = std::min(c, j0 + block);
      for (std::size_t i = i0; i < i1; ++i) {
        const T* row = Y.data.data() + i * v + c0;
        for (std::size_t j = j0; j < j1; ++j) out[j * n + i] = static_cast<C>(row[j]);
      }
    }
  return out;
}

// Mean over the samples `rows` (all when empty) of each voxel of yT (c x n), accumulated in double.
template <typename C>
std::vector<C> voxelMeans(const std::vector<C>& yT, std::size_t c, std::size_t n, const std::vector<std::size_t>* rows) {
  std::vector<C> mean(c);
  for (std::size_t j = 0; j < c; ++j) {
    const C* y = yT.data() + j * n;
    double sum = 0;
    if (rows) {
      for (std::size_t i : *rows) sum += y[i];
      mean[j] = static_cast<C>(sum / static_cast<double>(rows->size()));
    } else {
      for (std::size_t i = 0; i < n; ++i) sum += y[i];
      mean[j] = static_cast<C>(sum / static_cast<double>(n));
    }
  }
  return mean;
}

// yT[:, rows] - mean per voxel: c x |rows|.
template <typename C>
std::vector<C> centredRows(const std::vector<C>& yT, std::size_t c, std::size_t n, const std::vector<std::size_t>& rows,
                           const std::vector<C>& mean) {
  std::vector<C> out(c * rows.size());
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t t = 0; t < rows.size(); ++t) out[j * rows.size() + t] = yT[j * n + rows[t]] - mean[j];
  return out;
}

template <typename T, typename C>
RidgeFit<T> fit(const BasicMatrix<T>& X, const BasicMatrix<T>& Y, const RidgeOptions& options,
                const JobContext& context) {
  const std::size_t n = X.rows, p = X.cols, v = Y.cols;
  const bool intercept = options.fitIntercept;
  const auto& alphas = options.alphas;
  const std::size_t nAlphas = alphas.size();

  context.throwIfStopped();
  context.report(0.0, "ridge: decomposing the design matrix");
  const std::vector<double> xDouble(X.data.begin(), X.data.end());
  const Decomposition<C> full = decompose<C>(xDouble, n, p, intercept, options.standardizeFeatures);
  const std::size_t r = full.r;

  // Cross-validation folds (k-fold modes): one decomposition per training set.
  std::vector<FoldData<C>> folds;
  std::vector<C> looW;
  if (options.selection == RidgeSelection::LeaveOneOut) {
    looW = looWeights(full, alphas, intercept);
  } else {
    const std::vector<int> foldOf = options.selection == RidgeSelection::KFold
                                        ? kFoldAssignment(n, options.folds)
                                        : groupKFoldAssignment(options.groups, options.folds);
    const int k = *std::max_element(foldOf.begin(), foldOf.end()) + 1;
    for (int f = 0; f < k; ++f) {
      context.throwIfStopped();
      FoldData<C> fd;
      for (std::size_t i = 0; i < n; ++i) (foldOf[i] == f ? fd.samples.test : fd.samples.train).push_back(i);
      if (fd.samples.train.size() < 2 || fd.samples.test.empty())
        throw std::invalid_argument("ridge: a fold leaves fewer than 2 training samples");
      std::vector<double> xTrain;
      xTrain.reserve(fd.samples.train.size() * p);
      for (std::size_t i : fd.samples.train)
        xTrain.insert(xTrain.end(), xDouble.begin() + i * p, xDouble.begin() + (i + 1) * p);
      fd.dec = decompose<C>(xTrain, fd.samples.train.size(), p, intercept, options.standardizeFeatures);
      const std::size_t nTest = fd.samples.test.size(), rf = fd.dec.r;
      std::vector<C> xTest(nTest * p);
      for (std::size_t t = 0; t < nTest; ++t)
        for (std::size_t q = 0; q < p; ++q)
          xTest[t * p + q] =
              static_cast<C>((xDouble[fd.samples.test[t] * p + q] - fd.dec.xMean[q]) / fd.dec.xScale[q]);
      fd.xTestProjected.resize(nTest * rf);
      blas::gemm(false, true, nTest, rf, p, C(1), xTest.data(), p, fd.dec.vt.data(), p, C(0),
                 fd.xTestProjected.data(), rf);
      folds.push_back(std::move(fd));
    }
  }

  RidgeFit<T> result;
  result.weights = BasicMatrix<T>(p, v);
  result.intercepts.assign(v, T(0));
  result.alphas.assign(v, 0.0);
  result.cvMse.assign(v, 0.0);
  std::vector<double> xMeanOverScale(p);  // intercept = yMean - this . W_std
  for (std::size_t q = 0; q < p; ++q) xMeanOverScale[q] = full.xMean[q] / full.xScale[q];

  std::vector<C> scaled, resid, factor;  // per-evaluation buffers, reused
  const std::size_t chunkSize = options.chunkSize;
  const std::size_t chunks = (v + chunkSize - 1) / chunkSize;
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const std::size_t c0 = chunk * chunkSize;
    const std::size_t c = std::min(chunkSize, v - c0);
    context.throwIfStopped();
    context.report(static_cast<double>(chunk) / chunks, "ridge: voxels " + std::to_string(c0) + "-" +
                                                            std::to_string(c0 + c) + " of " + std::to_string(v));
    std::vector<C> yT = voxelMajor<T, C>(Y, c0, c);  // c x n; centred in place below
    const std::vector<C> yMean = intercept ? voxelMeans(yT, c, n, nullptr) : std::vector<C>(c, C(0));
    const bool exhaustive = options.exhaustiveSearch;
    std::vector<double> guide;
    if (!exhaustive) guide.assign(nAlphas * c, 0.0);

    // k-fold: per fold, the projection of its centred training responses and its centred held-out responses, from
    // the uncentred chunk; the guide is the GCV of each fold's training part, summed over folds (docs/ridge.md:
    // measured to bracket the k-fold choice).
    std::vector<std::vector<C>> projected, heldOut;
    for (const FoldData<C>& fd : folds) {
      context.throwIfStopped();
      const std::size_t nTrain = fd.samples.train.size(), rf = fd.dec.r;
      const std::vector<C> trainMean =
          intercept ? voxelMeans(yT, c, n, &fd.samples.train) : std::vector<C>(c, C(0));
      const std::vector<C> ycTrain = centredRows(yT, c, n, fd.samples.train, trainMean);
      projected.emplace_back(c * rf);
      blas::gemm(false, false, c, rf, nTrain, C(1), ycTrain.data(), nTrain, fd.dec.u.data(), rf, C(0),
                 projected.back().data(), rf);
      if (!exhaustive) {
        const std::vector<double> g = gcvScores(fd.dec, ycTrain, projected.back(), c, alphas, intercept);
        for (std::size_t e = 0; e < g.size(); ++e) guide[e] += g[e];
      }
      heldOut.push_back(centredRows(yT, c, n, fd.samples.test, trainMean));
    }

    for (std::size_t j = 0; j < c; ++j)
      for (std::size_t i = 0; i < n; ++i) yT[j * n + i] -= yMean[j];
    const std::vector<C>& ycT = yT;
    context.throwIfStopped();
    std::vector<C> bT(c * r);  // Yc^T U: c x r
    blas::gemm(false, false, c, r, n, C(1), ycT.data(), n, full.u.data(), r, C(0), bT.data(), r);
    context.throwIfStopped();

    CvEvaluator evaluate;
    if (options.selection == RidgeSelection::LeaveOneOut) {
      if (!exhaustive) guide = gcvScores(full, ycT, bT, c, alphas, intercept);
      evaluate = [&](std::size_t i, const std::vector<std::size_t>& cols) {
        const double alpha = alphas[i];
        factor.resize(r);
        // Full rank: y - Hy = U ((1 - f) o B), no cancellation when f -> 1; otherwise yc - U (f o B).
        for (std::size_t k = 0; k < r; ++k) {
          const double s2 = full.s[k] * full.s[k];
          factor[k] = static_cast<C>(full.fullRank ? -alpha / (s2 + alpha) : s2 / (s2 + alpha));
        }
        residuals(full.fullRank ? nullptr : &ycT, bT, factor, full.u.data(), n, r, cols, scaled, resid);
        const C* w = looW.data() + i * n;
        std::vector<double> error(cols.size());
        for (std::size_t t = 0; t < cols.size(); ++t) {
          const C* e = resid.data() + t * n;
          double sum = 0;
          for (std::size_t q = 0; q < n; ++q) sum += double(e[q]) * double(e[q]) * double(w[q]);
          error[t] = static_cast<double>(static_cast<C>(sum));  // mean over samples of (r / (1 - h))^2
        }
        return error;
      };
    } else {
      evaluate = [&](std::size_t i, const std::vector<std::size_t>& cols) {
        std::vector<double> total(cols.size(), 0.0);
        for (std::size_t f = 0; f < folds.size(); ++f) {
          const FoldData<C>& fd = folds[f];
          const std::size_t nTest = fd.samples.test.size(), rf = fd.dec.r;
          factor.resize(rf);
          for (std::size_t k = 0; k < rf; ++k)
            factor[k] = static_cast<C>(fd.dec.s[k] / (fd.dec.s[k] * fd.dec.s[k] + alphas[i]));
          residuals(&heldOut[f], projected[f], factor, fd.xTestProjected.data(), nTest, rf, cols, scaled, resid);
          for (std::size_t t = 0; t < cols.size(); ++t) {
            const C* e = resid.data() + t * nTest;
            double sum = 0;
            for (std::size_t q = 0; q < nTest; ++q) sum += double(e[q]) * double(e[q]);
            total[t] += sum / static_cast<double>(nTest) / static_cast<double>(folds.size());
          }
        }
        for (double& t : total) t = static_cast<double>(static_cast<C>(t));
        return total;
      };
    }
    const CvChoice choice = exhaustive ? exhaustiveSearch(nAlphas, c, evaluate, context, result.work)
                                       : bracketedSearch(guide, nAlphas, c, evaluate, context, result.work);
    guide = {};
    context.throwIfStopped();

    // Weights at each voxel's alpha: W^T = (s / (s^2 + a_j) o B) V^T (c x p, standardised units).
    scaled.resize(c * r);
    for (std::size_t j = 0; j < c; ++j) {
      const double alpha = alphas[choice.bestIndex[j]];
      for (std::size_t k = 0; k < r; ++k)
        scaled[j * r + k] = bT[j * r + k] * static_cast<C>(full.s[k] / (full.s[k] * full.s[k] + alpha));
    }
    std::vector<C> wT(c * p);
    blas::gemm(false, false, c, p, r, C(1), scaled.data(), r, full.vt.data(), p, C(0), wT.data(), p);
    for (std::size_t j = 0; j < c; ++j) {
      const C* w = wT.data() + j * p;
      double dot = 0;
      for (std::size_t q = 0; q < p; ++q) dot += double(w[q]) * xMeanOverScale[q];
      result.intercepts[c0 + j] = static_cast<T>(double(yMean[j]) - dot);
      result.alphas[c0 + j] = alphas[choice.bestIndex[j]];
      result.cvMse[c0 + j] = choice.best[j];
    }
    for (std::size_t q = 0; q < p; ++q) {
      T* out = result.weights.data.data() + q * v + c0;
      const double scale = full.xScale[q];
      for (std::size_t j = 0; j < c; ++j) out[j] = static_cast<T>(double(wT[j * p + q]) / scale);
    }
  }
  // GEMM flops: the projection U^T Yc and the weights (2 n r + 2 p r per voxel), per fold the projection of its
  // training part (2 n_train r_f per voxel), 2 n r per CV evaluation (LOO residuals, or the folds' held-out
  // predictions together), and the GCV products of the bracketed search (2 r alphas per voxel and decomposition).
  const double rd = static_cast<double>(r), vd = static_cast<double>(v), ad = static_cast<double>(nAlphas);
  double common = 2.0 * rd * static_cast<double>(n + p) * vd;
  double gcv = 2.0 * rd * ad * vd;
  double perEvaluation = 2.0 * static_cast<double>(n) * rd;
  if (!folds.empty()) {
    gcv = 0;
    perEvaluation = 0;
    for (const FoldData<C>& fd : folds) {
      const double rf = static_cast<double>(fd.dec.r);
      common += 2.0 * static_cast<double>(fd.samples.train.size()) * rf * vd;
      gcv += 2.0 * rf * ad * vd;
      perEvaluation += 2.0 * static_cast<double>(fd.samples.test.size()) * rf;
    }
  }
  result.work.exhaustiveEvaluations = v * nAlphas;
  result.work.exhaustiveFlops = common + perEvaluation * static_cast<double>(result.work.exhaustiveEvaluations);
  result.work.flops = common + perEvaluation * static_cast<double>(result.work.cvEvaluations) +
                      (options.exhaustiveSearch ? 0.0 : gcv);
  context.report(1.0, "ridge: done");
  return result;
}

}  // namespace

template <typename T>
RidgeFit<T> fitRidgeCv(const BasicMatrix<T>& X, const BasicMatrix<T>& Y, const RidgeOptions& options,
                       const JobContext& context) {
  checkInputs(X.rows, X.cols, Y.rows, Y.cols, options);
  return options.precision == RidgePrecision::Float64 ? fit<T, double>(X, Y, options, context)
                                                      : fit<T, float>(X, Y, options, context);
}

template <typename T>
BasicMatrix<T> predictRidge(const RidgeFit<T>& fit, const BasicMatrix<T>& X) {
  if (X.cols != fit.weights.rows)
    throw std::invalid_argument("ridge predict: X has " + std::to_string(X.cols) + " features, the fit " +
                                std::to_string(fit.weights.rows));
  BasicMatrix<T> out(X.rows, fit.weights.cols);
  if (out.empty()) return out;
  for (std::size_t i = 0; i < out.rows; ++i)
    std::copy(fit.intercepts.begin(), fit.intercepts.end(), out.data.begin() + i * out.cols);
  blas::gemm(false, false, X.rows, out.cols, X.cols, T(1), X.data.data(), X.cols, fit.weights.data.data(), out.cols,
             T(1), out.data.data(), out.cols);
  return out;
}

template RidgeFit<float> fitRidgeCv(const Matrix&, const Matrix&, const RidgeOptions&, const JobContext&);
template RidgeFit<double> fitRidgeCv(const MatrixD&, const MatrixD&, const RidgeOptions&, const JobContext&);
template Matrix predictRidge(const RidgeFit<float>&, const Matrix&);
template MatrixD predictRidge(const RidgeFit<double>&, const MatrixD&);

}  // namespace vl::core
