// Everyday objects and tools: cup, hammer, scissors, key, chair, lamp, bottle, clock, umbrella. Each is a
// drawing in its own coordinates, tilted for some tools, then fitted into its placement box.
#include <cmath>
#include <string>

#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
constexpr Rgb kDark{0.15f, 0.15f, 0.17f}, kSteel{0.62f, 0.64f, 0.68f}, kWood{0.55f, 0.36f, 0.18f};
constexpr const char* kHours[] = {"twelve", "one", "two",   "three", "four",   "five",
                                  "six",    "seven", "eight", "nine", "ten", "eleven"};
}  // namespace

void paintObject(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kObjects[] = {"cup",  "hammer", "scissors", "key",     "chair",
                                             "lamp", "bottle", "clock",    "umbrella"};
  const std::string object = random.pick(kObjects);
  const NamedColour& colour = pickColour(random);
  const Rgb c = colour.rgb;
  std::string detail;  // an extra caption phrase for some objects
  StimulusDrawing d;
  if (object == "cup") {
    d.ellipse({0, 0.42f}, 0.55f, 0.09f, {0.85f, 0.85f, 0.85f});
    d.ring({0.4f, -0.02f}, 0.22f, 0.12f, scaled(c, 0.85f), 1.1f);
    d.polygon(Contour{{-0.36f, -0.4f}, {0.36f, -0.4f}, {0.28f, 0.4f}, {-0.28f, 0.4f}}, c);
    d.ellipse({0, -0.4f}, 0.36f, 0.08f, scaled(c, 0.6f));
  } else if (object == "hammer") {
    d.line({0, -0.3f}, {0, 0.95f}, 0.14f, kWood);
    d.polygon(Contour{{-0.38f, -0.5f}, {0.3f, -0.5f}, {0.3f, -0.24f}, {-0.38f, -0.24f}}, kSteel);
    d.polygon(Contour{{0.3f, -0.46f}, {0.5f, -0.6f}, {0.55f, -0.52f}, {0.3f, -0.3f}}, kSteel);
    d.line({0, 0.55f}, {0, 0.95f}, 0.17f, c);  // grip
    d.rotate(random.uniform(-0.7f, 0.7f));
  } else if (object == "scissors") {
    d.line({-0.13f, 0.3f}, {0.1f, -0.8f}, 0.09f, kSteel);
    d.line({0.13f, 0.3f}, {-0.1f, -0.8f}, 0.09f, scaled(kSteel, 0.85f));
    d.ring({-0.18f, 0.48f}, 0.17f, 0.1f, c);
    d.ring({0.18f, 0.48f}, 0.17f, 0.1f, c);
    d.ellipse({0, -0.08f}, 0.04f, 0.04f, kDark);
    d.rotate(random.uniform(-0.6f, 0.6f));
  } else if (object == "key") {
    d.ring({0, -0.5f}, 0.26f, 0.12f, c);
    d.line({0, -0.25f}, {0, 0.75f}, 0.1f, c);
    d.polygon(Contour{{0.04f, 0.45f}, {0.2f, 0.45f}, {0.2f, 0.53f}, {0.04f, 0.53f}}, c);
    d.polygon(Contour{{0.04f, 0.62f}, {0.16f, 0.62f}, {0.16f, 0.72f}, {0.04f, 0.72f}}, c);
    d.rotate(random.uniform(-1.2f, 1.2f));
  } else if (object == "chair") {
    for (float x : {-0.32f, 0.32f}) d.line({x, -0.75f}, {x, 0.12f}, 0.07f, scaled(c, 0.8f));
    for (float y : {-0.65f, -0.45f, -0.25f}) d.line({-0.32f, y}, {0.32f, y}, 0.06f, c);
    for (float x : {-0.38f, 0.38f}) d.line({x, 0.15f}, {x * 1.05f, 0.78f}, 0.06f, scaled(c, 0.7f));
    for (float x : {-0.3f, 0.3f}) d.line({x, 0.1f}, {x, 0.66f}, 0.05f, scaled(c, 0.55f));
    d.polygon(Contour{{-0.36f, 0.04f}, {0.36f, 0.04f}, {0.43f, 0.18f}, {-0.43f, 0.18f}}, c);
  } else if (object == "lamp") {
    d.ellipse({0, 0.78f}, 0.3f, 0.07f, kDark);
    d.line({0, 0.75f}, {0, -0.15f}, 0.06f, kSteel);
    d.ellipse({0, -0.1f}, 0.12f, 0.08f, {1.0f, 0.95f, 0.6f});
    d.polygon(Contour{{-0.18f, -0.62f}, {0.18f, -0.62f}, {0.38f, -0.12f}, {-0.38f, -0.12f}}, c);
  } else if (object == "bottle") {
    d.polygon(Contour{{-0.22f, 0.8f}, {0.22f, 0.8f}, {0.22f, -0.2f}, {0.08f, -0.45f}, {0.08f, -0.75f},
                      {-0.08f, -0.75f}, {-0.08f, -0.45f}, {-0.22f, -0.2f}},
              c);
    d.polygon(Contour{{-0.09f, -0.86f}, {0.09f, -0.86f}, {0.09f, -0.72f}, {-0.09f, -0.72f}}, kDark);
    d.polygon(Contour{{-0.22f, 0.05f}, {0.22f, 0.05f}, {0.22f, 0.45f}, {-0.22f, 0.45f}},
              luminance(c) > 0.6f ? Rgb{0.3f, 0.3f, 0.35f} : Rgb{0.95f, 0.95f, 0.9f});
  } else if (object == "clock") {
    const int hour = static_cast<int>(random.below(12));
    d.ellipse({0, 0}, 0.62f, 0.62f, c);
    d.ellipse({0, 0}, 0.52f, 0.52f, {0.97f, 0.97f, 0.95f});
    for (int i = 0; i < 12; ++i) {
      const float a = static_cast<float>(i) * 0.5236f;
      d.line({0.42f * std::sin(a), -0.42f * std::cos(a)}, {0.48f * std::sin(a), -0.48f * std::cos(a)}, 0.04f, kDark);
    }
    const float ha = static_cast<float>(hour) * 0.5236f;
    d.line({0, 0}, {0.27f * std::sin(ha), -0.27f * std::cos(ha)}, 0.07f, kDark);
    d.line({0, 0}, {0, -0.4f}, 0.045f, kDark);
    detail = std::string("showing ") + kHours[hour] + " o'clock";
  } else {  // umbrella
    Contour canopy = ellipseArc({0, -0.2f}, 0.75f, 0.5f, 3.1416f, 6.2832f, 24);
    d.polygon(canopy, c);
    d.line({0, -0.7f}, {0, 0.55f}, 0.05f, kDark);
    d.polyline(ellipseArc({-0.12f, 0.55f}, 0.12f, 0.12f, 0, 3.1416f, 8), 0.06f, kDark);
  }
  const Placement placement = choosePlacement(random);
  paintItemBackground(canvas, random, luminance(c));
  placeDrawing(canvas, d, placement, stimulus);

  const std::string name(colour.name);
  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  const std::string thing = object == "scissors" ? "pair of scissors" : object;
  switch (random.below(4)) {
    case 0: stimulus.caption = article(name) + " " + name + " " + thing + ", " + size + ", " + where; break;
    case 1: stimulus.caption = "a " + size + " " + thing + " " + inPosition(where); break;
    case 2: stimulus.caption = "a picture of " + article(thing) + " " + thing + ", " + name + ", " + where; break;
    default: stimulus.caption = "an everyday object: " + article(thing) + " " + thing + ", " + size;
  }
  if (!detail.empty()) stimulus.caption += " " + detail;
  stimulus.tags = {"object", object, name, size, where};
  if (object == "hammer" || object == "scissors" || object == "key") stimulus.tags.push_back("tool");
}

}  // namespace vl::core
