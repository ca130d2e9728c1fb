// Faces: identity (head shape, skin tone, hair, eye spacing), pose (turned left / frontal / turned right: the
// features slide towards the turn and the far eye narrows), expression (the mouth's curve and the brows), size
// and position. "Turned left" means the face looks towards the image's left edge.
#include <array>
#include <cmath>

#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
struct Tone {
  const char* word;
  Rgb rgb;
};
constexpr Tone kSkins[] = {{"light", {0.96f, 0.82f, 0.71f}},
                           {"light", {0.93f, 0.76f, 0.62f}},
                           {"tan", {0.84f, 0.64f, 0.46f}},
                           {"brown", {0.62f, 0.42f, 0.27f}},
                           {"dark", {0.42f, 0.27f, 0.17f}}};
// Dark hair stays above the pupils' luminance so that the pupils are the darkest thing on a face.
constexpr Tone kHair[] = {{"dark", {0.24f, 0.16f, 0.1f}},  {"blond", {0.9f, 0.78f, 0.45f}},
                          {"red", {0.72f, 0.32f, 0.13f}},  {"grey", {0.72f, 0.72f, 0.72f}},
                          {"brown", {0.45f, 0.28f, 0.14f}}, {"no", {0, 0, 0}}};
constexpr Rgb kIrises[] = {{0.4f, 0.25f, 0.12f}, {0.25f, 0.45f, 0.7f}, {0.3f, 0.5f, 0.3f}};
constexpr Rgb kPupil{0.03f, 0.02f, 0.02f};

struct Shape {
  const char* word;
  float aspect;
};
constexpr Shape kShapes[] = {{"round", 0.88f}, {"oval", 0.76f}, {"long", 0.66f}};
}  // namespace

void paintFace(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  const Shape& shape = random.pick(kShapes);
  const Tone& skin = random.pick(kSkins);
  const Tone& hair = random.pick(kHair);
  const bool bald = std::string_view(hair.word) == "no";
  const bool longHair = !bald && random.chance(0.4);
  const float spacing = random.uniform(0.27f, 0.43f);
  const int turn = static_cast<int>(random.below(3)) - 1;  // -1 left, 0 frontal, +1 right
  const int expression = static_cast<int>(random.below(3));  // 0 smiling, 1 neutral, 2 frowning
  const Placement placement = choosePlacement(random);

  const float rx = shape.aspect * random.uniform(0.95f, 1.05f), ry = 1.0f;
  const float shift = static_cast<float>(turn) * random.uniform(0.28f, 0.36f) * rx;  // features' midline
  const Rgb shade = scaled(skin.rgb, 0.82f);
  const Rgb clothes = pickColour(random).rgb;

  StimulusDrawing d;
  if (longHair) d.ellipse({0, 0.15f}, rx * 1.15f, 1.12f, hair.rgb);
  d.polygon(Contour{{-0.3f * rx, 0.7f}, {0.3f * rx, 0.7f}, {0.34f * rx, 1.22f}, {-0.34f * rx, 1.22f}}, shade);  // neck
  d.polygon(ellipseArc({0, 1.42f}, rx * 1.25f, 0.3f, 3.1416f, 6.2832f, 16), clothes);  // shoulders' collar
  // Ears: both when frontal, only the one on the side away from the turn otherwise.
  for (int side : {-1, 1})
    if (turn == 0 || side == -turn) d.ellipse({side * rx * (turn == 0 ? 0.98f : 0.9f), 0.02f}, 0.13f, 0.2f, shade);
  d.ellipse({0, 0}, rx, ry, skin.rgb);
  if (turn != 0)  // the cheek towards the viewer catches more light
    d.ellipse({-shift * 0.8f, 0.15f}, rx * 0.45f, 0.5f, mix(skin.rgb, {1, 1, 1}, 0.08f));
  if (!bald) {
    Contour cap = ellipseArc({0, 0}, rx * 1.05f, 1.05f, 3.1416f - 0.25f, 6.2832f + 0.25f, 24);
    const Contour inner = ellipseArc({shift * 0.3f, -0.05f}, rx * 0.92f, 0.6f, 6.2832f + 0.25f, 3.1416f - 0.25f, 24);
    cap.insert(cap.end(), inner.begin(), inner.end());
    d.polygon(cap, hair.rgb);
  }
  // Eyes: the one on the turn side is further away, so narrower and closer to the midline.
  const Rgb iris = random.pick(kIrises);
  const Rgb brow = mix(bald ? Rgb{0.3f, 0.2f, 0.12f} : hair.rgb, skin.rgb, 0.25f);
  for (int side : {-1, 1}) {
    const bool far = turn != 0 && side == turn;
    const float squeeze = far ? 0.62f : 1.0f;
    const float ex = shift + side * spacing * rx * squeeze, ey = -0.12f;
    d.ellipse({ex, ey}, 0.14f * rx * squeeze, 0.075f, {0.97f, 0.97f, 0.95f});
    const float look = static_cast<float>(turn) * 0.05f * rx;
    d.ellipse({ex + look, ey}, 0.07f * squeeze, 0.065f, iris);
    d.ellipse({ex + look, ey}, 0.045f * squeeze, 0.045f, kPupil);
    // Brows: inner ends low when frowning, the whole brow raised a little when smiling.
    const float lift = expression == 0 ? -0.03f : 0.0f;
    const float innerDrop = expression == 2 ? 0.07f : 0.0f;
    const float inner = ex - side * 0.13f * rx * squeeze, outer = ex + side * 0.14f * rx * squeeze;
    d.line({inner, -0.3f + lift + innerDrop}, {outer, -0.32f + lift}, 0.055f, brow);
  }
  // Nose: a short ridge and, when turned, a wedge pointing towards the turn.
  if (turn == 0) {
    d.line({shift, -0.05f}, {shift + 0.02f, 0.2f}, 0.045f, shade);
    d.ellipse({shift, 0.24f}, 0.09f * rx, 0.035f, shade);
  } else {
    d.polygon(Contour{{shift, -0.08f}, {shift + turn * 0.17f * rx, 0.24f}, {shift - turn * 0.02f, 0.27f}}, shade);
  }
  // Mouth: a curve whose middle dips (smile) or rises (frown).
  const float curve = expression == 0 ? 0.11f : (expression == 1 ? 0.0f : -0.09f);
  const float halfWidth = (turn == 0 ? 0.27f : 0.21f) * rx;
  Contour mouth;
  for (int i = 0; i <= 8; ++i) {
    const float t = static_cast<float>(i) / 4 - 1;
    mouth.push_back({shift * 1.05f + t * halfWidth, 0.5f + curve * (1 - t * t)});
  }
  d.polyline(mouth, 0.07f, {0.62f, 0.2f, 0.2f});

  paintItemBackground(canvas, random, luminance(skin.rgb));
  placeDrawing(canvas, d, placement, stimulus);

  static constexpr std::array<const char*, 3> kExpressions = {"smiling", "neutral", "frowning"};
  static constexpr std::array<const char*, 3> kPoseTags = {"turned left", "frontal", "turned right"};
  static constexpr std::array<const char*, 3> kPoses = {"turned left", "facing forward", "turned right"};
  static constexpr std::array<const char*, 3> kLooks = {"looking left", "looking straight ahead", "looking right"};
  const std::string expressionWord = kExpressions[static_cast<std::size_t>(expression)];
  const std::size_t pose = static_cast<std::size_t>(turn + 1);
  const std::string hairPhrase = bald ? "no hair" : std::string(hair.word) + " hair";
  const std::string eyes = spacing > 0.38f ? "wide-set eyes" : (spacing < 0.32f ? "close-set eyes" : "average eyes");
  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  switch (random.below(5)) {
    case 0:
      stimulus.caption = "a " + expressionWord + " face " + kPoses[pose] + ", " + size + ", " + where;
      break;
    case 1:
      stimulus.caption = "a " + size + " " + expressionWord + " face " + kLooks[pose] + " " + inPosition(where);
      break;
    case 2:
      stimulus.caption = "a face " + std::string(kPoses[pose]) + ", " + expressionWord + ", with " + hairPhrase +
                         ", " + where;
      break;
    case 3:
      stimulus.caption = "portrait of a " + expressionWord + " person " + kLooks[pose] + " " + inPosition(where) +
                         ", " + size;
      break;
    default:
      stimulus.caption = "a " + std::string(shape.word) + " " + expressionWord + " face with " + skin.word +
                         " skin and " + eyes + ", " + kPoses[pose] + ", " + where;
  }
  stimulus.tags = {"face", expressionWord, kPoseTags[pose], size, where, std::string(shape.word) + " face",
                   std::string(skin.word) + " skin", bald ? "bald" : hairPhrase, eyes};
  if (longHair) stimulus.tags.push_back("long hair");
}

}  // namespace vl::core
