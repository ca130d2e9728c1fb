// Food: apple, banana, pizza slice, bread, carrot, orange, grapes, donut, watermelon slice, cheese.
#include <cmath>
#include <string>

#include "core/demo/StimulusPainters.h"

namespace vl::core {

void paintFood(StimulusCanvas& canvas, StimulusRandom& random, Stimulus& stimulus) {
  static constexpr const char* kFoods[] = {"apple", "banana", "pizza slice", "bread",  "carrot",
                                           "orange", "grapes", "donut",      "watermelon slice", "cheese"};
  const std::string food = random.pick(kFoods);
  std::string adjective;  // a colour or state word for the caption
  Rgb main;
  StimulusDrawing d;
  const Rgb stem{0.4f, 0.25f, 0.1f}, leaf{0.2f, 0.55f, 0.2f};
  if (food == "apple") {
    static constexpr NamedColour kApples[] = {{"red", {0.8f, 0.12f, 0.12f}}, {"green", {0.5f, 0.78f, 0.25f}},
                                              {"yellow", {0.93f, 0.82f, 0.3f}}};
    const NamedColour& c = random.pick(kApples);
    adjective = c.name;
    main = c.rgb;
    d.ellipse({-0.17f, 0.02f}, 0.4f, 0.44f, main);
    d.ellipse({0.17f, 0.02f}, 0.4f, 0.44f, main);
    d.ellipse({-0.2f, -0.12f}, 0.08f, 0.13f, mix(main, {1, 1, 1}, 0.45f));
    d.line({0, -0.38f}, {0.05f, -0.6f}, 0.05f, stem);
    d.ellipse({0.17f, -0.55f}, 0.13f, 0.06f, leaf, -0.4f);
  } else if (food == "banana") {
    const bool ripe = random.chance(0.7);
    adjective = ripe ? "ripe" : "green";
    main = ripe ? Rgb{0.96f, 0.85f, 0.25f} : Rgb{0.6f, 0.78f, 0.25f};
    Contour crescent = ellipseArc({0, -0.25f}, 0.85f, 0.6f, 0.25f, 2.9f, 20);
    const Contour inner = ellipseArc({0, -0.3f}, 0.72f, 0.38f, 2.8f, 0.35f, 20);
    crescent.insert(crescent.end(), inner.begin(), inner.end());
    d.polygon(crescent, main);
    d.ellipse({0.82f, -0.07f}, 0.05f, 0.05f, stem);
    d.ellipse({-0.82f, -0.07f}, 0.04f, 0.04f, stem);
    d.rotate(random.uniform(-0.6f, 0.6f));
  } else if (food == "pizza slice") {
    main = {0.97f, 0.78f, 0.3f};
    d.polygon(Contour{{-0.5f, -0.55f}, {0.5f, -0.55f}, {0, 0.8f}}, main);
    d.line({-0.52f, -0.58f}, {0.52f, -0.58f}, 0.16f, {0.75f, 0.45f, 0.18f});
    for (int i = 0; i < 4; ++i) {
      const float t = random.uniform(0.1f, 0.6f), s = random.uniform(-0.5f, 0.5f);
      d.ellipse({s * (1 - t) * 0.8f, -0.45f + t * 1.1f}, 0.09f, 0.09f, {0.75f, 0.15f, 0.12f});
    }
    d.rotate(random.uniform(-0.5f, 0.5f));
    adjective = "cheesy";
  } else if (food == "bread") {
    main = {0.78f, 0.52f, 0.24f};
    d.polygon(Contour{{-0.75f, -0.05f}, {0.75f, -0.05f}, {0.75f, 0.32f}, {-0.75f, 0.32f}}, scaled(main, 0.9f));
    d.ellipse({0, -0.05f}, 0.75f, 0.38f, main);
    for (float x : {-0.4f, 0.0f, 0.4f}) d.line({x - 0.1f, -0.25f}, {x + 0.1f, 0.05f}, 0.05f, scaled(main, 0.7f));
    adjective = "fresh";
  } else if (food == "carrot") {
    main = {0.95f, 0.5f, 0.1f};
    for (float a : {-0.4f, 0.0f, 0.4f}) d.line({0, -0.55f}, {0.35f * std::sin(a), -0.55f - 0.35f * std::cos(a)}, 0.06f, leaf);
    d.polygon(Contour{{-0.14f, -0.55f}, {0.14f, -0.55f}, {0.01f, 0.85f}, {-0.01f, 0.85f}}, main);
    for (float y : {-0.3f, 0.0f, 0.3f}) d.line({-0.08f, y}, {0.0f, y + 0.03f}, 0.025f, scaled(main, 0.75f));
    d.rotate(random.uniform(-1.2f, 1.2f));
    adjective = "fresh";
  } else if (food == "orange") {
    main = {0.98f, 0.58f, 0.08f};
    d.ellipse({0, 0}, 0.5f, 0.5f, main);
    d.ellipse({-0.16f, -0.16f}, 0.1f, 0.1f, mix(main, {1, 1, 1}, 0.4f));
    d.ellipse({0.1f, -0.52f}, 0.14f, 0.06f, leaf, -0.3f);
    adjective = "round";
  } else if (food == "grapes") {
    const bool purple = random.chance(0.5);
    adjective = purple ? "purple" : "green";
    main = purple ? Rgb{0.42f, 0.18f, 0.45f} : Rgb{0.6f, 0.8f, 0.3f};
    d.line({0, -0.75f}, {0.05f, -0.5f}, 0.05f, stem);
    const int rows[] = {4, 3, 3, 2, 1};
    for (int r = 0; r < 5; ++r)
      for (int i = 0; i < rows[r]; ++i) {
        const float x = (static_cast<float>(i) - (rows[r] - 1) / 2.0f) * 0.24f, y = -0.42f + 0.22f * r;
        d.ellipse({x, y}, 0.13f, 0.13f, scaled(main, 0.8f));
        d.ellipse({x - 0.01f, y - 0.01f}, 0.11f, 0.11f, main);
      }
  } else if (food == "donut") {
    const bool chocolate = random.chance(0.5);
    adjective = chocolate ? "chocolate" : "pink";
    main = {0.8f, 0.58f, 0.32f};
    d.ring({0, 0}, 0.6f, 0.2f, main, 0.85f);
    d.ring({0, -0.02f}, 0.52f, 0.26f, chocolate ? Rgb{0.35f, 0.2f, 0.12f} : Rgb{0.95f, 0.55f, 0.7f}, 0.85f);
    for (int i = 0; i < 8; ++i) {
      const float a = static_cast<float>(i) * 0.785f + random.uniform(0, 0.4f), r = random.uniform(0.32f, 0.45f);
      const Point p{r * std::cos(a), r * 0.85f * std::sin(a)};
      d.line(p, {p.x + 0.05f, p.y + 0.03f}, 0.035f, fromHsv(random.uniform(0, 1), 0.7f, 0.95f));
    }
  } else if (food == "watermelon slice") {
    main = {0.9f, 0.22f, 0.25f};
    d.polygon(ellipseArc({0, -0.2f}, 0.8f, 0.6f, 0, 3.1416f, 24), {0.2f, 0.55f, 0.2f});
    d.polygon(ellipseArc({0, -0.2f}, 0.72f, 0.52f, 0, 3.1416f, 24), {0.92f, 0.95f, 0.75f});
    d.polygon(ellipseArc({0, -0.2f}, 0.66f, 0.46f, 0, 3.1416f, 24), main);
    for (int i = 0; i < 5; ++i) d.ellipse({-0.4f + 0.2f * i, 0.0f + 0.06f * (i % 2)}, 0.03f, 0.05f, {0.1f, 0.08f, 0.08f});
    adjective = "juicy";
  } else {  // cheese
    main = {0.98f, 0.85f, 0.35f};
    d.polygon(Contour{{-0.7f, 0.3f}, {0.7f, 0.3f}, {0.7f, -0.1f}, {-0.7f, -0.45f}}, main);
    d.polygon(Contour{{-0.7f, 0.3f}, {0.7f, 0.3f}, {0.7f, 0.45f}, {-0.7f, 0.45f}}, scaled(main, 0.85f));
    for (int i = 0; i < 4; ++i)
      d.ellipse({random.uniform(-0.45f, 0.55f), random.uniform(-0.05f, 0.22f)}, 0.07f, 0.05f, scaled(main, 0.8f));
    adjective = "yellow";
  }
  const Placement placement = choosePlacement(random);
  paintItemBackground(canvas, random, luminance(main));
  placeDrawing(canvas, d, placement, stimulus);

  const std::string& size = placement.sizeWord;
  const std::string& where = placement.positionWord;
  const std::string some = food == "grapes" ? "a bunch of" : (food == "bread" ? "a loaf of" : (food == "cheese" ? "a piece of" : article(adjective)));
  const std::string plain = food == "grapes" ? "a bunch of" : (food == "bread" ? "a loaf of" : (food == "cheese" ? "a piece of" : article(food)));
  switch (random.below(4)) {
    case 0: stimulus.caption = some + " " + adjective + " " + food + ", " + size + ", " + where; break;
    case 1: stimulus.caption = plain + " " + food + " " + inPosition(where) + ", " + size; break;
    case 2: stimulus.caption = "food: " + plain + " " + food + ", " + where; break;
    default: stimulus.caption = "something to eat, " + plain + " " + food + " " + inPosition(where);
  }
  stimulus.tags = {"food", food, adjective, size, where};
}

}  // namespace vl::core
