#include "core/demo/StimulusPainters.h"

#include <cmath>

namespace vl::core {
namespace {
constexpr NamedColour kColours[] = {
    {"red", {0.82f, 0.16f, 0.14f}},   {"blue", {0.16f, 0.32f, 0.82f}},  {"green", {0.18f, 0.6f, 0.24f}},
    {"yellow", {0.95f, 0.84f, 0.18f}}, {"orange", {0.96f, 0.55f, 0.1f}}, {"purple", {0.52f, 0.24f, 0.66f}},
    {"pink", {0.95f, 0.55f, 0.7f}},   {"brown", {0.5f, 0.3f, 0.14f}},   {"grey", {0.52f, 0.52f, 0.52f}},
    {"black", {0.1f, 0.1f, 0.11f}},   {"white", {0.95f, 0.95f, 0.93f}},
};

struct PositionCell {
  int row, column;
  const char* word;
};
constexpr PositionCell kCells[] = {{0, 0, "upper left"}, {0, 1, "top"},    {0, 2, "upper right"},
                                   {1, 0, "left"},       {1, 1, "centre"}, {1, 2, "right"},
                                   {2, 0, "lower left"}, {2, 1, "bottom"}, {2, 2, "lower right"}};

// Where along the free range [half, 1 - half] a cell's centre sits: near the start, middle or end, jittered.
float cellOffset(StimulusRandom& random, int cell) {
  if (cell == 0) return random.uniform(0.0f, 0.12f);
  if (cell == 1) return random.uniform(0.44f, 0.56f);
  return random.uniform(0.88f, 1.0f);
}
}  // namespace

Placement choosePlacement(StimulusRandom& random) {
  Placement placement;
  const int sizeClass = static_cast<int>(random.below(3));
  static constexpr const char* kSizeWords[] = {"small", "medium", "large"};
  static constexpr float kLow[] = {0.26f, 0.42f, 0.66f}, kHigh[] = {0.34f, 0.54f, 0.8f};
  placement.sizeWord = kSizeWords[sizeClass];
  placement.size = random.uniform(kLow[sizeClass], kHigh[sizeClass]);
  if (sizeClass == 2) {
    placement.positionWord = kCells[4].word;
    placement.x = 0.5f + random.uniform(-0.03f, 0.03f);
    placement.y = 0.5f + random.uniform(-0.03f, 0.03f);
  } else {
    positionItem(random, placement.size / 2, placement.size / 2, placement);
  }
  return placement;
}

void positionItem(StimulusRandom& random, float halfWidth, float halfHeight, Placement& placement) {
  const PositionCell& cell = kCells[random.below(9)];
  placement.positionWord = cell.word;
  placement.x = halfWidth + (1 - 2 * halfWidth) * cellOffset(random, cell.column);
  placement.y = halfHeight + (1 - 2 * halfHeight) * cellOffset(random, cell.row);
}

void placeDrawing(StimulusCanvas& canvas, const StimulusDrawing& drawing, const Placement& placement,
                  Stimulus& stimulus) {
  const float w = static_cast<float>(canvas.width()), h = static_cast<float>(canvas.height());
  drawing.render(canvas, {placement.x * w, placement.y * h}, placement.size * w);
  stimulus.centreX = 2 * placement.x - 1;
  stimulus.centreY = 1 - 2 * placement.y;
  stimulus.size = placement.size;
}

std::string inPosition(const std::string& positionWord) {
  if (positionWord == "top" || positionWord == "bottom") return "at the " + positionWord;
  if (positionWord == "left" || positionWord == "right") return "on the " + positionWord;
  return "in the " + positionWord;
}

Rgb fromHsv(float hue, float saturation, float value) {
  const float h = (hue - std::floor(hue)) * 6;
  const int sector = static_cast<int>(h) % 6;
  const float f = h - std::floor(h);
  const float p = value * (1 - saturation), q = value * (1 - saturation * f), t = value * (1 - saturation * (1 - f));
  switch (sector) {
    case 0: return {value, t, p};
    case 1: return {q, value, p};
    case 2: return {p, value, t};
    case 3: return {p, q, value};
    case 4: return {t, p, value};
    default: return {value, p, q};
  }
}

void paintItemBackground(StimulusCanvas& canvas, StimulusRandom& random, float itemLuminance) {
  const bool darkPossible = itemLuminance > 0.45f, lightPossible = itemLuminance < 0.55f;
  const bool dark = darkPossible && (!lightPossible || random.chance(0.5));
  float value = dark ? random.uniform(0.16f, std::min(0.34f, itemLuminance - 0.3f)) : random.uniform(0.72f, 0.95f);
  if (!dark) value = std::max(value, std::min(0.95f, itemLuminance + 0.32f));
  const Rgb base = fromHsv(random.uniform(0, 1), random.uniform(0.0f, 0.3f), value);
  const Rgb other = scaled(base, dark ? random.uniform(0.7f, 1.0f) : random.uniform(0.88f, 1.0f));
  switch (random.below(3)) {
    case 0: canvas.fill(base); break;
    case 1: canvas.linearGradient(base, other, random.uniform(0, 6.2831853f)); break;
    default:
      canvas.radialGradient({canvas.width() * random.uniform(0.3f, 0.7f), canvas.height() * random.uniform(0.3f, 0.7f)},
                            canvas.width() * 0.9f, base, other);
  }
}

const NamedColour& pickColour(StimulusRandom& random) { return random.pick(kColours); }

}  // namespace vl::core
