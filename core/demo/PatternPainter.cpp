// Low-level patterns for retinotopy and early visual tuning: sinusoidal gratings (orientation, spatial
// frequency, contrast, full field or in a soft-edged patch) and checkerboards (check density; full field, a
// central disc, a ring at some eccentricity or a polar-angle wedge). Orientation: degrees in [0, 180), 0 =
// vertical bars, increasing counter-clockwise (45 = bars tilted left, top towards the left).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
constexpr float kPi = 3.14159265358979f;
constexpr Rgb kGrey{0.5f, 0.5f, 0.5f};

// Smooth aperture: 1 inside `radius`, falling to 0 over `edge` with a raised cosine.
float softEdge(float distance, float radius, float edge) {
  if (distance <= radius - edge) return 1;
  if (distance >= radius) return 0;
  return 0.5f + 0.5f * std::cos(kPi * (distance - radius + edge) / edge);
}

// Centre and larger side of the region where `weight` > 0.5 (what is visibly drawn), in stimulus units.
template <typename Weight>
void recordExtent(const StimulusCanvas& canvas, Weight&& weight, Stimulus& stimulus) {
  int x0 = canvas.width(), y0 = canvas.height(), x1 = -1, y1 = -1;
  for (int y = 0; y < canvas.height(); ++y)
    for (int x = 0; x < canvas.width(); ++x)
      if (weight(x, y) > 0.5f) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
  if (x1 < 0) return;
  const float w = static_cast<float>(canvas.width()), h = static_cast<float>(canvas.height());
  stimulus.centreX = (x0 + x1 + 1) / w - 1;
  stimulus.centreY = 1 - (y0 + y1 + 1) / h;
  stimulus.size = std::max(x1 - x0 + 1, y1 - y0 + 1) / w;
}

void paintGrating(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kOrientationWords[] = {"vertical", "tilted left", "horizontal", "tilted right"};
  const int bin = static_cast<int>(random.below(4));
  float orientation = static_cast<float>(bin) * 45.0f + random.uniform(-14.0f, 14.0f);
  if (orientation < 0) orientation += 180.0f;
  const int frequencyClass = static_cast<int>(random.below(3));
  static constexpr const char* kFrequencyWords[] = {"coarse", "medium", "fine"};
  static constexpr float kLow[] = {2.0f, 4.5f, 8.0f}, kHigh[] = {3.5f, 6.5f, 11.0f};
  const float frequency = random.uniform(kLow[frequencyClass], kHigh[frequencyClass]);
  const bool lowContrast = random.chance(0.3);
  const float contrast = lowContrast ? random.uniform(0.25f, 0.4f) : random.uniform(0.8f, 1.0f);
  const float phase = random.uniform(0, 2 * kPi);
  const bool tinted = random.chance(0.25);
  const Rgb dark = tinted ? Rgb{0.1f, 0.2f, 0.6f} : Rgb{0, 0, 0};
  const Rgb light = tinted ? Rgb{1.0f, 0.9f, 0.3f} : Rgb{1, 1, 1};
  const bool fullField = random.chance(0.5);
  Placement placement;
  if (!fullField) {
    const int sizeClass = static_cast<int>(random.below(2));
    placement.sizeWord = sizeClass == 0 ? "small" : "large";
    placement.size = sizeClass == 0 ? random.uniform(0.3f, 0.4f) : random.uniform(0.5f, 0.62f);
    positionItem(random, placement.size / 2, placement.size / 2, placement);
  }
  const float w = static_cast<float>(canvas.width());
  const float theta = orientation * kPi / 180.0f;
  // Normal to the bars in pixel coordinates (y down): (cos, -sin) of the angle measured with y up.
  const float nx = std::cos(theta), ny = -std::sin(theta);
  auto weight = [&](int x, int y) {
    if (fullField) return 1.0f;
    const float dx = (x + 0.5f) / w - placement.x, dy = (y + 0.5f) / w - placement.y;
    return softEdge(std::sqrt(dx * dx + dy * dy), placement.size / 2, placement.size * 0.12f);
  };
  for (int y = 0; y < canvas.height(); ++y)
    for (int x = 0; x < canvas.width(); ++x) {
      const float u = (x + 0.5f) / w, v = (y + 0.5f) / w;
      const float value = 0.5f + 0.5f * contrast * std::sin(2 * kPi * frequency * (u * nx + v * ny) + phase);
      canvas.set(x, y, mix(kGrey, mix(dark, light, value), weight(x, y)));
    }
  if (fullField) {
    stimulus.centreX = stimulus.centreY = 0;
    stimulus.size = 1;
  } else {
    recordExtent(canvas, weight, stimulus);
  }
  stimulus.orientation = orientation;
  stimulus.spatialFrequency = frequency;

  const std::string orientationWord = kOrientationWords[bin];
  const bool tilted = bin % 2 == 1;
  const std::string frequencyWord = kFrequencyWords[frequencyClass];
  const std::string contrastWord = lowContrast ? "low-contrast " : "";
  const std::string grating = tilted ? contrastWord + "grating " + orientationWord : contrastWord + orientationWord + " grating";
  const std::string where = fullField ? "full field" : placement.positionWord;
  switch (random.below(3)) {
    case 0:
      stimulus.caption = "a " + grating + ", " + frequencyWord + ", " +
                         (fullField ? where : "in a " + placement.sizeWord + " patch, " + where);
      break;
    case 1:
      stimulus.caption = "a " + frequencyWord + " " + grating + (fullField ? " filling the image" : " " + inPosition(where));
      break;
    default:
      stimulus.caption = std::string(tinted ? "blue and yellow " : "") + "stripes, " + orientationWord + ", " +
                         frequencyWord + ", " + (fullField ? where : placement.sizeWord + " patch " + inPosition(where));
  }
  stimulus.tags = {"pattern", "grating", orientationWord, frequencyWord, fullField ? "full field" : "patch", where};
  if (lowContrast) stimulus.tags.push_back("low contrast");
}

void paintCheckerboard(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr int kChecks[] = {4, 6, 8, 12, 16};
  const int checks = random.pick(kChecks);
  const std::string frequencyWord = checks <= 6 ? "coarse" : (checks == 8 ? "medium" : "fine");
  const int layout = static_cast<int>(random.below(4));  // full field, disc, ring, wedge
  float inner = 0, outer = 1, direction = 0;
  std::string eccentricity, where;
  static constexpr const char* kDirections[] = {"right", "upper right", "top", "upper left",
                                                "left",  "lower left",  "bottom", "lower right"};
  if (layout == 1) {
    outer = random.uniform(0.15f, 0.3f);
    eccentricity = "centre";
  } else if (layout == 2) {
    const int ring = static_cast<int>(random.below(3));
    static constexpr float kInner[] = {0.06f, 0.2f, 0.38f}, kWidth[] = {0.12f, 0.14f, 0.16f};
    inner = kInner[ring] + random.uniform(-0.02f, 0.02f);
    outer = inner + kWidth[ring];
    static constexpr const char* kEccentricities[] = {"near the centre", "at middle eccentricity", "in the periphery"};
    eccentricity = kEccentricities[ring];
  } else if (layout == 3) {
    const int d = static_cast<int>(random.below(8));
    direction = static_cast<float>(d) * kPi / 4;
    where = kDirections[d];
    inner = 0.04f;
    outer = random.uniform(0.4f, 0.5f);
  }
  const float halfAngle = random.uniform(0.45f, 0.6f);  // wedge: ~50-70 degrees in all
  const bool coloured = random.chance(0.2);
  const Rgb a = coloured ? Rgb{0.85f, 0.15f, 0.15f} : Rgb{0.02f, 0.02f, 0.02f};
  const Rgb b = coloured ? Rgb{0.15f, 0.7f, 0.25f} : Rgb{0.98f, 0.98f, 0.98f};
  const float w = static_cast<float>(canvas.width());
  const float shiftX = random.uniform(0, 1), shiftY = random.uniform(0, 1);  // check phase
  auto weight = [&](int x, int y) {
    if (layout == 0) return 1.0f;
    const float dx = (x + 0.5f) / w - 0.5f, dy = 0.5f - (y + 0.5f) / w;
    const float r = std::sqrt(dx * dx + dy * dy);
    float value = std::min(softEdge(r, outer, 0.02f), 1 - softEdge(r, inner, 0.02f));
    if (layout == 1) value = softEdge(r, outer, 0.02f);
    if (layout == 3) {
      float angle = std::atan2(dy, dx) - direction;
      angle = std::abs(std::remainder(angle, 2 * kPi));
      value = std::min(value, softEdge(angle * r, halfAngle * r, 0.02f));
    }
    return value;
  };
  for (int y = 0; y < canvas.height(); ++y)
    for (int x = 0; x < canvas.width(); ++x) {
      const int parity = static_cast<int>(std::floor((x + 0.5f) / w * checks + shiftX)) +
                         static_cast<int>(std::floor((y + 0.5f) / w * checks + shiftY));
      canvas.set(x, y, mix(kGrey, (parity & 1) ? a : b, weight(x, y)));
    }
  if (layout == 0) {
    stimulus.centreX = stimulus.centreY = 0;
    stimulus.size = 1;
  } else {
    recordExtent(canvas, weight, stimulus);
  }
  stimulus.spatialFrequency = static_cast<float>(checks);
  stimulus.orientation = std::numeric_limits<float>::quiet_NaN();

  const std::string colourWords = coloured ? "red and green " : "";
  switch (layout) {
    case 0:
      stimulus.caption = "a " + frequencyWord + " " + colourWords + "checkerboard, full field";
      stimulus.tags = {"pattern", "checkerboard", "full field", frequencyWord};
      break;
    case 1:
      stimulus.caption = "a " + frequencyWord + " " + colourWords + "checkerboard disc in the centre";
      stimulus.tags = {"pattern", "checkerboard", "disc", "centre", frequencyWord};
      break;
    case 2:
      stimulus.caption = random.chance(0.5) ? "a " + colourWords + "checkerboard ring " + eccentricity
                                            : "a " + frequencyWord + " checkerboard ring " + eccentricity;
      stimulus.tags = {"pattern", "checkerboard", "ring", eccentricity, frequencyWord};
      break;
    default:
      stimulus.caption = "a " + frequencyWord + " " + colourWords + "checkerboard wedge " + inPosition(where);
      stimulus.tags = {"pattern", "checkerboard", "wedge", where, frequencyWord};
  }
}
}  // namespace

void paintPattern(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  if (random.chance(0.55)) paintGrating(canvas, random, stimulus);
  else paintCheckerboard(canvas, random, stimulus);
}

}  // namespace vl::core
