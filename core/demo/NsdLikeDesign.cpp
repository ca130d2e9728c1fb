#include "core/demo/NsdLikeDesign.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/demo/CounterRandom.h"

namespace vl::core {

NsdLikeDesign makeNsdLikeDesign(std::size_t stimulusCount, std::size_t trainCount, std::size_t testCount, int repeats,
                                std::uint64_t seed, std::span<const std::int32_t> testPool) {
  if (trainCount + testCount > stimulusCount || testCount == 0 || trainCount == 0 || repeats < 1)
    throw std::invalid_argument("NSD-like design: " + std::to_string(trainCount) + " training and " +
                                std::to_string(testCount) + " test images (each shown " + std::to_string(repeats) +
                                " times) need that many distinct stimuli, the bank has " +
                                std::to_string(stimulusCount));
  std::vector<std::uint8_t> allowedAsTest(stimulusCount, testPool.empty() ? 1 : 0);
  for (const auto stimulus : testPool) {
    if (stimulus < 0 || static_cast<std::size_t>(stimulus) >= stimulusCount)
      throw std::invalid_argument("NSD-like design: test pool names stimulus " + std::to_string(stimulus) +
                                  ", outside the bank of " + std::to_string(stimulusCount));
    allowedAsTest[static_cast<std::size_t>(stimulus)] = 1;
  }
  const auto allowed = static_cast<std::size_t>(std::count(allowedAsTest.begin(), allowedAsTest.end(), 1));
  if (allowed < testCount)
    throw std::invalid_argument("NSD-like design: " + std::to_string(testCount) + " test images asked for, but only " +
                                std::to_string(allowed) + " of the " + std::to_string(stimulusCount) +
                                " stimuli may be test images");
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
  std::vector<std::uint8_t> isTest(stimulusCount, 0);
  for (const auto stimulus : order) {
    if (design.testStimulus.size() == testCount) break;
    if (!allowedAsTest[static_cast<std::size_t>(stimulus)]) continue;
    design.testStimulus.push_back(stimulus);
    isTest[static_cast<std::size_t>(stimulus)] = 1;
  }
  std::sort(design.testStimulus.begin(), design.testStimulus.end());
  for (const auto stimulus : order) {
    if (design.trainStimulus.size() == trainCount) break;
    if (!isTest[static_cast<std::size_t>(stimulus)]) design.trainStimulus.push_back(stimulus);
  }
  return design;
}

bool heldOutFromDemoBundles(std::int32_t stimulus) { return stimulus >= 0 && stimulus % 10 == 9; }

std::vector<std::int32_t> demoBundleHeldOutStimuli(std::size_t stimulusCount) {
  std::vector<std::int32_t> heldOut;
  for (std::size_t i = 0; i < stimulusCount; ++i)
    if (heldOutFromDemoBundles(static_cast<std::int32_t>(i))) heldOut.push_back(static_cast<std::int32_t>(i));
  return heldOut;
}

NsdLikeDesign makeDemoDesign(std::size_t stimulusCount, std::size_t trainCount, std::size_t testCount, int repeats,
                             std::uint64_t seed) {
  const auto pool = demoBundleHeldOutStimuli(stimulusCount);
  return makeNsdLikeDesign(stimulusCount, trainCount, testCount, repeats, seed, pool);
}

}  // namespace vl::core
