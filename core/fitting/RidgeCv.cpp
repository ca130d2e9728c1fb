#include "core/fitting/RidgeCv.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>

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

template <typename T>
constexpr at::ScalarType scalarTypeOf() {
  return std::is_same_v<T, float> ? at::kFloat : at::kDouble;
}

// A non-owning view of a BasicMatrix as a tensor (the caller keeps the matrix alive and unchanged).
template <typename T>
at::Tensor view(const BasicMatrix<T>& m) {
  return at::from_blob(const_cast<T*>(m.data.data()), {static_cast<int64_t>(m.rows), static_cast<int64_t>(m.cols)},
                       at::TensorOptions().dtype(scalarTypeOf<T>()));
}

// Thin decomposition of the preprocessed training design, shared by all alphas and voxels.
struct Decomposition {
  at::Tensor xMean;   // p, double (zeros without intercept)
  at::Tensor xScale;  // p, double (ones without standardisation)
  at::Tensor s;       // r singular values > numerical rank tolerance, double
  at::Tensor uD;      // n x r, double (for the leverages)
  at::Tensor u;       // n x r, compute dtype
  at::Tensor v;       // p x r, compute dtype
  bool fullRank = false;  // r == n - intercept: U spans all of the centred sample space, so I - U U^T = 0 there
};

Decomposition decompose(const at::Tensor& xDouble, bool intercept, bool standardize, at::ScalarType dtype) {
  Decomposition d;
  const int64_t n = xDouble.size(0), p = xDouble.size(1);
  d.xMean = intercept ? xDouble.mean(0) : at::zeros({p}, xDouble.options());
  at::Tensor xc = xDouble - d.xMean;
  if (standardize) {
    at::Tensor sd = (xDouble - xDouble.mean(0)).square().mean(0).sqrt();
    d.xScale = at::where(sd > 0, sd, at::ones_like(sd));  // constant columns stay as they are
    xc = xc / d.xScale;
  } else {
    d.xScale = at::ones({p}, xDouble.options());
  }
  auto [u, s, vh] = at::linalg_svd(xc, /*full_matrices=*/false);
  // Numerical rank as numpy.linalg.matrix_rank: drop s <= s_max * max(n, p) * eps. Dropped directions are
  // (numerically) outside the column space: they have f = 0 for every alpha > 0.
  const double sMax = s.numel() ? s.max().item<double>() : 0.0;
  const double tol = sMax * static_cast<double>(std::max(n, p)) * std::numeric_limits<double>::epsilon();
  const int64_t rank = (s > tol).sum().item<int64_t>();  // LAPACK returns s in descending order
  d.s = s.narrow(0, 0, rank).contiguous();
  d.uD = u.narrow(1, 0, rank).contiguous();
  d.u = d.uD.to(dtype).contiguous();
  d.v = vh.narrow(0, 0, rank).t().to(dtype).contiguous();
  d.fullRank = rank == n - (intercept ? 1 : 0);
  return d;
}

// Per alpha (columns), the LOO scaling of squared residuals: 1 / (n (1 - diag H)^2), computed in double.
// 1 - diag H = sum_k (1 - f_k) U_ik^2 + (1 - sum_k U_ik^2 - 1/n); the bracket is the leverage outside U's span
// (zero when U spans the centred space), written this way to avoid 1 - (almost 1) when f -> 1.
at::Tensor looWeights(const Decomposition& d, const std::vector<double>& alphas, bool intercept) {
  const int64_t n = d.uD.size(0);
  at::Tensor u2 = d.uD.square();
  at::Tensor outside = at::zeros({n}, u2.options());
  if (!d.fullRank) outside = (1.0 - u2.sum(1) - (intercept ? 1.0 / n : 0.0)).clamp_min(0.0);
  at::Tensor a = at::tensor(alphas, u2.options());
  at::Tensor s2 = d.s.square().unsqueeze(1);
  at::Tensor oneMinusF = a.unsqueeze(0) / (s2 + a.unsqueeze(0));  // r x alphas
  at::Tensor denom = at::mm(u2, oneMinusF) + outside.unsqueeze(1);  // n x alphas
  return (1.0 / (denom.square() * static_cast<double>(n)));
}

// W (p x c, standardised units) for one alpha per voxel from B = U^T Yc.
at::Tensor weightsFor(const Decomposition& d, const at::Tensor& b, const at::Tensor& chosenAlpha) {
  at::Tensor s = d.s.unsqueeze(1);
  at::Tensor g = (s / (s.square() + chosenAlpha.unsqueeze(0))).to(b.scalar_type());  // r x c
  return at::mm(d.v, g * b);
}

// Exact LOO mean squared error at one alpha for all of the chunk's voxels: one n x r x c GEMM for the residuals,
// then their weighted column sums.
at::Tensor looMse(const Decomposition& d, const at::Tensor& s2, const at::Tensor& yc, const at::Tensor& b,
                  double alpha, const at::Tensor& weights, at::ScalarType dtype) {
  at::Tensor r;
  if (d.fullRank) {  // y - Hy = U ((1 - f) o B): no cancellation when f -> 1
    r = at::mm(d.u, (alpha / (s2 + alpha)).to(dtype) * b);
  } else {
    r = at::addmm(yc, d.u, (s2 / (s2 + alpha)).to(dtype) * b, /*beta=*/1, /*alpha=*/-1);
  }
  r.square_();
  return at::mv(r.t(), weights);  // mean over samples of (r / (1 - h))^2
}

// The same for the voxels `cols` only, from voxel-major copies ycT (c x n, undefined when U spans the centred
// space) and bT (c x r): gathering rows is a contiguous copy per voxel, where gathering columns of n x c is a
// strided one. Residuals are computed transposed (|cols| x n) in the gathered buffer.
at::Tensor looMseOf(const Decomposition& d, const at::Tensor& s2, const at::Tensor& ycT, const at::Tensor& bT,
                    double alpha, const at::Tensor& weights, const at::Tensor& cols, at::ScalarType dtype) {
  const auto factorRow = [&](const at::Tensor& factor) { return factor.reshape({1, -1}).to(dtype); };
  at::Tensor r;
  if (d.fullRank) {
    r = at::mm(bT.index_select(0, cols).mul_(factorRow(alpha / (s2 + alpha))), d.u.t());
  } else {
    r = ycT.index_select(0, cols);
    r.addmm_(bT.index_select(0, cols).mul_(factorRow(s2 / (s2 + alpha))), d.u.t(), /*beta=*/1, /*alpha=*/-1);
  }
  r.square_();
  return at::mv(r, weights);
}

// GCV score per alpha and voxel (alphas x c, double): the mean squared training residual over (1 - tr(H)/n)^2.
// It needs only B = U^T Yc: |(1 - f) o b|^2 plus the energy of yc outside U's span, so it costs 2 r alphas c
// flops where one exact LOO evaluation costs 2 n r c. It only guides where exact LOO is evaluated, so it runs in
// the compute dtype (one r x c buffer, freed before the LOO residuals exist).
at::Tensor gcvScores(const Decomposition& d, const at::Tensor& yc, const at::Tensor& b,
                     const std::vector<double>& alphas, bool intercept) {
  const int64_t n = d.uD.size(0);
  const at::Tensor b2 = b.square();  // r x c
  at::Tensor outside = at::zeros({b.size(1)}, at::kDouble);
  if (!d.fullRank)
    outside = (at::linalg_vector_norm(yc, 2, {0}).to(at::kDouble).square() - b2.sum(0).to(at::kDouble))
                  .clamp_min(0.0);
  const at::Tensor a = at::tensor(alphas, at::kDouble).unsqueeze(0);  // 1 x alphas
  const at::Tensor s2 = d.s.square().unsqueeze(1);                    // r x 1
  const at::Tensor keep = a / (s2 + a);                               // r x alphas: 1 - f
  const at::Tensor rss = at::mm(keep.square().t().to(b.scalar_type()), b2).to(at::kDouble) + outside.unsqueeze(0);
  const at::Tensor trace = (1.0 - keep).sum(0) + (intercept ? 1.0 : 0.0);  // alphas
  const at::Tensor denom = (1.0 - trace / static_cast<double>(n)).square().unsqueeze(1);
  return rss / (static_cast<double>(n) * denom);  // alphas x c, double
}

struct CvChoice {
  at::Tensor bestIndex;  // c, int64
  at::Tensor best;       // c, the CV error there
};

// First index of the smallest value in [lo, hi] (strict <: the earlier alpha wins ties, as sklearn).
int64_t firstMinimum(const double* values, int64_t stride, int64_t lo, int64_t hi) {
  int64_t lowest = lo;
  for (int64_t i = lo + 1; i <= hi; ++i)
    if (values[i * stride] < values[lowest * stride]) lowest = i;
  return lowest;
}

// The CV error at alpha index i for the chunk's voxels `cols` (ascending; `all` when that is every voxel): |cols|
// values in the compute dtype.
using CvEvaluator = std::function<at::Tensor(int64_t alphaIndex, const std::vector<int64_t>& cols, bool all)>;

// The bracketed search for one chunk: the CV error at each voxel's guide-best alpha (GCV: alphas x c, double,
// contiguous) and its grid neighbours, then, for voxels whose CV minimum lies on the bracket's edge, one more alpha
// past that edge, until the minimum is interior (or the grid ends). Evaluations are grouped by alpha, so each is one
// GEMM over the voxels that need it.
CvChoice bracketedSearch(const at::Tensor& guide, const CvEvaluator& evaluate, at::ScalarType resultType,
                         const JobContext& context, RidgeWork& work) {
  const int64_t nAlphas = guide.size(0), c = guide.size(1);
  const double* g = guide.data_ptr<double>();
  std::vector<double> cv(static_cast<std::size_t>(nAlphas * c), std::numeric_limits<double>::quiet_NaN());
  std::vector<int64_t> lo(c), hi(c);
  std::vector<std::vector<int64_t>> pending(nAlphas);  // voxels to evaluate, per alpha
  for (int64_t j = 0; j < c; ++j) {
    const int64_t centre = firstMinimum(g + j, c, 0, nAlphas - 1);
    lo[j] = std::max<int64_t>(0, centre - 1);
    hi[j] = std::min<int64_t>(nAlphas - 1, centre + 1);
    for (int64_t i = lo[j]; i <= hi[j]; ++i) pending[i].push_back(j);
  }
  auto evaluatePending = [&] {
    for (int64_t i = 0; i < nAlphas; ++i) {
      if (pending[i].empty()) continue;
      context.throwIfStopped();
      const bool all = static_cast<int64_t>(pending[i].size()) == c;  // pending is in voxel order
      const at::Tensor error = evaluate(i, pending[i], all).to(at::kDouble).contiguous();
      const double* m = error.data_ptr<double>();
      for (std::size_t k = 0; k < pending[i].size(); ++k) cv[i * c + pending[i][k]] = m[k];
      work.cvEvaluations += pending[i].size();
      pending[i].clear();
    }
  };
  evaluatePending();
  for (bool widened = true; widened;) {
    widened = false;
    for (int64_t j = 0; j < c; ++j) {
      const int64_t lowest = firstMinimum(cv.data() + j, c, lo[j], hi[j]);
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
  std::vector<int64_t> bestIndex(c);
  std::vector<double> best(c);
  for (int64_t j = 0; j < c; ++j) {
    bestIndex[j] = firstMinimum(cv.data() + j, c, lo[j], hi[j]);
    best[j] = cv[bestIndex[j] * c + j];
  }
  return {at::tensor(bestIndex, at::kLong), at::tensor(best, at::kDouble).to(resultType)};
}

// The CV error at every alpha (the reference the bracketed search is measured against).
CvChoice exhaustiveSearch(int64_t nAlphas, int64_t c, const CvEvaluator& evaluate, at::ScalarType resultType,
                          const JobContext& context, RidgeWork& work) {
  CvChoice choice{at::zeros({c}, at::kLong),
                  at::full({c}, std::numeric_limits<double>::infinity(), at::TensorOptions().dtype(resultType))};
  std::vector<int64_t> everyVoxel(static_cast<std::size_t>(c));
  std::iota(everyVoxel.begin(), everyVoxel.end(), int64_t{0});
  for (int64_t i = 0; i < nAlphas; ++i) {
    context.throwIfStopped();
    const at::Tensor error = evaluate(i, everyVoxel, true).to(resultType);
    const at::Tensor better = error < choice.best;  // strict: the earlier alpha wins ties, as sklearn
    choice.best = at::where(better, error, choice.best);
    choice.bestIndex = at::where(better, at::full({c}, i, at::kLong), choice.bestIndex);
    work.cvEvaluations += static_cast<std::size_t>(c);
  }
  return choice;
}

struct FoldData {
  Decomposition dec;
  at::Tensor train, test;  // sample indices (int64)
  at::Tensor xTestProjected;  // nTest x r: ((Xtest - mean) / scale) V, compute dtype
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

}  // namespace

template <typename T>
RidgeFit<T> fitRidgeCv(const BasicMatrix<T>& X, const BasicMatrix<T>& Y, const RidgeOptions& options,
                       const JobContext& context) {
  const std::size_t n = X.rows, p = X.cols, v = Y.cols;
  checkInputs(n, p, Y.rows, v, options);
  const at::ScalarType dtype = options.precision == RidgePrecision::Float64 ? at::kDouble : at::kFloat;
  const bool intercept = options.fitIntercept;
  const auto& alphas = options.alphas;
  const int64_t nAlphas = static_cast<int64_t>(alphas.size());

  context.throwIfStopped();
  context.report(0.0, "ridge: decomposing the design matrix");
  const at::Tensor xDouble = view(X).to(at::kDouble);
  const at::Tensor yAll = view(Y);
  const Decomposition full = decompose(xDouble, intercept, options.standardizeFeatures, dtype);

  // Cross-validation folds (k-fold modes): one decomposition per training set.
  std::vector<FoldData> folds;
  at::Tensor looW;
  if (options.selection == RidgeSelection::LeaveOneOut) {
    looW = looWeights(full, alphas, intercept).to(dtype);
  } else {
    const std::vector<int> foldOf = options.selection == RidgeSelection::KFold
                                        ? kFoldAssignment(n, options.folds)
                                        : groupKFoldAssignment(options.groups, options.folds);
    const int k = *std::max_element(foldOf.begin(), foldOf.end()) + 1;
    for (int f = 0; f < k; ++f) {
      context.throwIfStopped();
      std::vector<int64_t> train, test;
      for (std::size_t i = 0; i < n; ++i) (foldOf[i] == f ? test : train).push_back(static_cast<int64_t>(i));
      if (train.size() < 2 || test.empty()) throw std::invalid_argument("ridge: a fold leaves fewer than 2 training samples");
      FoldData fd;
      fd.train = at::tensor(train, at::kLong);
      fd.test = at::tensor(test, at::kLong);
      fd.dec = decompose(xDouble.index_select(0, fd.train), intercept, options.standardizeFeatures, dtype);
      at::Tensor xTest = (xDouble.index_select(0, fd.test) - fd.dec.xMean) / fd.dec.xScale;
      fd.xTestProjected = at::mm(xTest.to(dtype), fd.dec.v);
      folds.push_back(std::move(fd));
    }
  }

  RidgeFit<T> fit;
  fit.weights = BasicMatrix<T>(p, v);
  fit.intercepts.assign(v, T(0));
  fit.alphas.assign(v, 0.0);
  fit.cvMse.assign(v, 0.0);
  at::Tensor weightsOut = view(fit.weights);
  const at::Tensor alphaTensor = at::tensor(alphas, at::kDouble);
  const at::Tensor xMeanOverScale = (full.xMean / full.xScale).to(dtype);  // intercept = yMean - this . W_std
  const at::Tensor fullS2 = full.s.square().unsqueeze(1);

  const std::size_t chunkSize = options.chunkSize;
  const std::size_t chunks = (v + chunkSize - 1) / chunkSize;
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const int64_t c0 = static_cast<int64_t>(chunk * chunkSize);
    const int64_t c = static_cast<int64_t>(std::min(chunkSize, v - chunk * chunkSize));
    context.throwIfStopped();
    context.report(static_cast<double>(chunk) / chunks, "ridge: voxels " + std::to_string(c0) + "-" +
                                                            std::to_string(c0 + c) + " of " + std::to_string(v));
    at::Tensor y = yAll.narrow(1, c0, c).to(dtype).contiguous();  // n x c
    const at::Tensor yMean = intercept ? y.mean(0) : at::zeros({c}, y.options());
    const at::Tensor yc = y - yMean;
    const at::Tensor b = at::mm(full.u.t(), yc);  // r x c

    const bool exhaustive = options.exhaustiveSearch;
    CvChoice choice;
    if (options.selection == RidgeSelection::LeaveOneOut) {
      y = at::Tensor();  // only yc is needed from here: its n x c makes room for the bracketed search's ycT
      // GCV first: its r x c buffer is freed before the voxel-major copies exist.
      const at::Tensor guide = exhaustive ? at::Tensor() : gcvScores(full, yc, b, alphas, intercept).contiguous();
      const at::Tensor ycT = exhaustive || full.fullRank ? at::Tensor() : yc.t().contiguous();  // for row gathers
      const at::Tensor bT = exhaustive ? at::Tensor() : b.t().contiguous();
      const CvEvaluator loo = [&](int64_t i, const std::vector<int64_t>& cols, bool all) {
        return all ? looMse(full, fullS2, yc, b, alphas[i], looW.select(1, i), dtype)
                   : looMseOf(full, fullS2, ycT, bT, alphas[i], looW.select(1, i), at::tensor(cols, at::kLong), dtype);
      };
      choice = exhaustive ? exhaustiveSearch(nAlphas, c, loo, yc.scalar_type(), context, fit.work)
                          : bracketedSearch(guide, loo, yc.scalar_type(), context, fit.work);
    } else {
      // Per fold: the projection of its centred training responses and its centred held-out responses; the guide
      // is the GCV of each fold's training part, summed over folds (docs/ridge.md: measured to bracket the k-fold
      // choice).
      std::vector<at::Tensor> projected, heldOut;
      at::Tensor guide = exhaustive ? at::Tensor() : at::zeros({nAlphas, c}, at::kDouble);
      for (const FoldData& fd : folds) {
        context.throwIfStopped();
        const at::Tensor yTrain = y.index_select(0, fd.train);
        const at::Tensor trainMean = intercept ? yTrain.mean(0) : at::zeros({c}, y.options());
        const at::Tensor ycTrain = yTrain - trainMean;
        projected.push_back(at::mm(fd.dec.u.t(), ycTrain));
        if (!exhaustive) guide += gcvScores(fd.dec, ycTrain, projected.back(), alphas, intercept);
        heldOut.push_back(y.index_select(0, fd.test) - trainMean);
      }
      guide = exhaustive ? guide : guide.contiguous();
      const CvEvaluator kFold = [&](int64_t i, const std::vector<int64_t>& cols, bool all) {
        const at::Tensor index = all ? at::Tensor() : at::tensor(cols, at::kLong);
        at::Tensor total;
        for (std::size_t f = 0; f < folds.size(); ++f) {
          const at::Tensor s = folds[f].dec.s.unsqueeze(1);
          const at::Tensor g = (s / (s.square() + alphas[i])).to(dtype);
          const at::Tensor bf = all ? projected[f] : projected[f].index_select(1, index);
          const at::Tensor yTest = all ? heldOut[f] : heldOut[f].index_select(1, index);
          const at::Tensor e = at::addmm(yTest, folds[f].xTestProjected, g * bf, 1, -1);
          const at::Tensor term = e.square().mean(0) / static_cast<double>(folds.size());
          total = total.defined() ? total + term : term;
        }
        return total;
      };
      choice = exhaustive ? exhaustiveSearch(nAlphas, c, kFold, y.scalar_type(), context, fit.work)
                          : bracketedSearch(guide, kFold, y.scalar_type(), context, fit.work);
    }
    const at::Tensor best = choice.best;
    const at::Tensor bestIndex = choice.bestIndex;

    const at::Tensor chosen = alphaTensor.index_select(0, bestIndex);  // c, double
    at::Tensor w = weightsFor(full, b, chosen);                      // p x c, standardised units
    at::Tensor icpt = yMean - at::mv(w.t(), xMeanOverScale);
    w = w / full.xScale.to(dtype).unsqueeze(1);
    weightsOut.narrow(1, c0, c).copy_(w);
    at::Tensor icptOut = at::from_blob(fit.intercepts.data() + c0, {c}, at::TensorOptions().dtype(scalarTypeOf<T>()));
    icptOut.copy_(icpt);
    at::Tensor alphaOut = at::from_blob(fit.alphas.data() + c0, {c}, at::kDouble);
    alphaOut.copy_(chosen);
    at::Tensor mseOut = at::from_blob(fit.cvMse.data() + c0, {c}, at::kDouble);
    mseOut.copy_(best);
  }
  // GEMM flops: the projection U^T Yc and the weights (2 n r + 2 p r per voxel), per fold the projection of its
  // training part (2 n_train r_f per voxel), 2 n r per CV evaluation (LOO residuals, or the folds' held-out
  // predictions together), and the GCV products of the bracketed search (2 r alphas per voxel and decomposition).
  const double r = static_cast<double>(full.s.size(0));
  double common = 2.0 * r * static_cast<double>(n + p) * static_cast<double>(v);
  double gcv = 2.0 * r * static_cast<double>(nAlphas * v);
  double perEvaluation = 2.0 * static_cast<double>(n) * r;
  if (!folds.empty()) {
    gcv = 0;
    perEvaluation = 0;
    for (const FoldData& fd : folds) {
      const double rf = static_cast<double>(fd.dec.s.size(0));
      common += 2.0 * static_cast<double>(fd.train.size(0)) * rf * static_cast<double>(v);
      gcv += 2.0 * rf * static_cast<double>(nAlphas * v);
      perEvaluation += 2.0 * static_cast<double>(fd.test.size(0)) * rf;
    }
  }
  fit.work.exhaustiveEvaluations = v * alphas.size();
  fit.work.exhaustiveFlops = common + perEvaluation * static_cast<double>(fit.work.exhaustiveEvaluations);
  fit.work.flops = common + perEvaluation * static_cast<double>(fit.work.cvEvaluations) +
                   (options.exhaustiveSearch ? 0.0 : gcv);
  context.report(1.0, "ridge: done");
  return fit;
}

template <typename T>
BasicMatrix<T> predictRidge(const RidgeFit<T>& fit, const BasicMatrix<T>& X) {
  if (X.cols != fit.weights.rows)
    throw std::invalid_argument("ridge predict: X has " + std::to_string(X.cols) + " features, the fit " +
                                std::to_string(fit.weights.rows));
  BasicMatrix<T> out(X.rows, fit.weights.cols);
  if (out.empty()) return out;
  at::Tensor icpt = at::from_blob(const_cast<T*>(fit.intercepts.data()), {static_cast<int64_t>(fit.intercepts.size())},
                                  at::TensorOptions().dtype(scalarTypeOf<T>()));
  view(out).copy_(at::addmm(icpt.unsqueeze(0), view(X), view(fit.weights)));
  return out;
}

template RidgeFit<float> fitRidgeCv(const Matrix&, const Matrix&, const RidgeOptions&, const JobContext&);
template RidgeFit<double> fitRidgeCv(const MatrixD&, const MatrixD&, const RidgeOptions&, const JobContext&);
template Matrix predictRidge(const RidgeFit<float>&, const Matrix&);
template MatrixD predictRidge(const RidgeFit<double>&, const MatrixD&);

}  // namespace vl::core
