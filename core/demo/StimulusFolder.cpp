#include "core/demo/StimulusFolder.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyReader.h"
#include "core/study/StimulusFolderSource.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace {
StimulusCategory parseCategory(const std::filesystem::path& file, std::size_t index, const std::string& name) {
  for (auto category : allStimulusCategories)
    if (stimulusCategoryName(category) == name) return category;
  throw FormatError(file, "stimulus " + std::to_string(index),
                    "unknown category '" + name + "' (expected face, place, body, word, object, food or pattern)");
}
}  // namespace

void writeStimulusFolder(const std::filesystem::path& folder, const StimulusBank& bank) {
  const std::size_t count = bank.stimuli.size();
  if (bank.images.size() != count || count == 0)
    throw std::invalid_argument("stimulus bank: " + std::to_string(bank.images.size()) + " images for " +
                                std::to_string(count) + " stimuli (expected the same, at least one)");
  const int width = bank.images.front().width, height = bank.images.front().height;
  NpyArray images;
  images.dtype = NpyArray::DType::UInt8;
  images.shape = {static_cast<std::int64_t>(count), height, width, 3};
  const std::size_t bytes = static_cast<std::size_t>(width) * height * 3;
  images.data.resize(bytes * count);
  std::string captions, tags;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& image = bank.images[i];
    if (image.width != width || image.height != height || image.rgb.size() != bytes)
      throw std::invalid_argument("stimulus bank: image " + std::to_string(i) + " is " + std::to_string(image.width) +
                                  "x" + std::to_string(image.height) + ", expected " + std::to_string(width) + "x" +
                                  std::to_string(height) + " like the first");
    std::memcpy(images.data.data() + i * bytes, image.rgb.data(), bytes);
    const auto& stimulus = bank.stimuli[i];
    if (stimulus.caption.find_first_of("\r\n") != std::string::npos)
      throw std::invalid_argument("stimulus bank: caption " + std::to_string(i) + " contains a line break");
    captions += stimulus.caption + "\n";
    // The category has its own column; the tag list after it leaves out the Stimulus's leading category tag.
    const std::string category(stimulusCategoryName(stimulus.category));
    if (stimulus.tags.empty() || stimulus.tags.front() != category)
      throw std::invalid_argument("stimulus bank: the tags of stimulus " + std::to_string(i) +
                                  " do not start with its category '" + category + "'");
    tags += std::to_string(i) + "\t" + category + "\t";
    for (std::size_t t = 1; t < stimulus.tags.size(); ++t) {
      if (stimulus.tags[t].empty() || stimulus.tags[t].find_first_of(",\t\r\n") != std::string::npos)
        throw std::invalid_argument("stimulus bank: tag '" + stimulus.tags[t] + "' of stimulus " + std::to_string(i) +
                                    " is empty or contains a comma, tab or line break");
      tags += (t > 1 ? "," : "") + stimulus.tags[t];
    }
    tags += "\n";
  }
  const auto stimuli = folder / "stimuli";
  std::filesystem::create_directories(stimuli);
  writeNpy(stimuli / "images.npy", images);
  writeFileAtomically(stimuli / "captions.txt", captions);
  writeFileAtomically(stimuli / "tags.tsv", tags);
}

StimulusBank readStimulusFolder(const std::filesystem::path& folder) {
  // The parsing is core/io/StimulusFolderSource's (the one reader of the format); here we insist on all three files
  // and on a known category for every image, which a demo bank always has.
  const auto stimuli = folder / "stimuli";
  const auto imagesFile = stimuli / "images.npy", captionsFile = stimuli / "captions.txt", tagsFile = stimuli / "tags.tsv";
  for (const auto& file : {captionsFile, tagsFile})
    if (!std::filesystem::is_regular_file(file))
      throw FormatError(file, "", "no such file (a stimulus bank has images.npy, captions.txt and tags.tsv)");
  const auto source = openStimulusFolder(imagesFile, captionsFile, tagsFile);
  StimulusBank bank;
  bank.stimuli.resize(source->count());
  bank.images.resize(source->count());
  for (std::size_t i = 0; i < source->count(); ++i) {
    auto& stimulus = bank.stimuli[i];
    stimulus.index = static_cast<std::uint32_t>(i);
    bank.images[i] = source->image(i);
    stimulus.caption = source->caption(i);
    stimulus.tags = source->tags(i);  // category first, then the tag list
    if (stimulus.tags.empty()) throw FormatError(tagsFile, "stimulus " + std::to_string(i), "no line for this stimulus");
    stimulus.category = parseCategory(tagsFile, i, stimulus.tags.front());
  }
  return bank;
}

}  // namespace vl::core
