// Written words and letter strings in our stroke font: real words (named in the caption) and random letter
// strings (described, not spelled, so the caption vocabulary stays bounded), in three letter sizes.
#include <algorithm>
#include <string>

#include "core/demo/StimulusFont.h"
#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
constexpr const char* kWords[] = {
    "house", "tree",  "water", "apple", "light", "music", "green", "table", "river", "bird",  "cat",   "dog",
    "sun",   "moon",  "book",  "chair", "door",  "hand",  "face",  "road",  "car",   "bread", "milk",  "fish",
    "stone", "cloud", "rain",  "snow",  "fire",  "king",  "girl",  "boy",   "city",  "home",  "time",  "word",
    "love",  "dream", "night", "happy", "small", "big",   "red",   "blue",  "school", "garden", "window", "summer",
};
constexpr const char* kCounts[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight"};
}  // namespace

void paintWord(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  const bool real = random.chance(0.6);
  std::string text;
  if (real) {
    text = random.pick(kWords);
  } else {
    const int length = random.between(3, 7);
    static constexpr char kConsonants[] = "bcdfghjklmnpqrstvwxz";
    static constexpr char kVowels[] = "aeiou";
    for (int i = 0; i < length; ++i)  // mostly consonants: unpronounceable, unlike the real words
      text += random.chance(0.2) ? kVowels[random.below(5)] : kConsonants[random.below(20)];
  }
  const int sizeClass = static_cast<int>(random.below(3));
  static constexpr const char* kSizeWords[] = {"small", "medium", "large"};
  static constexpr float kLow[] = {0.07f, 0.12f, 0.2f}, kHigh[] = {0.09f, 0.15f, 0.26f};
  const float advance = 5.6f / 6.0f, glyphWidth = 4.0f / 6.0f;
  const auto letters = static_cast<float>(text.size());
  float letterHeight = random.uniform(kLow[sizeClass], kHigh[sizeClass]);
  letterHeight = std::min(letterHeight, 0.92f / ((letters - 1) * advance + glyphWidth));  // must fit the width
  const float stroke = letterHeight * random.uniform(0.1f, 0.18f);

  // Ink contrasting with the background: dark on light or light on dark, sometimes coloured.
  const bool darkInk = random.chance(0.6);
  Rgb ink = darkInk ? Rgb{0.08f, 0.08f, 0.1f} : Rgb{0.96f, 0.96f, 0.94f};
  if (random.chance(0.3)) ink = darkInk ? fromHsv(random.uniform(0, 1), 0.8f, 0.45f) : fromHsv(random.uniform(0, 1), 0.3f, 0.97f);
  StimulusDrawing d;
  appendText(d, text, letterHeight, stroke, ink);
  const Box box = d.bounds();
  Placement placement;
  placement.sizeWord = kSizeWords[sizeClass];
  placement.size = std::max(box.width(), box.height());
  positionItem(random, box.width() / 2, box.height() / 2, placement);
  paintItemBackground(canvas, random, luminance(ink));
  placeDrawing(canvas, d, placement, stimulus);

  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  const std::string count = kCounts[std::min<std::size_t>(text.size(), 8)];
  if (real) {
    switch (random.below(4)) {
      case 0: stimulus.caption = "the word '" + text + "' in " + size + " letters, " + where; break;
      case 1: stimulus.caption = "'" + text + "' written in " + size + " letters " + inPosition(where); break;
      case 2: stimulus.caption = "the printed word '" + text + "', " + size + ", " + where; break;
      default: stimulus.caption = "text reading '" + text + "' " + inPosition(where);
    }
    stimulus.tags = {"word", "real word", text, size, where, count + " letters"};
  } else {
    switch (random.below(3)) {
      case 0: stimulus.caption = "a random letter string, " + size + ", " + where; break;
      case 1: stimulus.caption = "a string of " + count + " random letters in " + size + " letters, " + where; break;
      default: stimulus.caption = "a meaningless letter string " + inPosition(where);
    }
    stimulus.tags = {"word", "letter string", size, where, count + " letters"};
  }
}

}  // namespace vl::core
