#pragma once
// The category painters of the stimulus bank and what they share. Each painter draws one image of its category
// on a blank canvas and fills the Stimulus: centre, size (and orientation/frequency for patterns) from what it
// drew, a caption from one of several templates, and tags (category first, then parameter words).
#include <string>
#include <string_view>

#include "core/model/Stimulus.h"
#include "core/demo/StimulusCanvas.h"
#include "core/demo/StimulusRandom.h"

namespace vl::core {

void paintFace(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintPlace(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintBody(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintWord(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintObject(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintFood(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);
void paintPattern(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus);

// Where an item goes, in unit image coordinates (0..1, y down), with the words that describe it.
struct Placement {
  float x = 0.5f, y = 0.5f;  // centre of the item's bounding box
  float size = 0.5f;         // larger side of the bounding box, fraction of the image width
  std::string sizeWord;      // small | medium | large
  std::string positionWord;  // centre | upper left | top | upper right | left | right | lower left | bottom | ...
};
// Small and medium items go to one of nine positions, large ones to the centre; the item always stays inside.
Placement choosePlacement(StimulusRandom& random);
// Picks one of the nine positions for an item of the given half extents (unit coordinates) and sets x, y and
// positionWord so that the item stays inside the image.
void positionItem(StimulusRandom& random, float halfWidth, float halfHeight, Placement& placement);
// Renders `drawing` into the placement's box and records the centre and size in the stimulus.
void placeDrawing(StimulusCanvas& canvas, const StimulusDrawing& drawing, const Placement& placement,
                  Stimulus& stimulus);
// "in the centre", "in the upper left", "at the top", ...
std::string inPosition(const std::string& positionWord);

// A plain, graded or vignetted background whose luminance stays at least 0.3 away from `itemLuminance`, so the
// item always stands out.
void paintItemBackground(StimulusCanvas& canvas, StimulusRandom& random, float itemLuminance);

struct NamedColour {
  std::string_view name;
  Rgb rgb;
};
const NamedColour& pickColour(StimulusRandom& random);
Rgb fromHsv(float hue, float saturation, float value);  // hue in [0, 1)

}  // namespace vl::core

namespace vl::core {
// "a" or "an" before `word`.
inline std::string article(std::string_view word) {
  return !word.empty() && std::string_view("aeiou").find(word.front()) != std::string_view::npos ? "an" : "a";
}
}  // namespace vl::core
