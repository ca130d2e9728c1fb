// Bodies and hands: a figure of capsules (limbs with volume, torso, head) in one of several poses, or a hand
// with fingers making a gesture. Poses are joint angles, so the limbs really are where the caption says.
#include <array>
#include <cmath>
#include <string>

#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
constexpr Rgb kSkins[] = {{0.96f, 0.82f, 0.71f}, {0.84f, 0.64f, 0.46f}, {0.62f, 0.42f, 0.27f}, {0.42f, 0.27f, 0.17f}};

// Angles of each limb segment, radians from straight down, positive towards +x; the figure faces +x.
struct Pose {
  const char* word;    // tag
  const char* phrase;  // caption, {dir} is replaced by "to the left"/"to the right"
  float arms[2][2];    // [back/front arm][upper, lower]
  float legs[2][2];
  float lean;          // torso lean towards +x
  bool directional;
};
constexpr Pose kPoses[] = {
    {"standing", "standing", {{-0.18f, -0.1f}, {0.18f, 0.1f}}, {{-0.1f, -0.05f}, {0.1f, 0.05f}}, 0, false},
    {"walking", "walking {dir}", {{0.45f, 0.7f}, {-0.4f, -0.2f}}, {{-0.4f, -0.15f}, {0.38f, 0.05f}}, 0.05f, true},
    {"running", "running {dir}", {{0.95f, 2.2f}, {-0.9f, 0.3f}}, {{-0.85f, -0.1f}, {0.95f, -0.6f}}, 0.25f, true},
    {"arms raised", "with both arms raised", {{-2.6f, -2.85f}, {2.6f, 2.85f}}, {{-0.2f, -0.15f}, {0.2f, 0.15f}}, 0, false},
    {"waving", "waving", {{-0.2f, -0.1f}, {2.1f, 2.9f}}, {{-0.1f, -0.05f}, {0.1f, 0.05f}}, 0, false},
    {"sitting", "sitting on a stool", {{0.5f, 1.2f}, {0.4f, 1.3f}}, {{1.5f, 0.0f}, {1.45f, 0.05f}}, 0, false},
    {"jumping", "jumping", {{-2.2f, -2.5f}, {2.2f, 2.5f}}, {{-0.5f, 0.3f}, {0.5f, -0.3f}}, 0, false},
};

Point step(Point from, float angle, float length) {
  return {from.x + length * std::sin(angle), from.y + length * std::cos(angle)};
}

void paintFigure(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  const Pose& pose = random.pick(kPoses);
  const float facing = random.chance(0.5) ? 1.0f : -1.0f;  // +1: faces right
  const Rgb skin = random.pick(kSkins);
  const NamedColour& shirt = pickColour(random);
  static constexpr Rgb kTrousers[] = {{0.15f, 0.2f, 0.4f}, {0.25f, 0.25f, 0.27f}, {0.45f, 0.35f, 0.25f}};
  const Rgb trousers = random.pick(kTrousers);
  const Placement placement = choosePlacement(random);

  StimulusDrawing d;
  const Point hip{0, 0.55f};
  const Point neck = step(hip, 3.1416f - pose.lean * facing, 0.34f);
  if (std::string_view(pose.word) == "sitting") {  // the stool under the figure
    d.polygon(Contour{{-0.15f, 0.57f}, {0.2f, 0.57f}, {0.2f, 0.62f}, {-0.15f, 0.62f}}, {0.45f, 0.3f, 0.15f});
    d.line({-0.12f, 0.6f}, {-0.12f, 0.95f}, 0.04f, {0.45f, 0.3f, 0.15f});
    d.line({0.17f, 0.6f}, {0.17f, 0.95f}, 0.04f, {0.45f, 0.3f, 0.15f});
  }
  auto limb = [&](Point root, const float (&angles)[2], float l1, float l2, float w1, float w2, Rgb colour, Rgb end,
                  float endSize) {
    const Point joint = step(root, angles[0] * facing, l1);
    const Point tip = step(joint, angles[1] * facing, l2);
    d.line(root, joint, w1, colour);
    d.line(joint, tip, w2, colour);
    d.ellipse(tip, endSize, endSize * 0.8f, end);
  };
  const Rgb backShade = scaled(shirt.rgb, 0.8f);
  limb(neck, pose.arms[0], 0.2f, 0.18f, 0.08f, 0.07f, backShade, skin, 0.045f);  // arm behind the torso
  limb(hip, pose.legs[0], 0.25f, 0.24f, 0.11f, 0.09f, scaled(trousers, 0.8f), {0.15f, 0.12f, 0.1f}, 0.06f);
  d.line(neck, hip, 0.2f, shirt.rgb);
  limb(hip, pose.legs[1], 0.25f, 0.24f, 0.11f, 0.09f, trousers, {0.15f, 0.12f, 0.1f}, 0.06f);
  const Point head = step(neck, 3.1416f - pose.lean * facing, 0.14f);
  d.ellipse(head, 0.105f, 0.12f, skin);
  d.ellipse({head.x + facing * 0.055f, head.y - 0.01f}, 0.018f, 0.018f, {0.1f, 0.08f, 0.08f});  // the eye shows facing
  limb(neck, pose.arms[1], 0.2f, 0.18f, 0.08f, 0.07f, shirt.rgb, skin, 0.045f);

  paintItemBackground(canvas, random, luminance(shirt.rgb) * 0.5f + luminance(trousers) * 0.5f);
  placeDrawing(canvas, d, placement, stimulus);

  std::string phrase = pose.phrase;
  const std::string direction = facing > 0 ? "to the right" : "to the left";
  if (const auto at = phrase.find("{dir}"); at != std::string::npos) phrase.replace(at, 5, direction);
  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  switch (random.below(4)) {
    case 0: stimulus.caption = "a person " + phrase + ", " + size + ", " + where; break;
    case 1: stimulus.caption = "a " + size + " figure " + phrase + " " + inPosition(where); break;
    case 2: stimulus.caption = "a person in a " + std::string(shirt.name) + " shirt " + phrase + ", " + where; break;
    default: stimulus.caption = "the body of a person " + phrase + ", " + size;
  }
  stimulus.tags = {"body", "person", pose.word, facing > 0 ? "facing right" : "facing left", size, where,
                   std::string(shirt.name) + " shirt"};
}

struct Gesture {
  const char* word;
  const char* phrase;
  bool extended[4];  // index, middle, ring, little
  bool thumbUp;
};
constexpr Gesture kGestures[] = {
    {"open hand", "an open hand", {true, true, true, true}, false},
    {"fist", "a hand making a fist", {false, false, false, false}, false},
    {"pointing", "a hand pointing with one finger", {true, false, false, false}, false},
    {"two fingers", "a hand showing two fingers", {true, true, false, false}, false},
    {"thumbs up", "a hand giving a thumbs up", {false, false, false, false}, true},
};

void paintHand(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  const Gesture& gesture = random.pick(kGestures);
  const Rgb skin = random.pick(kSkins);
  const Rgb shade = scaled(skin, 0.75f);
  const NamedColour& sleeve = pickColour(random);
  const int tilt = static_cast<int>(random.below(3)) - 1;
  const float mirror = random.chance(0.5) ? 1.0f : -1.0f;  // left or right hand: the thumb's side
  const Placement placement = choosePlacement(random);

  StimulusDrawing d;
  d.line({0, 0.35f}, {0, 0.9f}, 0.5f, shade);
  d.polygon(Contour{{-0.3f, 0.75f}, {0.3f, 0.75f}, {0.34f, 1.05f}, {-0.34f, 1.05f}}, sleeve.rgb);
  d.ellipse({0, 0.05f}, 0.34f, 0.38f, shade);
  d.ellipse({0, 0.05f}, 0.31f, 0.35f, skin);
  const float xs[4] = {-0.21f, -0.07f, 0.07f, 0.2f}, lengths[4] = {0.55f, 0.6f, 0.55f, 0.42f};
  for (int f = 0; f < 4; ++f) {
    const float x = xs[f] * mirror;
    const float spread = (gesture.extended[0] && gesture.extended[3]) ? (x * 0.6f) : (gesture.extended[1] && !gesture.extended[2] ? (f == 0 ? -0.12f : 0.12f) * mirror : 0);
    if (gesture.extended[f]) {
      const Point base{x, -0.2f}, tip{x + std::sin(spread) * lengths[f], -0.2f - std::cos(spread) * lengths[f]};
      d.line(base, tip, 0.15f, shade);
      d.line(base, tip, 0.115f, skin);
    } else {  // folded: a knuckle
      d.ellipse({x, -0.27f}, 0.075f, 0.09f, shade);
      d.ellipse({x, -0.26f}, 0.058f, 0.072f, skin);
    }
  }
  const Point thumbBase{-0.27f * mirror, 0.12f};
  const Point thumbTip = gesture.thumbUp ? Point{-0.3f * mirror, -0.55f}
                                         : (gesture.extended[0] && gesture.extended[3] ? Point{-0.62f * mirror, -0.15f}
                                                                                       : Point{-0.02f * mirror, -0.08f});
  d.line(thumbBase, thumbTip, 0.17f, shade);
  d.line(thumbBase, thumbTip, 0.13f, skin);
  d.rotate(static_cast<float>(tilt) * 0.5f);

  paintItemBackground(canvas, random, luminance(skin));
  placeDrawing(canvas, d, placement, stimulus);
  static constexpr std::array<const char*, 3> kTilts = {"tilted left", "upright", "tilted right"};
  const char* tiltWord = kTilts[static_cast<std::size_t>(tilt + 1)];
  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  switch (random.below(3)) {
    case 0: stimulus.caption = std::string(gesture.phrase) + ", " + size + ", " + where; break;
    case 1: stimulus.caption = std::string(gesture.phrase) + ", " + tiltWord + ", " + inPosition(where); break;
    default: stimulus.caption = "a " + size + " " + (tilt == 0 ? "" : std::string(tiltWord) + " ") + "hand with a " + std::string(sleeve.name) + " sleeve: " + gesture.word;
  }
  stimulus.tags = {"body", "hand", gesture.word, tiltWord, size, where};
}
}  // namespace

void paintBody(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  if (random.chance(0.6)) paintFigure(canvas, random, stimulus);
  else paintHand(canvas, random, stimulus);
}

}  // namespace vl::core
