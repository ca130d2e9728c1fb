#include "core/demo/NsdLikeDesign.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/demo/CounterRandom.h"

namespace vl::core {

NsdLikeDesign makeNsdLikeDesign(std::size_t stimulusCount, std::size_t trainCount, std::size_t testCount, int repeats,
                                std::uint64_t seed) {
  if (trainCount + testCount > stimulusCount || testCount == 0 || trainCount == 0 || repeats < 1)
    throw std::invalid_argument("NSD-like design: " + std::to_string(trainCount) + " training and " +
                                std::to_string(testCount) + " test images (each shown " + std::to_string(repeats) +
                                " times) need that many distinct stimuli, the bank has " +
                                std::to_string(stimulusCount));
  // Fisher-Yates with counter-based draws: the permutation is fixed by the seed alone.
  std::vector<std::int32_t> order(stimulusCount);
  std::iota(order.begin(), order.end(), 0);
  const auto stream = static_cast<std::uint64_t>(SubjectStream::Design);
  for (std::size_t i = stimulusCount - 1; i > 0; --i) {
    const auto j = static_cast<std::size_t>(counterUniform(seed, stream, i) * double(i + 1));
    std::swap(order[i], order[std::min(j, i)]);
  }
  NsdLikeDesign design;
  design.repeats = repeats;
  design.testStimulus.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(testCount));
  std::sort(design.testStimulus.begin(), design.testStimulus.end());
  design.trainStimulus.assign(order.begin() + static_cast<std::ptrdiff_t>(testCount),
                              order.begin() + static_cast<std::ptrdiff_t>(testCount + trainCount));
  return design;
}

}  // namespace vl::core
