#pragma once
// A study's ridge decoder written as a brain_decoder bundle that reads every response column (zero weights outside
// the decoder's columns): a user's own decoder whose scores the tests know, since they must equal the ridge's.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/fitting/Decoder.h"
#include "tests/support/TestBundles.h"

namespace vl::fixtures {

inline void writeRidgeDecoderBundle(const std::filesystem::path& folder, const std::string& name,
                                    const core::DecoderFit& ridge, std::size_t responseColumns) {
  const auto columns = std::int64_t(responseColumns), dimension = std::int64_t(ridge.fit.weights.cols);
  // The ridge's weights are in the units of the responses: W[d][column] = weights(k, d) for its k-th column.
  std::vector<float> weights(std::size_t(columns * dimension), 0.f);
  for (std::size_t k = 0; k < ridge.columns.size(); ++k)
    for (std::int64_t d = 0; d < dimension; ++d)
      weights[std::size_t(d * columns + ridge.columns[k])] = ridge.fit.weights(k, std::size_t(d));
  writeLinearBrainDecoder(folder, name, columns, dimension, weights, ridge.fit.intercepts);
}

}  // namespace vl::fixtures
