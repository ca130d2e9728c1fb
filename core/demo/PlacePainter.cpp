// Places and scenes: rooms in one-point perspective (floor, ceiling, side walls and back wall meeting at a
// vanishing point, with doors, windows and furniture), building facades with windows, and landscapes with a
// horizon, mountains, roads converging to a vanishing point, sea or fields. Scenes fill the whole image:
// centre (0, 0), size 1.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/demo/StimulusPainters.h"

namespace vl::core {
namespace {
float lerp(float a, float b, float t) { return a + (b - a) * t; }

struct Room {
  float x0, y0, x1, y1;  // back wall, unit coordinates
  // u across (0 left wall .. 1 right wall), t depth (0 image edge .. 1 back wall), h height (0 floor .. 1 ceiling)
  Point at(float u, float t, float h, int size) const {
    const float x = lerp(lerp(0, x0, t), lerp(1, x1, t), u);
    const float y = lerp(lerp(1, y1, t), lerp(0, y0, t), h);
    return {x * size, y * size};
  }
  Contour quad(Point a, Point b, Point c, Point d) const { return {a, b, c, d}; }
};

void box(StimulusCanvas& canvas, const Room& room, float u0, float u1, float t0, float t1, float h, Rgb colour) {
  const int s = canvas.width();
  canvas.polygon(Contour{room.at(u0, t0, h, s), room.at(u1, t0, h, s), room.at(u1, t1, h, s), room.at(u0, t1, h, s)},
                 mix(colour, {1, 1, 1}, 0.15f));
  canvas.polygon(Contour{room.at(u0, t0, 0, s), room.at(u1, t0, 0, s), room.at(u1, t0, h, s), room.at(u0, t0, h, s)},
                 colour);
  const float side = u1 < 0.5f ? u1 : (u0 > 0.5f ? u0 : -1);
  if (side >= 0)
    canvas.polygon(Contour{room.at(side, t0, 0, s), room.at(side, t1, 0, s), room.at(side, t1, h, s),
                           room.at(side, t0, h, s)},
                   scaled(colour, 0.8f));
}

// A window on the back wall (u across it, h up it) or on a side wall; sky inside, a frame cross.
void wallRect(StimulusCanvas& canvas, const Room& room, int wall, float a0, float a1, float h0, float h1, Rgb colour) {
  const int s = canvas.width();
  auto p = [&](float a, float h) {
    if (wall == 0) return room.at(lerp(0, 1, a), 1, h, s);  // back wall: a across
    return room.at(wall < 0 ? 0.0f : 1.0f, a, h, s);        // side wall: a is depth
  };
  canvas.polygon(Contour{p(a0, h0), p(a1, h0), p(a1, h1), p(a0, h1)}, colour);
}

void window(StimulusCanvas& canvas, const Room& room, int wall, float a0, float a1, float h0, float h1) {
  const int s = canvas.width();
  wallRect(canvas, room, wall, a0, a1, h0, h1, {0.93f, 0.93f, 0.9f});
  const float da = (a1 - a0) * 0.1f, dh = (h1 - h0) * 0.1f;
  wallRect(canvas, room, wall, a0 + da, a1 - da, h0 + dh, h1 - dh, {0.55f, 0.75f, 0.95f});
  auto p = [&](float a, float h) { return wall == 0 ? room.at(a, 1, h, s) : room.at(wall < 0 ? 0.0f : 1.0f, a, h, s); };
  canvas.capsule(p((a0 + a1) / 2, h0), p((a0 + a1) / 2, h1), s * 0.008f, {0.93f, 0.93f, 0.9f});
  canvas.capsule(p(a0, (h0 + h1) / 2), p(a1, (h0 + h1) / 2), s * 0.008f, {0.93f, 0.93f, 0.9f});
}

void paintRoom(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kKinds[] = {"kitchen", "bedroom", "living room", "corridor", "empty room"};
  const std::string kind = random.pick(kKinds);
  const bool corridor = kind == "corridor";
  const int s = canvas.width();
  const float vx = 0.5f + random.uniform(-0.16f, 0.16f), vy = 0.45f + random.uniform(-0.07f, 0.07f);
  const float halfWidth = corridor ? random.uniform(0.07f, 0.12f) : random.uniform(0.2f, 0.3f);
  const float halfHeight = halfWidth * (corridor ? random.uniform(1.4f, 1.8f) : random.uniform(0.8f, 1.05f));
  const Room room{vx - halfWidth, vy - halfHeight, vx + halfWidth, vy + halfHeight * 0.9f};
  const Rgb wall = fromHsv(random.uniform(0, 1), random.uniform(0.08f, 0.35f), random.uniform(0.62f, 0.9f));
  static constexpr Rgb kFloors[] = {{0.55f, 0.36f, 0.2f}, {0.45f, 0.45f, 0.47f}, {0.7f, 0.6f, 0.45f}, {0.3f, 0.35f, 0.5f}};
  const Rgb floor = random.pick(kFloors);

  canvas.fill(mix(wall, {1, 1, 1}, 0.35f));  // ceiling
  const Point tl{room.x0 * s, room.y0 * s}, tr{room.x1 * s, room.y0 * s}, bl{room.x0 * s, room.y1 * s},
      br{room.x1 * s, room.y1 * s};
  const float S = static_cast<float>(s);
  canvas.polygon(Contour{{0, S}, {S, S}, br, bl}, floor);
  canvas.polygon(Contour{{0, 0}, tl, bl, {0, S}}, scaled(wall, 0.86f));
  canvas.polygon(Contour{{S, 0}, tr, br, {S, S}}, scaled(wall, 0.76f));
  canvas.polygon(Contour{tl, tr, br, bl}, wall);
  for (int i = 1; i < 8; ++i) {  // floor boards or tile joints, converging on the vanishing point
    const float u = static_cast<float>(i) / 8;
    canvas.capsule(room.at(u, 0, 0, s), room.at(u, 1, 0, s), S * 0.004f, scaled(floor, 0.8f));
  }
  const int windowWall = static_cast<int>(random.below(3)) - 1;
  std::string feature;
  if (corridor) {
    for (int side : {-1, 1})
      for (float t : {0.25f, 0.6f}) wallRect(canvas, room, side, t, t + 0.12f, 0, 0.7f, {0.42f, 0.27f, 0.15f});
    wallRect(canvas, room, 0, 0.3f, 0.7f, 0, 0.75f, {0.4f, 0.26f, 0.14f});
    feature = "doors on both sides";
  } else {
    const float door = random.uniform(0.1f, 0.55f);
    const int doorWall = windowWall == 0 ? (random.chance(0.5) ? -1 : 1) : 0;
    if (doorWall == 0) wallRect(canvas, room, 0, door, door + 0.3f, 0, 0.72f, {0.42f, 0.27f, 0.15f});
    else wallRect(canvas, room, doorWall, 0.55f, 0.8f, 0, 0.75f, {0.42f, 0.27f, 0.15f});
    if (windowWall == 0) window(canvas, room, 0, 0.3f, 0.7f, 0.35f, 0.8f);
    else window(canvas, room, windowWall, 0.2f, 0.55f, 0.35f, 0.8f);
    feature = windowWall == 0 ? "a window on the back wall"
                              : (windowWall < 0 ? "a window on the left wall" : "a window on the right wall");
  }
  const Rgb furniture = pickColour(random).rgb;
  if (kind == "kitchen") {
    const bool left = random.chance(0.5);
    const float u0 = left ? 0.0f : 0.72f, u1 = left ? 0.28f : 1.0f;
    box(canvas, room, u0, u1, 0.0f, 0.95f, 0.32f, mix(furniture, {1, 1, 1}, 0.4f));
    box(canvas, room, 0.3f, 0.7f, 0.88f, 1.0f, 0.32f, mix(furniture, {1, 1, 1}, 0.4f));
    feature = "a counter and cupboards";
  } else if (kind == "bedroom") {
    box(canvas, room, 0.3f, 0.8f, 0.35f, 0.95f, 0.2f, furniture);
    box(canvas, room, 0.35f, 0.75f, 0.8f, 0.93f, 0.27f, {0.95f, 0.95f, 0.95f});
    feature = "a bed and " + feature;
  } else if (kind == "living room") {
    box(canvas, room, 0.15f, 0.85f, 0.7f, 0.95f, 0.22f, furniture);
    box(canvas, room, 0.15f, 0.85f, 0.9f, 0.98f, 0.38f, scaled(furniture, 0.85f));
    feature = "a sofa and " + feature;
  }
  const std::string view = std::abs(vx - 0.5f) < 0.06f ? "seen from the doorway"
                                                        : (vx < 0.5f ? "seen from the right side" : "seen from the left side");
  const std::string roomPhrase = kind == "corridor"   ? "a long corridor"
                                 : kind == "empty room" ? "an empty room"
                                 : kind == "kitchen"    ? "a kitchen-like room"
                                                        : "a " + kind;
  switch (random.below(3)) {
    case 0: stimulus.caption = roomPhrase + " " + view; break;
    case 1: stimulus.caption = roomPhrase + " with " + feature; break;
    default: stimulus.caption = "the inside of " + roomPhrase + ", " + view;
  }
  stimulus.tags = {"place", "room", "indoor", kind, view, feature};
}

void paintSky(StimulusCanvas& canvas, StimulusRandom& random, std::string& skyPhrase) {
  switch (random.below(3)) {
    case 0:
      canvas.linearGradient({0.35f, 0.55f, 0.9f}, {0.75f, 0.87f, 0.98f}, 1.5708f);
      skyPhrase = "under a blue sky";
      break;
    case 1:
      canvas.linearGradient({0.45f, 0.3f, 0.55f}, {0.98f, 0.62f, 0.3f}, 1.5708f);
      skyPhrase = "at sunset";
      break;
    default:
      canvas.linearGradient({0.6f, 0.62f, 0.66f}, {0.82f, 0.83f, 0.85f}, 1.5708f);
      skyPhrase = "under a grey sky";
  }
}

void tree(StimulusCanvas& canvas, Point base, float height, Rgb leaves) {
  canvas.polygon(Contour{{base.x - height * 0.06f, base.y}, {base.x + height * 0.06f, base.y},
                         {base.x + height * 0.06f, base.y - height * 0.3f}, {base.x - height * 0.06f, base.y - height * 0.3f}},
                 {0.4f, 0.26f, 0.14f});
  canvas.polygon(Contour{{base.x - height * 0.28f, base.y - height * 0.25f}, {base.x + height * 0.28f, base.y - height * 0.25f},
                         {base.x, base.y - height}},
                 leaves);
}

void paintBuilding(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kKinds[] = {"house", "tall building", "apartment block"};
  const std::string kind = random.pick(kKinds);
  const float S = static_cast<float>(canvas.width());
  std::string sky;
  paintSky(canvas, random, sky);
  const float horizon = random.uniform(0.78f, 0.88f);
  const bool grass = random.chance(0.5);
  canvas.polygon(Contour{{0, horizon * S}, {S, horizon * S}, {S, S}, {0, S}},
                 grass ? Rgb{0.3f, 0.55f, 0.25f} : Rgb{0.55f, 0.55f, 0.55f});
  const float width = kind == "tall building" ? random.uniform(0.35f, 0.5f)
                                              : (kind == "house" ? random.uniform(0.45f, 0.65f) : random.uniform(0.7f, 0.9f));
  const float top = kind == "tall building" ? random.uniform(0.05f, 0.12f)
                                            : (kind == "house" ? random.uniform(0.38f, 0.5f) : random.uniform(0.2f, 0.32f));
  const float x0 = random.uniform(0.04f, 0.96f - width), x1 = x0 + width;
  static constexpr NamedColour kWalls[] = {{"red brick", {0.66f, 0.3f, 0.22f}}, {"white", {0.9f, 0.88f, 0.84f}},
                                           {"grey", {0.6f, 0.6f, 0.62f}},       {"yellow", {0.9f, 0.78f, 0.45f}},
                                           {"concrete", {0.72f, 0.7f, 0.66f}}};
  const NamedColour& facade = random.pick(kWalls);
  const bool corner = random.chance(0.35);  // a second face receding to the right
  if (corner) {
    const float depth = random.uniform(0.08f, 0.15f);
    canvas.polygon(Contour{{x1 * S, top * S}, {(x1 + depth) * S, (top + depth * 0.4f) * S},
                           {(x1 + depth) * S, (horizon - depth * 0.1f) * S}, {x1 * S, horizon * S}},
                   scaled(facade.rgb, 0.7f));
  }
  canvas.polygon(Contour{{x0 * S, top * S}, {x1 * S, top * S}, {x1 * S, horizon * S}, {x0 * S, horizon * S}}, facade.rgb);
  if (kind == "house") {
    canvas.polygon(Contour{{(x0 - 0.04f) * S, top * S}, {(x1 + 0.04f) * S, top * S},
                           {(x0 + x1) / 2 * S, (top - width * 0.4f) * S}},
                   random.chance(0.5) ? Rgb{0.55f, 0.2f, 0.15f} : Rgb{0.3f, 0.3f, 0.33f});
  } else {
    canvas.polygon(Contour{{(x0 - 0.01f) * S, (top - 0.015f) * S}, {(x1 + 0.01f) * S, (top - 0.015f) * S},
                           {(x1 + 0.01f) * S, (top + 0.01f) * S}, {(x0 - 0.01f) * S, (top + 0.01f) * S}},
                   scaled(facade.rgb, 0.6f));
  }
  const int rows = kind == "house" ? 2 : (kind == "tall building" ? random.between(6, 9) : random.between(3, 5));
  const int columns = kind == "tall building" ? random.between(3, 4) : random.between(3, 6);
  const bool dark = random.chance(0.5);
  const Rgb glass = dark ? Rgb{0.15f, 0.2f, 0.32f} : Rgb{0.6f, 0.78f, 0.95f};
  const float cellW = width / columns, cellH = (horizon - top - 0.06f) / rows;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c) {
      const float wx = x0 + (c + 0.25f) * cellW, wy = top + 0.02f + (r + 0.2f) * cellH;
      if (r == rows - 1 && c == columns / 2) continue;  // the door goes here
      canvas.polygon(Contour{{wx * S, wy * S}, {(wx + cellW * 0.5f) * S, wy * S},
                             {(wx + cellW * 0.5f) * S, (wy + cellH * 0.55f) * S}, {wx * S, (wy + cellH * 0.55f) * S}},
                     glass);
    }
  const float doorX = x0 + (columns / 2 + 0.2f) * cellW;
  canvas.polygon(Contour{{doorX * S, (horizon - cellH * 0.85f) * S}, {(doorX + cellW * 0.6f) * S, (horizon - cellH * 0.85f) * S},
                         {(doorX + cellW * 0.6f) * S, horizon * S}, {doorX * S, horizon * S}},
                 {0.35f, 0.22f, 0.12f});
  if (grass && random.chance(0.6)) {
    const float tx = x0 > 0.2f ? random.uniform(0.03f, x0 - 0.05f) : random.uniform(std::min(x1 + 0.08f, 0.95f), 0.97f);
    tree(canvas, {tx * S, horizon * S + 2}, S * random.uniform(0.25f, 0.4f), {0.15f, 0.45f, 0.2f});
  }
  const std::string phrase = kind == "house" ? "a house with a pointed roof"
                             : kind == "tall building" ? "a tall building with many windows"
                                                       : "an apartment block with rows of windows";
  switch (random.below(3)) {
    case 0: stimulus.caption = phrase + " " + sky; break;
    case 1: stimulus.caption = "the " + std::string(facade.name) + " facade of a " + (kind == "apartment block" ? "building" : kind); break;
    default: stimulus.caption = phrase + (corner ? ", seen from the corner" : ", seen from the front");
  }
  stimulus.tags = {"place", "building", "outdoor", kind, std::string(facade.name), sky};
}

void paintLandscape(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kKinds[] = {"mountains", "road", "beach", "field"};
  const std::string kind = random.pick(kKinds);
  const float S = static_cast<float>(canvas.width());
  std::string sky;
  paintSky(canvas, random, sky);
  const float horizon = random.uniform(0.45f, 0.62f);
  const bool mountains = kind == "mountains" || (kind == "road" && random.chance(0.5));
  if (mountains) {
    for (int layer = 0; layer < 2; ++layer) {
      Contour ridge{{-1, horizon * S}};
      float height = random.uniform(0.1f, 0.3f);
      for (float x = -0.05f; x <= 1.1f; x += random.uniform(0.08f, 0.18f)) {
        height = std::clamp(height + random.uniform(-0.14f, 0.14f), 0.04f, layer == 0 ? 0.38f : 0.25f);
        ridge.push_back({x * S, (horizon - height) * S});
      }
      ridge.push_back({S + 1, horizon * S});
      canvas.polygon(ridge, layer == 0 ? Rgb{0.52f, 0.55f, 0.66f} : Rgb{0.35f, 0.4f, 0.45f});
    }
  }
  const Rgb ground = kind == "beach" ? Rgb{0.88f, 0.8f, 0.6f} : Rgb{0.32f, 0.58f, 0.26f};
  canvas.polygon(Contour{{0, horizon * S}, {S, horizon * S}, {S, S}, {0, S}}, ground);
  if (kind == "beach") {
    const float shore = random.uniform(horizon + 0.12f, 0.82f);
    canvas.polygon(Contour{{0, horizon * S}, {S, horizon * S}, {S, shore * S}, {0, (shore + random.uniform(-0.05f, 0.05f)) * S}},
                   {0.2f, 0.45f, 0.7f});
    for (int i = 0; i < 3; ++i) {
      const float y = lerp(horizon, shore, 0.3f + 0.2f * i) * S;
      canvas.capsule({S * random.uniform(0.05f, 0.4f), y}, {S * random.uniform(0.6f, 0.95f), y}, S * 0.006f,
                     {0.55f, 0.72f, 0.88f});
    }
  }
  float vx = 0.5f;
  if (kind == "road") {
    vx = random.uniform(0.3f, 0.7f);
    const float half = random.uniform(0.25f, 0.4f), offset = random.uniform(-0.15f, 0.15f);
    canvas.polygon(Contour{{(vx - 0.006f) * S, horizon * S}, {(vx + 0.006f) * S, horizon * S},
                           {(0.5f + offset + half) * S, S}, {(0.5f + offset - half) * S, S}},
                   {0.3f, 0.3f, 0.32f});
    for (int i = 0; i < 6; ++i) {  // dashes grow towards the viewer
      const float t0 = std::pow(static_cast<float>(i) / 6, 1.6f) + 0.03f, t1 = t0 + 0.06f + 0.03f * i;
      const Point a{lerp(vx, 0.5f + offset, t0) * S, lerp(horizon, 1, t0) * S};
      const Point b{lerp(vx, 0.5f + offset, std::min(t1, 1.0f)) * S, lerp(horizon, 1, std::min(t1, 1.0f)) * S};
      canvas.capsule(a, b, S * (0.002f + 0.008f * t0), {0.95f, 0.9f, 0.6f});
    }
  }
  if (kind == "field" || (kind == "road" && random.chance(0.5))) {
    const int trees = random.between(2, 5);
    for (int i = 0; i < trees; ++i) {
      const float depth = random.uniform(0.1f, 0.9f);
      float x = random.uniform(0.02f, 0.98f);
      if (kind == "road" && std::abs(x - vx) < 0.35f) x = x < vx ? x * 0.4f : 1 - (1 - x) * 0.4f;
      tree(canvas, {x * S, lerp(horizon, 1, depth) * S}, S * (0.08f + 0.3f * depth), {0.12f, 0.4f, 0.18f});
    }
  }
  const std::string phrase = kind == "mountains" ? "mountains on the horizon"
                             : kind == "road"    ? "a road leading to the horizon"
                             : kind == "beach"   ? "a beach by the sea"
                                                 : "a green field with trees";
  switch (random.below(3)) {
    case 0: stimulus.caption = phrase + " " + sky; break;
    case 1: stimulus.caption = "a landscape: " + phrase; break;
    default: stimulus.caption = "an outdoor scene with " + (kind == "road" ? std::string("a road") : kind == "field" ? "trees" : kind == "beach" ? "the sea" : "mountains") + ", " + sky;
  }
  stimulus.tags = {"place", "landscape", "outdoor", kind, sky};
}
}  // namespace

void paintPlace(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  switch (random.below(3)) {
    case 0: paintRoom(canvas, random, stimulus); break;
    case 1: paintBuilding(canvas, random, stimulus); break;
    default: paintLandscape(canvas, random, stimulus);
  }
  stimulus.centreX = 0;
  stimulus.centreY = 0;
  stimulus.size = 1;
}

}  // namespace vl::core
