#include "core/selectivity/CategoryMaps.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include "core/analysis/Fdr.h"
#include "core/base/ParallelFor.h"

namespace vl::core {
namespace {

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr std::size_t kLanes = 16;  // columns per block of the permutation test: one block stays in cache

std::set<std::string> captionWords(const std::string& caption) {
  std::set<std::string> out;
  std::string word;
  for (char ch : caption + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!word.empty()) {
      out.insert(word);
      word.clear();
    }
  }
  return out;
}

// Fisher-Yates with indices drawn from 53-bit uniforms, so the same seed shuffles the same way everywhere.
void shuffle(std::vector<std::uint32_t>& order, std::mt19937_64& random) {
  for (std::size_t i = order.size(); i > 1; --i) {
    const double u = double(random() >> 11) * 0x1.0p-53;
    const std::size_t j = std::min(i - 1, std::size_t(u * double(i)));
    std::swap(order[i - 1], order[j]);
  }
}

struct ColumnMoments {
  std::vector<double> total, sd;
};

ColumnMoments moments(const Matrix& responses) {
  const std::size_t m = responses.rows, c = responses.cols;
  ColumnMoments out{std::vector<double>(c, 0.0), std::vector<double>(c, 0.0)};
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < c; ++j) out.total[j] += responses.data[i * c + j];
  std::vector<double> sq(c, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      const double d = responses.data[i * c + j] - out.total[j] / double(m);
      sq[j] += d * d;
    }
  for (std::size_t j = 0; j < c; ++j) out.sd[j] = m > 1 ? std::sqrt(sq[j] / double(m - 1)) : 0.0;
  return out;
}

}  // namespace

std::vector<BankCategory> categoriesFromTags(const StimulusSource& stimuli) {
  std::map<std::string, BankCategory> byName;
  for (std::size_t i = 0; i < stimuli.count(); ++i) {
    const auto tags = stimuli.tags(i);
    if (tags.empty() || tags.front().empty()) continue;
    auto& category = byName[tags.front()];
    if (category.member.empty()) {
      category.name = tags.front();
      category.member.assign(stimuli.count(), false);
      category.source = "tags";
    }
    category.member[i] = true;
    ++category.images;
  }
  std::vector<BankCategory> out;
  for (auto& [name, category] : byName) out.push_back(std::move(category));
  return out;
}

std::vector<BankCategory> categoriesFromWords(const StimulusSource& stimuli,
                                                  const std::map<std::string, std::vector<std::string>>& wordLists) {
  std::vector<BankCategory> out;
  for (const auto& [name, words] : wordLists) {
    BankCategory category;
    category.name = name;
    category.member.assign(stimuli.count(), false);
    category.source = "caption words:";
    std::set<std::string> wanted;
    for (const auto& word : words) {
      for (const auto& w : captionWords(word)) wanted.insert(w);
      category.source += " " + word;
    }
    for (std::size_t i = 0; i < stimuli.count(); ++i) {
      const auto present = captionWords(stimuli.caption(i));
      if (std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return present.count(w) > 0; })) {
        category.member[i] = true;
        ++category.images;
      }
    }
    out.push_back(std::move(category));
  }
  return out;
}

PermutationResult permutationSelectivity(const Matrix& responses, const std::vector<std::uint64_t>& labels,
                                         std::size_t categories, std::size_t permutations, std::uint64_t seed,
                                         const JobContext& context) {
  const std::size_t m = responses.rows, columns = responses.cols;
  if (labels.size() != m)
    throw std::invalid_argument(std::to_string(labels.size()) + " labels for " + std::to_string(m) + " images");
  if (categories == 0 || categories > 64) throw std::invalid_argument("1 to 64 categories expected");
  // Each category's images, one list after another.
  std::vector<std::uint32_t> members;
  std::vector<std::size_t> offset(categories + 1, 0);
  for (std::size_t k = 0; k < categories; ++k) {
    for (std::size_t i = 0; i < m; ++i)
      if (labels[i] >> k & 1u) members.push_back(std::uint32_t(i));
    offset[k + 1] = members.size();
  }
  const auto stats = moments(responses);

  // Every permutation once, shared by the column blocks. Under permutation p the category's j-th image takes the
  // response of image sigma_p(j), so its sum is that of the rows sigma_p(members): the same as shuffling the image
  // labels. Permutation 0 is the identity: the observed statistic comes out of the same sums as the permuted ones.
  // Each category's rows are kept in ascending order, so that the blocks below read their rows front to back
  // (random reads into a block larger than the core's cache cost several times more).
  const std::size_t listed = members.size();
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<std::uint32_t> rowsOf((permutations + 1) * listed);
  std::mt19937_64 random(seed);
  for (std::size_t p = 0; p <= permutations; ++p) {
    if (p > 0) shuffle(order, random);
    std::uint32_t* rows = &rowsOf[p * listed];
    for (std::size_t j = 0; j < listed; ++j) rows[j] = order[members[j]];
    for (std::size_t k = 0; k < categories; ++k)
      std::sort(rows + offset[k], rows + offset[k + 1]);
  }

  PermutationResult out;
  out.dPrime.assign(categories, std::vector<float>(columns, kNaNf));
  out.pValue.assign(categories, std::vector<float>(columns, kNaNf));
  const std::size_t blocks = (columns + kLanes - 1) / kLanes;
  parallelFor(
      blocks,
      [&](std::size_t b) {
        const std::size_t first = b * kLanes, lanes = std::min(kLanes, columns - first);
        std::vector<float> block(m * kLanes, 0.0f);  // images x lanes, contiguous: stays in cache
        for (std::size_t i = 0; i < m; ++i)
          for (std::size_t l = 0; l < lanes; ++l) block[i * kLanes + l] = responses.data[i * columns + first + l];
        std::vector<double> observed(categories * kLanes), nullSum(categories * kLanes, 0.0),
            nullSquares(categories * kLanes, 0.0);
        std::vector<std::uint32_t> exceed(categories * kLanes, 0);
        for (std::size_t p = 0; p <= permutations; ++p) {
          const std::uint32_t* rows = &rowsOf[p * listed];
          for (std::size_t k = 0; k < categories; ++k) {
            // Sixteen running sums in registers; one load and add per image and lane.
            float sum[kLanes] = {};
            for (std::size_t j = offset[k]; j < offset[k + 1]; ++j) {
              const float* row = &block[std::size_t(rows[j]) * kLanes];
              for (std::size_t l = 0; l < kLanes; ++l) sum[l] += row[l];
            }
            const double n = double(offset[k + 1] - offset[k]);
            for (std::size_t l = 0; l < lanes; ++l) {
              const double difference = sum[l] / n - (stats.total[first + l] - sum[l]) / (double(m) - n);
              const std::size_t at = k * kLanes + l;
              if (p == 0) {
                observed[at] = difference;
                continue;
              }
              // A relative tolerance so that a permutation that reproduces the observed split counts despite
              // float rounding in the sums.
              if (difference >= observed[at] - 1e-6 * std::abs(observed[at])) ++exceed[at];
              nullSum[at] += difference;
              nullSquares[at] += difference * difference;
            }
          }
          if (b == 0 && p % 64 == 0) context.throwIfStopped();
        }
        const double count = double(permutations);
        for (std::size_t k = 0; k < categories; ++k)
          for (std::size_t l = 0; l < lanes; ++l) {
            const std::size_t at = k * kLanes + l;
            const double sd = stats.sd[first + l], n = double(offset[k + 1] - offset[k]);
            if (!(sd > 0) || n == 0 || n == double(m)) continue;
            out.dPrime[k][first + l] = float(observed[at] / sd);
            double p = (1.0 + exceed[at]) / (1.0 + count);
            if (exceed[at] == 0 && permutations >= 2) {
              // Beyond the permutations' resolution: the tail of a normal with the permutation null's mean and SD.
              const double mean = nullSum[at] / count;
              const double spread = std::sqrt(std::max(0.0, nullSquares[at] / count - mean * mean));
              if (spread > 0) p = std::min(p, 0.5 * std::erfc((observed[at] - mean) / (spread * std::sqrt(2.0))));
            }
            out.pValue[k][first + l] = float(p);
          }
      },
      context, "permutation test");
  return out;
}

CategoryMaps categoryMaps(const Experiment& experiment, const FitFolder& encoder, const Matrix& stimulusEmbedding,
                          const std::vector<BankCategory>& categories, const CategoryMapOptions& options,
                          const JobContext& context) {
  if (categories.empty()) throw std::invalid_argument("no categories: the bank has no tags and no word list was given");
  if (categories.size() > 64) throw std::invalid_argument("at most 64 categories");
  const std::size_t images = stimulusEmbedding.rows, dims = stimulusEmbedding.cols, columns = encoder.weights.cols;
  if (encoder.weights.rows != dims)
    throw std::invalid_argument("the stimulus embedding has " + std::to_string(dims) + " dimensions, the encoder " +
                                std::to_string(encoder.weights.rows));
  for (const auto& category : categories) {
    if (category.member.size() != images)
      throw std::invalid_argument("category " + category.name + " covers " + std::to_string(category.member.size()) +
                                  " images, the bank has " + std::to_string(images));
    if (category.images == 0 || category.images == images)
      throw std::invalid_argument("category " + category.name + " has " + std::to_string(category.images) +
                                  " of " + std::to_string(images) + " images: nothing to compare it with");
  }

  CategoryMaps out;
  out.fdrLevel = options.fdrLevel;
  // Predicted: the bank's feature mean and covariance once; a column's d' is then (m_k - r_k) . w / sqrt(w' S w).
  std::vector<double> mean(dims, 0.0);
  for (std::size_t i = 0; i < images; ++i)
    for (std::size_t f = 0; f < dims; ++f) mean[f] += stimulusEmbedding.data[i * dims + f];
  for (double& v : mean) v /= double(images);
  std::vector<double> covariance(dims * dims, 0.0), centred(dims);
  for (std::size_t i = 0; i < images; ++i) {
    for (std::size_t f = 0; f < dims; ++f) centred[f] = stimulusEmbedding.data[i * dims + f] - mean[f];
    for (std::size_t f = 0; f < dims; ++f)
      for (std::size_t g = 0; g <= f; ++g) covariance[f * dims + g] += centred[f] * centred[g];
  }
  for (std::size_t f = 0; f < dims; ++f)
    for (std::size_t g = 0; g <= f; ++g)
      covariance[g * dims + f] = covariance[f * dims + g] /= double(std::max<std::size_t>(1, images - 1));
  std::vector<double> predictedSd(columns), w(dims), sw(dims);
  for (std::size_t c = 0; c < columns; ++c) {
    for (std::size_t f = 0; f < dims; ++f) w[f] = encoder.weights(f, c);
    double variance = 0;
    for (std::size_t f = 0; f < dims; ++f) {
      double s = 0;
      for (std::size_t g = 0; g < dims; ++g) s += covariance[f * dims + g] * w[g];
      variance += w[f] * s;
    }
    predictedSd[c] = std::sqrt(std::max(0.0, variance));
  }
  for (const auto& category : categories) {
    CategoryMap map;
    map.category = category.name;
    map.images = category.images;
    std::vector<double> inside(dims, 0.0), rest(dims, 0.0);
    for (std::size_t i = 0; i < images; ++i) {
      auto& target = category.member[i] ? inside : rest;
      for (std::size_t f = 0; f < dims; ++f) target[f] += stimulusEmbedding.data[i * dims + f];
    }
    for (std::size_t f = 0; f < dims; ++f)
      inside[f] = inside[f] / double(category.images) - rest[f] / double(images - category.images);
    map.predicted.assign(columns, kNaNf);
    for (std::size_t c = 0; c < columns; ++c) {
      double difference = 0;
      for (std::size_t f = 0; f < dims; ++f) difference += inside[f] * encoder.weights(f, c);
      if (predictedSd[c] > 0) map.predicted[c] = float(difference / predictedSd[c]);
    }
    out.maps.push_back(std::move(map));
  }
  context.report(0.1, "predicted category maps");

  if (!options.measured || !experiment.train || experiment.train->rows == 0) return out;
  if (experiment.train->columns != columns)
    throw std::invalid_argument("the training responses have " + std::to_string(experiment.train->columns) +
                                " columns, the encoder " + std::to_string(columns));
  // Measured: each shown training image's mean over its trials, so repeats of one image move together when labels
  // are shuffled.
  const ResponseSet& train = *experiment.train;
  std::map<std::int32_t, std::vector<std::size_t>> rowsOf;
  for (std::size_t r = 0; r < train.rows; ++r)
    if (train.stimulus[r] >= 0 && std::size_t(train.stimulus[r]) < images) rowsOf[train.stimulus[r]].push_back(r);
  Matrix responses(rowsOf.size(), columns);
  std::vector<std::uint64_t> labels(rowsOf.size(), 0);
  std::size_t i = 0, trials = 0;
  for (const auto& [stimulus, rows] : rowsOf) {
    float* imageMean = &responses.data[i * columns];
    for (std::size_t r : rows) {
      const auto row = train.row(r);
      for (std::size_t c = 0; c < columns; ++c) imageMean[c] += row[c];
    }
    for (std::size_t c = 0; c < columns; ++c) imageMean[c] /= float(rows.size());
    for (std::size_t k = 0; k < categories.size(); ++k)
      if (categories[k].member[std::size_t(stimulus)]) labels[i] |= std::uint64_t(1) << k;
    trials += rows.size();
    ++i;
  }
  for (std::size_t k = 0; k < categories.size(); ++k) {
    auto& map = out.maps[k];
    map.shownImages = rowsOf.size();
    map.shownInCategory = std::size_t(std::count_if(labels.begin(), labels.end(),
                                                     [&](std::uint64_t bits) { return (bits >> k) & 1u; }));
  }
  const std::string perTrial = train.repeats == 1 ? "single trials" : responseRowsDescription(train.repeats);
  out.measuredData = "training responses: each shown image's mean over its " + perTrial + " (" +
                     std::to_string(rowsOf.size()) + " images, " + std::to_string(trials) + " rows)";
  out.permutations = options.permutations;
  const auto tested = permutationSelectivity(responses, labels, categories.size(), options.permutations, options.seed,
                                             context.slice(0.1, 1.0));
  for (std::size_t k = 0; k < categories.size(); ++k) {
    auto& map = out.maps[k];
    if (map.shownInCategory == 0 || map.shownInCategory == map.shownImages) continue;
    map.measured = tested.dPrime[k];
    map.pValue = tested.pValue[k];
    const std::vector<double> p(map.pValue.begin(), map.pValue.end());
    const auto q = benjaminiHochbergQ(p);
    map.qValue.assign(q.begin(), q.end());
    map.thresholded.assign(columns, kNaNf);
    for (std::size_t c = 0; c < columns; ++c)
      if (!std::isnan(q[c]) && q[c] <= options.fdrLevel) map.thresholded[c] = map.measured[c];
  }
  return out;
}

}  // namespace vl::core
