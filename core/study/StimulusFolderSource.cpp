#include "core/study/StimulusFolderSource.h"

#include <fstream>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/base/FormatError.h"
#include "core/io/Hdf5ImageBrick.h"
#include "core/io/NpyReader.h"

namespace vl::core {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> readLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Captions and tags beside whichever images the subclass holds.
class CaptionedStimulusSource : public StimulusSource {
public:
  std::size_t count() const override { return count_; }

  std::string caption(std::size_t index) const override {
    check(index);
    return captions_.empty() ? std::string() : captions_[index];
  }

  std::vector<std::string> tags(std::size_t index) const override {
    check(index);
    return tags_.empty() ? std::vector<std::string>() : tags_[index];
  }

protected:
  void readCaptionsAndTags(const fs::path& captions, const fs::path& tags) {
    if (!captions.empty()) {
      captions_ = readLines(captions);
      if (captions_.size() != count_)
        throw FormatError(captions, "line " + std::to_string(captions_.size()),
                          "has " + std::to_string(captions_.size()) + " captions for " + std::to_string(count_) +
                              " images (expected one line per image)");
    }
    if (!tags.empty()) readTags(tags);
  }

  void check(std::size_t index) const {
    if (index >= count_)
      throw std::out_of_range("stimulus " + std::to_string(index) + " of " + std::to_string(count_));
  }

  void readTags(const fs::path& file) {
    const auto lines = readLines(file);
    tags_.assign(count_, {});
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      std::istringstream fields(lines[i]);
      std::string index, category, list;
      std::getline(fields, index, '\t');
      std::getline(fields, category, '\t');
      std::getline(fields, list);
      std::size_t parsed = 0;
      try {
        std::size_t used = 0;
        parsed = std::stoul(index, &used);
        if (used != index.size()) throw std::invalid_argument(index);
      } catch (const std::exception&) {
        throw FormatError(file, "line " + std::to_string(i + 1), "expected \"index<TAB>category<TAB>tags\"");
      }
      if (parsed >= count_)
        throw FormatError(file, "line " + std::to_string(i + 1),
                          "stimulus index " + std::to_string(parsed) + " is not below the image count " +
                              std::to_string(count_));
      auto& out = tags_[parsed];
      out = {category};
      std::istringstream items(list);
      for (std::string tag; std::getline(items, tag, ',');)
        if (!tag.empty()) out.push_back(tag);
    }
  }

  std::size_t count_ = 0;

private:
  std::vector<std::string> captions_;
  std::vector<std::vector<std::string>> tags_;
};

// images.npy, held in memory (10,000 images of 64 x 64 are 123 MB).
class NpyStimulusSource final : public CaptionedStimulusSource {
public:
  NpyStimulusSource(const fs::path& images, const fs::path& captions, const fs::path& tags) {
    NpyArray array = readNpy(images);
    if (array.dtype != NpyArray::DType::UInt8 || array.shape.size() != 4 || array.shape[3] != 3 || array.fortranOrder)
      throw FormatError(images, "header", "expected uint8 images of shape (count, height, width, 3) in C order");
    count_ = static_cast<std::size_t>(array.shape[0]);
    height_ = static_cast<int>(array.shape[1]);
    width_ = static_cast<int>(array.shape[2]);
    pixels_.resize(array.data.size());
    std::memcpy(pixels_.data(), array.data.data(), array.data.size());
    readCaptionsAndTags(captions, tags);
  }

  StimulusImage image(std::size_t index) const override {
    check(index);
    StimulusImage out{width_, height_, {}};
    const std::size_t bytes = std::size_t(width_) * std::size_t(height_) * 3;
    out.rgb.assign(pixels_.begin() + std::ptrdiff_t(index * bytes), pixels_.begin() + std::ptrdiff_t((index + 1) * bytes));
    return out;
  }

private:
  int width_ = 0, height_ = 0;
  std::vector<std::uint8_t> pixels_;
};

// An NSD-style HDF5 brick, read one image at a time.
class Hdf5StimulusSource final : public CaptionedStimulusSource {
public:
  Hdf5StimulusSource(const fs::path& file, const std::string& dataset, const fs::path& captions, const fs::path& tags)
      : brick_(file, dataset) {
    count_ = brick_.count();
    readCaptionsAndTags(captions, tags);
  }

  StimulusImage image(std::size_t index) const override {
    check(index);
    return {static_cast<int>(brick_.width()), static_cast<int>(brick_.height()), brick_.readImage(index)};
  }

private:
  Hdf5ImageBrick brick_;
};

}  // namespace

std::shared_ptr<const StimulusSource> openStimulusFolder(const fs::path& images, const fs::path& captions,
                                                         const fs::path& tags) {
  return std::make_shared<NpyStimulusSource>(images, captions, tags);
}

std::shared_ptr<const StimulusSource> openHdf5Stimuli(const fs::path& file, const std::string& dataset,
                                                      const fs::path& captions, const fs::path& tags) {
  return std::make_shared<Hdf5StimulusSource>(file, dataset, captions, tags);
}

}  // namespace vl::core
