#pragma once
// Which stimuli the simulated subject sees and how often, after the Natural Scenes Dataset (Allen et al. 2022):
// most images once (training trials), a fixed shared set three times (test images whose repeats give the noise
// ceiling). The split walks a seeded permutation of the stimulus indices: the first testCount that are allowed as
// test images (all of them, or those of a test pool) are the test images, the first trainCount of the others the
// training images in presentation order.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vl::core {

struct NsdLikeDesign {
  std::vector<std::int32_t> trainStimulus;  // one trial per training image, in presentation order
  std::vector<std::int32_t> testStimulus;   // the test images, ascending
  int repeats = 3;                          // presentations of each test image
};

// testPool: the only stimuli that may become test images (empty: any). Throws std::invalid_argument when
// trainCount + testCount exceeds stimulusCount, the pool holds fewer than testCount distinct stimuli or one outside
// the bank, or repeats < 1.
NsdLikeDesign makeNsdLikeDesign(std::size_t stimulusCount, std::size_t trainCount = 9000,
                                std::size_t testCount = 300, int repeats = 3, std::uint64_t seed = 1,
                                std::span<const std::int32_t> testPool = {});

// The stimuli plugins/demo/train.py held out when it trained the shipped demo bundles (image encoder, text encoder,
// generator): `held = np.arange(len(images)) % 10 == 9`, recorded in plugins/demo/metrics.json as "index % 10 == 9
// held out". Every other index of the 10,000-image bank was a training image of the bundles.
bool heldOutFromDemoBundles(std::int32_t stimulus);
std::vector<std::int32_t> demoBundleHeldOutStimuli(std::size_t stimulusCount);

// The demo subject's design: test images only from demoBundleHeldOutStimuli, so that decoding and identification
// with the demo bundles are scored on images the bundles never saw. Training images come from the whole bank.
NsdLikeDesign makeDemoDesign(std::size_t stimulusCount, std::size_t trainCount, std::size_t testCount, int repeats,
                             std::uint64_t seed);

}  // namespace vl::core
