#include "core/demo/StimulusBank.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/demo/StimulusCanvas.h"
#include "core/demo/StimulusPainters.h"
#include "core/demo/StimulusRandom.h"

namespace vl::core {
namespace {
constexpr std::uint64_t kOrderStream = 0x6f72646572ull;  // "order": the category shuffle's own stream

void validate(const StimulusBankOptions& options) {
  if (options.count < 1 || options.count > 10'000'000)
    throw std::invalid_argument("stimulus bank: count " + std::to_string(options.count) +
                                " is out of range (expected 1 .. 10000000)");
  if (options.imageSize < 64 || options.imageSize > 1024)
    throw std::invalid_argument("stimulus bank: image size " + std::to_string(options.imageSize) +
                                " is out of range (expected 64 .. 1024 pixels)");
}
}  // namespace

std::vector<StimulusCategory> stimulusCategoryOrder(std::uint64_t seed, std::size_t count) {
  std::vector<StimulusCategory> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = allStimulusCategories[i % allStimulusCategories.size()];
  StimulusRandom random(seed, kOrderStream);
  for (std::size_t i = count; i > 1; --i) {  // Fisher-Yates with our own bounded integers
    const std::size_t j = i <= 0xffffffffu ? random.below(static_cast<std::uint32_t>(i)) : random.bits() % i;
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

StimulusImage paintStimulus(std::uint64_t seed, std::uint32_t index, StimulusCategory category, int imageSize,
                            Stimulus& stimulus) {
  stimulus = Stimulus{};
  stimulus.index = index;
  stimulus.category = category;
  StimulusRandom random(seed, index);
  StimulusCanvas canvas(imageSize, imageSize);
  switch (category) {
    case StimulusCategory::Face: paintFace(canvas, random, stimulus); break;
    case StimulusCategory::Place: paintPlace(canvas, random, stimulus); break;
    case StimulusCategory::Body: paintBody(canvas, random, stimulus); break;
    case StimulusCategory::Word: paintWord(canvas, random, stimulus); break;
    case StimulusCategory::Object: paintObject(canvas, random, stimulus); break;
    case StimulusCategory::Food: paintFood(canvas, random, stimulus); break;
    case StimulusCategory::Pattern: paintPattern(canvas, random, stimulus); break;
  }
  return canvas.toImage();
}

StimulusBank generateStimulusBank(const StimulusBankOptions& options, const JobContext& context) {
  validate(options);
  const std::size_t count = options.count;
  const auto order = stimulusCategoryOrder(options.seed, count);
  StimulusBank bank;
  bank.stimuli.resize(count);
  bank.images.resize(count);

  // Workers take blocks of images from a shared counter; image i only depends on (seed, i), so the split does not
  // change the result. The calling thread works too and is the only one that reports progress.
  constexpr std::size_t kBlock = 32;
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex errorMutex;
  auto work = [&](bool reporter) {
    try {
      for (;;) {
        if (context.stopRequested() || failed.load()) return;
        const std::size_t begin = next.fetch_add(kBlock);
        if (begin >= count) return;
        const std::size_t end = std::min(count, begin + kBlock);
        for (std::size_t i = begin; i < end; ++i)
          bank.images[i] = paintStimulus(options.seed, static_cast<std::uint32_t>(i), order[i], options.imageSize,
                                         bank.stimuli[i]);
        const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
        if (reporter)
          context.report(static_cast<double>(finished) / static_cast<double>(count),
                         "stimuli: " + std::to_string(finished) + " of " + std::to_string(count) + " images");
      }
    } catch (...) {
      std::lock_guard lock(errorMutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, (count + kBlock - 1) / kBlock));
  {
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back([&work] { work(false); });
    work(true);
  }
  if (error) std::rethrow_exception(error);
  context.throwIfStopped();
  context.report(1.0, "stimuli: " + std::to_string(count) + " images");
  return bank;
}

std::vector<std::string> captionWords(std::string_view caption) {
  std::vector<std::string> words;
  std::string current;
  for (char c : caption) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 128 && std::isalnum(u)) {
      current += static_cast<char>(std::tolower(u));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace vl::core
