#pragma once
// One image of the demo stimulus bank and what generated it. The simulated subject's planted tuning reads
// these fields (category, position, size, orientation, spatial frequency) and the pixels themselves, so the
// fields must describe the image truthfully.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace vl::core {

enum class StimulusCategory : std::uint8_t { Face, Place, Body, Word, Object, Food, Pattern };

inline constexpr std::array<StimulusCategory, 7> allStimulusCategories = {
    StimulusCategory::Face, StimulusCategory::Place,  StimulusCategory::Body,   StimulusCategory::Word,
    StimulusCategory::Object, StimulusCategory::Food, StimulusCategory::Pattern};

// Lower-case names used in tags.tsv and captions: face, place, body, word, object, food, pattern.
constexpr std::string_view stimulusCategoryName(StimulusCategory category) {
  constexpr std::array<std::string_view, 7> names = {"face", "place", "body", "word", "object", "food", "pattern"};
  return names[static_cast<std::size_t>(category)];
}

struct Stimulus {
  std::uint32_t index = 0;
  StimulusCategory category = StimulusCategory::Pattern;
  std::string caption;            // e.g. "a smiling face turned left, small, upper right"
  std::vector<std::string> tags;  // category first, then parameter tags ("smiling", "left", "small", ...)
  // The main item: centre in [-1, 1] image coordinates (x to the right, y up), size as a fraction of the width.
  float centreX = 0, centreY = 0, size = 1;
  // Gratings: orientation in degrees [0, 180) (0 = vertical bars), spatial frequency in cycles per image width;
  // checkerboards: spatialFrequency = checks per image width, orientation NaN. NaN for other categories.
  float orientation = std::numeric_limits<float>::quiet_NaN();
  float spatialFrequency = std::numeric_limits<float>::quiet_NaN();
};

// Interleaved 8-bit RGB, rows top to bottom.
struct StimulusImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3
};

}  // namespace vl::core
