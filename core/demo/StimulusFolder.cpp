#include "core/demo/StimulusFolder.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/FormatError.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyReader.h"
#include "core/io/NpyWriter.h"

namespace vl::core {
namespace {
std::vector<std::string> readLines(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file (expected it beside images.npy)");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string lineWhere(std::size_t index) { return "line " + std::to_string(index + 1); }

StimulusCategory parseCategory(const std::filesystem::path& file, std::size_t line, const std::string& name) {
  for (auto category : allStimulusCategories)
    if (stimulusCategoryName(category) == name) return category;
  throw FormatError(file, lineWhere(line),
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
    tags += std::to_string(i) + "\t" + std::string(stimulusCategoryName(stimulus.category)) + "\t";
    for (std::size_t t = 0; t < stimulus.tags.size(); ++t) {
      if (stimulus.tags[t].find_first_of(",\t\r\n") != std::string::npos)
        throw std::invalid_argument("stimulus bank: tag '" + stimulus.tags[t] + "' of stimulus " + std::to_string(i) +
                                    " contains a comma, tab or line break");
      tags += (t ? "," : "") + stimulus.tags[t];
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
  const auto imagesFile = folder / "stimuli" / "images.npy";
  const NpyArray images = readNpy(imagesFile);
  if (images.dtype != NpyArray::DType::UInt8)
    throw FormatError(imagesFile, "header descr", "expected uint8 pixels ('|u1')");
  if (images.shape.size() != 4 || images.shape[3] != 3 || images.shape[0] < 1 || images.shape[1] < 1 ||
      images.shape[2] < 1)
    throw FormatError(imagesFile, "header shape", "expected (count, height, width, 3) with count, height, width >= 1");
  if (images.fortranOrder) throw FormatError(imagesFile, "header fortran_order", "expected C order (False)");
  const auto count = static_cast<std::size_t>(images.shape[0]);
  const int height = static_cast<int>(images.shape[1]), width = static_cast<int>(images.shape[2]);
  const std::size_t bytes = static_cast<std::size_t>(width) * height * 3;

  StimulusBank bank;
  bank.stimuli.resize(count);
  bank.images.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    bank.stimuli[i].index = static_cast<std::uint32_t>(i);
    auto& image = bank.images[i];
    image.width = width;
    image.height = height;
    image.rgb.resize(bytes);
    std::memcpy(image.rgb.data(), images.data.data() + i * bytes, bytes);
  }

  const auto captionsFile = folder / "stimuli" / "captions.txt";
  if (std::filesystem::exists(captionsFile)) {
    const auto lines = readLines(captionsFile);
    if (lines.size() != count)
      throw FormatError(captionsFile, "", std::to_string(lines.size()) + " lines, expected one caption per image (" +
                                              std::to_string(count) + ")");
    for (std::size_t i = 0; i < count; ++i) bank.stimuli[i].caption = lines[i];
  }
  const auto tagsFile = folder / "stimuli" / "tags.tsv";
  if (std::filesystem::exists(tagsFile)) {
    const auto lines = readLines(tagsFile);
    if (lines.size() != count)
      throw FormatError(tagsFile, "", std::to_string(lines.size()) + " lines, expected one per image (" +
                                          std::to_string(count) + ")");
    for (std::size_t i = 0; i < count; ++i) {
      const auto& line = lines[i];
      const auto tab1 = line.find('\t');
      const auto tab2 = tab1 == std::string::npos ? std::string::npos : line.find('\t', tab1 + 1);
      if (tab2 == std::string::npos || line.find('\t', tab2 + 1) != std::string::npos)
        throw FormatError(tagsFile, lineWhere(i), "expected three tab-separated fields: index, category, tags");
      if (line.substr(0, tab1) != std::to_string(i))
        throw FormatError(tagsFile, lineWhere(i), "index '" + line.substr(0, tab1) + "', expected " + std::to_string(i));
      auto& stimulus = bank.stimuli[i];
      stimulus.category = parseCategory(tagsFile, i, line.substr(tab1 + 1, tab2 - tab1 - 1));
      std::stringstream tags(line.substr(tab2 + 1));
      std::string tag;
      while (std::getline(tags, tag, ',')) stimulus.tags.push_back(tag);
    }
  }
  return bank;
}

}  // namespace vl::core
