#pragma once
// Which stimuli the simulated subject sees and how often, after the Natural Scenes Dataset (Allen et al. 2022):
// most images once (training trials), a fixed shared set three times (test images whose repeats give the noise
// ceiling). The split is a seeded permutation of the stimulus indices: the first testCount are the test images,
// the next trainCount the training images in presentation order.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vl::core {

struct NsdLikeDesign {
  std::vector<std::int32_t> trainStimulus;  // one trial per training image, in presentation order
  std::vector<std::int32_t> testStimulus;   // the test images, ascending
  int repeats = 3;                          // presentations of each test image
};

// Throws std::invalid_argument when trainCount + testCount exceeds stimulusCount or repeats < 1.
NsdLikeDesign makeNsdLikeDesign(std::size_t stimulusCount, std::size_t trainCount = 9000,
                                std::size_t testCount = 300, int repeats = 3, std::uint64_t seed = 1);

}  // namespace vl::core
