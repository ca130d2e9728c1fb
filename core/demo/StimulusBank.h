#pragma once
// The demo stimulus bank: captioned synthetic images in seven categories (faces, places, bodies, words, objects,
// food, patterns), drawn by our own rasteriser. Deterministic: image i depends only on (seed, i, image size), so
// the same options give byte-identical images and captions on any machine and with any number of threads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/Stimulus.h"
#include "core/jobs/JobContext.h"

namespace vl::core {

struct StimulusBankOptions {
  std::uint64_t seed = 2026;
  std::size_t count = 10000;  // 1 .. 10'000'000
  int imageSize = 64;         // pixels per side, 64 .. 1024
  unsigned threads = 0;       // 0: one per hardware thread
};

struct StimulusBank {
  std::vector<Stimulus> stimuli;      // stimuli[i].index == i
  std::vector<StimulusImage> images;  // images[i] belongs to stimuli[i]
};

// Throws std::invalid_argument for options out of range, JobCancelled when the context is stopped.
StimulusBank generateStimulusBank(const StimulusBankOptions& options, const JobContext& context = JobContext());

// The category of every image: each category count/7 or count/7 + 1 times, in an order shuffled by the seed.
std::vector<StimulusCategory> stimulusCategoryOrder(std::uint64_t seed, std::size_t count);

// One image of the bank, on its own (what generateStimulusBank computes for index `index`).
StimulusImage paintStimulus(std::uint64_t seed, std::uint32_t index, StimulusCategory category, int imageSize,
                            Stimulus& stimulus);

// The words of a caption as the "word" tokenizer of the model bundles sees them: lower-cased maximal runs of
// ASCII letters and digits.
std::vector<std::string> captionWords(std::string_view caption);

// Every word a caption can contain (sorted): the bounded vocabulary the demo text encoder is trained on.
const std::vector<std::string_view>& stimulusCaptionVocabulary();

}  // namespace vl::core
