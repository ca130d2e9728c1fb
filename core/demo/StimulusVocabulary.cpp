// The caption vocabulary: every word (in the sense of captionWords) that the painters' caption templates can
// produce, sorted. StimulusBankTest checks thousands of generated captions against it, so a template that
// introduces a new word fails the test until the word is added here.
#include "core/demo/StimulusBank.h"

namespace vl::core {

const std::vector<std::string_view>& stimulusCaptionVocabulary() {
  static const std::vector<std::string_view> words = {
      "a", "ahead", "an", "and", "apartment", "apple", "arms", "at", "average", "back", "banana", "beach", "bed",
      "bedroom", "big", "bird", "black", "block", "blond", "blue", "body", "book", "both", "bottle", "bottom",
      "boy", "bread", "brick", "brown", "building", "bunch", "by", "car", "carrot", "cat", "centre", "chair",
      "checkerboard", "cheese", "cheesy", "chocolate", "city", "clock", "close", "cloud", "coarse", "concrete",
      "contrast", "corner", "corridor", "counter", "cup", "cupboards", "dark", "disc", "dog", "donut", "door",
      "doors", "doorway", "dream", "eat", "eccentricity", "eight", "eleven", "empty", "everyday", "eyes", "facade",
      "face", "facing", "field", "figure", "filling", "fine", "finger", "fingers", "fire", "fish", "fist", "five",
      "food", "forward", "four", "fresh", "from", "front", "frowning", "full", "garden", "girl", "giving", "grapes",
      "grating", "green", "grey", "hair", "hammer", "hand", "happy", "home", "horizon", "horizontal", "house",
      "image", "in", "inside", "juicy", "jumping", "key", "king", "kitchen", "lamp", "landscape", "large",
      "leading", "left", "letter", "letters", "light", "like", "living", "loaf", "long", "looking", "love", "low",
      "lower", "making", "many", "meaningless", "medium", "middle", "milk", "moon", "mountains", "music", "near",
      "neutral", "night", "nine", "no", "o", "object", "of", "on", "one", "open", "orange", "outdoor", "oval",
      "pair", "patch", "periphery", "person", "picture", "piece", "pink", "pizza", "pointed", "pointing",
      "portrait", "printed", "purple", "rain", "raised", "random", "reading", "red", "right", "ring", "ripe",
      "river", "road", "roof", "room", "round", "rows", "running", "scene", "school", "scissors", "sea", "seen",
      "set", "seven", "shirt", "showing", "side", "sides", "sitting", "six", "skin", "sky", "sleeve", "slice",
      "small", "smiling", "snow", "sofa", "something", "standing", "stone", "stool", "straight", "string",
      "stripes", "summer", "sun", "sunset", "table", "tall", "tan", "ten", "text", "the", "three", "thumbs",
      "tilted", "time", "to", "top", "tree", "trees", "turned", "twelve", "two", "umbrella", "under", "up", "upper",
      "upright", "vertical", "walking", "wall", "water", "watermelon", "waving", "wedge", "white", "wide", "window",
      "windows", "with", "word", "written", "yellow",
  };
  return words;
}

}  // namespace vl::core
