#pragma once
// Category selectivity maps: for each category of the stimulus bank, per response column, how much more the column
// responds to that category's images than to the rest, in units of the column's response SD (a d'-like index):
//   predicted: (mean over the category's images - mean over the rest) of the encoder's prediction F w + b, over
//              every bank image, divided by the SD of the prediction over the bank (sqrt(w' Cov(F) w));
//   measured:  the same on the training responses, each shown image's mean over its training trials (single trials
//              on the demo and in NSD), divided by the SD of those means; with a one-sided permutation p-value per
//              column (P(permuted d' >= observed d'), image labels shuffled, (1 + count) / (1 + permutations); where
//              no permutation reaches the observed d', the tail of a normal with the permutation null's mean and SD,
//              so that an FDR over thousands of columns is not capped by 1 / (1 + permutations)) and a
//              Benjamini-Hochberg FDR threshold over the columns (Fdr.h).
// The categories are the bank's tags (the first tag of each image, as tags.tsv names it) or, for a bank without
// tags, word lists matched against the captions.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/model/StimulusSource.h"
#include "core/study/Experiment.h"
#include "core/study/FitFolder.h"

namespace vl::core {

struct BankCategory {
  std::string name;
  std::vector<bool> member;  // per bank image
  std::size_t images = 0;
  std::string source;        // "tags" or "caption words: a, b, c"
};

// The bank's categories from its tags, sorted by name; none when no image has a tag.
std::vector<BankCategory> categoriesFromTags(const StimulusSource& stimuli);
// One category per word list: an image belongs when its caption contains one of the words (whole words, any case).
std::vector<BankCategory> categoriesFromWords(const StimulusSource& stimuli,
                                                  const std::map<std::string, std::vector<std::string>>& wordLists);

struct CategoryMapOptions {
  bool measured = true;            // also from measured training responses, with p-values
  std::size_t permutations = 1000;
  std::uint64_t seed = 7;
  double fdrLevel = 0.05;
};

struct CategoryMap {
  std::string category;
  std::size_t images = 0;          // bank images of the category
  std::vector<float> predicted;    // d' per column
  // Empty without measured responses (or options.measured off):
  std::vector<float> measured;     // d' per column
  std::vector<float> pValue;       // one-sided permutation p per column
  std::vector<float> qValue;       // BH-adjusted
  std::vector<float> thresholded;  // measured d' where q <= fdrLevel, NaN elsewhere
  std::size_t shownImages = 0, shownInCategory = 0;  // training images behind the measured values
};

struct CategoryMaps {
  std::vector<CategoryMap> maps;
  std::string measuredData;  // e.g. "training responses: mean of each image's single trials (9000 images)"
  std::size_t permutations = 0;
  double fdrLevel = 0.05;
};

// Throws std::invalid_argument for no categories, a category with no image or with every image, or an embedding
// that does not match the encoder.
CategoryMaps categoryMaps(const Experiment& experiment, const FitFolder& encoder, const Matrix& stimulusEmbedding,
                          const std::vector<BankCategory>& categories, const CategoryMapOptions& options = {},
                          const JobContext& context = {});

// The permutation test alone: `responses` images x columns (row-major), `labels[i]` a bit per category of image i.
// Returns per category per column d', p. Exposed for tests and the benchmark.
struct PermutationResult {
  std::vector<std::vector<float>> dPrime, pValue;  // [category][column]
};
PermutationResult permutationSelectivity(const Matrix& responses, const std::vector<std::uint64_t>& labels,
                                         std::size_t categories, std::size_t permutations, std::uint64_t seed,
                                         const JobContext& context = {});

}  // namespace vl::core
