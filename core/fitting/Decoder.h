#pragma once
// Fitting and scoring a decoder (response columns -> stimulus embedding): the one function behind
// `voxellens decode` and the study's decoder (StudyModelFits.h), so that the command line and the window give the
// same numbers for the same data.
//
// What it does, in order: reads the chosen response columns; scales each to unit variance (the columns differ in
// scale, and one ridge penalty should treat them alike; weights are reported in the original units); fits ridge
// from those columns to every embedding dimension with the alpha chosen per dimension by cross-validation
// (RidgeCv.h); decodes the test rows and scores them against their true embeddings by cosine similarity with the
// retrieval metrics of Retrieval.h.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/RidgeTypes.h"
#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

// A read-only row-major view of responses (rows x columns floats) that the caller keeps alive: response sets are
// large, and the decoder reads only some of their columns.
struct ResponseRows {
  const float* values = nullptr;
  std::size_t rows = 0, columns = 0;

  static ResponseRows of(const Matrix& m) { return {m.data.data(), m.rows, m.cols}; }
  static ResponseRows of(Matrix&&) = delete;  // a view of a temporary would dangle at the end of the statement
};

struct DecoderInput {
  ResponseRows trainResponses, testResponses;  // items x columns, the same columns in both
  Matrix trainTargets, testTargets;            // items x D: the embedding of the item of each response row
  std::vector<std::int32_t> columns;           // the response columns the decoder reads (empty: all of them)
  RidgeOptions ridge;                          // alphas and cross-validation; features are always standardised
  std::size_t ways = 300;                      // top-1 identification among min(ways, test items)
  int draws = 30;                              // random subsets of `ways` items, drawn with `seed`
  std::uint32_t seed = 0;
};

struct DecoderFit {
  RidgeFit<float> fit;                // columns used -> embedding dimensions
  std::vector<std::int32_t> columns;  // the response columns the decoder reads, ascending
  double topOne = 0, topOneChance = 0, twoWay = 0, meanRank = 0;  // on the test items, brain -> image
  // The same N-way top-1 the other way (MindEye's image -> brain: each image picks among the decoded embeddings);
  // NaN in folders written before it was kept.
  double topOneImageToBrain = 0;
  std::size_t testImages = 0;
  std::size_t ways = 0;               // min(input ways, test items): the N of the top-1 N-way score
  std::string selection;              // how the alphas were chosen (toString(RidgeSelection)); empty in old folders
  double seconds = 0;
};

// Throws std::invalid_argument on inconsistent shapes (naming them), a column out of range or repeated, or fewer
// than two test items. Progress: 5% column gathering, ridge to 90%, scoring to 100%.
DecoderFit fitDecoder(const DecoderInput& input, const JobContext& context = {});

// The `count` columns of `candidates` (all columns when empty) with the highest scores, ascending. NaN scores rank
// last; equal scores go to the lower column. The study picks its decoder's columns this way from the encoder's
// cross-validated R^2, and `voxellens decode --column-scores` does the same with a file of scores.
std::vector<std::int32_t> bestColumns(const std::vector<double>& scores, std::size_t count,
                                      const std::vector<std::int32_t>& candidates = {});

// The columns whose mask value is finite and not zero (an ROI mask over columns), ascending.
std::vector<std::int32_t> maskedColumns(const std::vector<double>& mask);

// Throws std::invalid_argument, the message starting with `who` ("decoder"), unless every column lies in
// [0, available) and they ascend without repeats: what every decoder asks of the columns it reads.
void requireAscendingColumns(const std::vector<std::int32_t>& columns, std::size_t available, const std::string& who);

}  // namespace vl::core
