// Scalar-overlay colour mapping: named maps against matplotlib's published colours, the value -> RGBA rules at
// and around every threshold, dual coding, composition with NaN, and the colour bar (its lookup table, and its
// pixels in an offscreen render).
#include <gtest/gtest.h>

#include <vtkLookupTable.h>
#include <vtkScalarBarActor.h>

#include <cmath>
#include <limits>

#include "render/ColourBarManager.h"
#include "render/ColourMap.h"
#include "render/OffscreenRenderer.h"
#include "render/SceneRenderer.h"
#include "render/VertexColours.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;
using core::LayerDisplay;
using core::SignFilter;
using core::ThresholdMode;
using render::Rgb;
using render::Rgba;

namespace {
constexpr float kOne255 = 1.0f / 255.0f;
const float kNaN = std::numeric_limits<float>::quiet_NaN();

void expectNear(const Rgb& actual, const Rgb& expected, float tolerance, const std::string& what) {
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(actual[d], expected[d], tolerance) << what << " channel " << d;
}

void expectRgba(const Rgba& actual, const Rgba& expected, const std::string& what) {
  for (int d = 0; d < 4; ++d) EXPECT_FLOAT_EQ(actual[d], expected[d]) << what << " channel " << d;
}

bool hidden(const Rgba& c) { return c[3] == 0.0f; }

Rgb rgbOf(const Rgba& c) { return {c[0], c[1], c[2]}; }

LayerDisplay displayFor(std::string map, double low, double high) {
  LayerDisplay display;
  display.colourMap = std::move(map);
  display.rangeMin = low;
  display.rangeMax = high;
  return display;
}

std::shared_ptr<core::SurfaceLayer> layerOf(std::string name, std::vector<float> left,
                                            core::LayerKind kind = core::LayerKind::Scalar) {
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = std::move(name);
  layer->kind = kind;
  layer->values[0] = std::move(left);
  return layer;
}

int channel(const std::vector<std::uint8_t>& rgba, std::size_t vertex, int d) { return rgba[4 * vertex + d]; }
}  // namespace

// --- Colour maps -------------------------------------------------------------------------------------------

TEST(ColourMaps, EndPointsMatchMatplotlibWithinOne255th) {
  struct Ends {
    const char* name;
    Rgb first, last;
  };
  // matplotlib 3.6: _cm_listed.py (viridis, inferno, magma), _cm.py (coolwarm, RdBu reversed, hot, gray).
  const Ends ends[] = {
      {"viridis", {0.267004f, 0.004874f, 0.329415f}, {0.993248f, 0.906157f, 0.143936f}},
      {"inferno", {0.001462f, 0.000466f, 0.013866f}, {0.988362f, 0.998364f, 0.644924f}},
      {"magma", {0.001462f, 0.000466f, 0.013866f}, {0.987053f, 0.991438f, 0.749504f}},
      {"coolwarm", {0.2298057f, 0.298717966f, 0.753683153f}, {0.705673158f, 0.01555616f, 0.150232812f}},
      {"RdBu_r", {0.0196078431f, 0.188235294f, 0.380392157f}, {0.403921569f, 0.0f, 0.121568627f}},
      {"hot", {0.0416f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f}},
      {"grey", {0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f}},
  };
  for (const auto& e : ends) {
    const auto& map = render::colourMap(e.name);
    expectNear(map.sample(0.0), e.first, kOne255, std::string(e.name) + " start");
    expectNear(map.sample(1.0), e.last, kOne255, std::string(e.name) + " end");
  }
  for (const char* name : {"viridis", "inferno", "magma", "coolwarm", "RdBu_r", "hot", "grey", "heat", "curvature"})
    EXPECT_NO_THROW(render::colourMap(name)) << name;
  EXPECT_EQ(render::colourMapNames().size(), 9u);
}

TEST(ColourMaps, InteriorColoursMatchMatplotlibTables) {
  // Entries 64, 128 and 192 of matplotlib's 256-entry tables, at t = i / 255.
  struct Entry {
    const char* name;
    int index;
    Rgb colour;
  };
  const Entry entries[] = {
      {"viridis", 64, {0.229739f, 0.322361f, 0.545706f}}, {"viridis", 128, {0.127568f, 0.566949f, 0.550556f}},
      {"viridis", 192, {0.369214f, 0.788888f, 0.382914f}}, {"inferno", 64, {0.341500f, 0.062325f, 0.429425f}},
      {"inferno", 128, {0.735683f, 0.215906f, 0.330245f}}, {"inferno", 192, {0.978422f, 0.557937f, 0.034931f}},
      {"magma", 64, {0.316654f, 0.071690f, 0.485380f}},    {"magma", 128, {0.716387f, 0.214982f, 0.475290f}},
      {"magma", 192, {0.986700f, 0.535582f, 0.382210f}},
  };
  for (const auto& e : entries)
    expectNear(render::colourMap(e.name).sample(e.index / 255.0), e.colour, kOne255,
               std::string(e.name) + "[" + std::to_string(e.index) + "]");
  // coolwarm's middle, RdBu's white middle, hot's breakpoints and a point on its red ramp.
  expectNear(render::colourMap("coolwarm").sample(0.5), {0.865395197f, 0.86541021f, 0.865395561f}, 1e-6f, "coolwarm");
  expectNear(render::colourMap("RdBu_r").sample(0.5), {0.968627451f, 0.968627451f, 0.968627451f}, 1e-6f, "RdBu_r");
  const auto& hot = render::colourMap("hot");
  expectNear(hot.sample(0.365079), {1, 0, 0}, 1e-6f, "hot red");
  expectNear(hot.sample(0.746032), {1, 1, 0}, 1e-6f, "hot yellow");
  expectNear(hot.sample(0.2), {0.0416f + 0.9584f * 0.2f / 0.365079f, 0, 0}, 1e-5f, "hot ramp");
}

TEST(ColourMaps, HeatIsTwoSidedDarkRedRedYellowAndItsBlueMirror) {
  const auto& heat = render::colourMap("heat");
  ASSERT_TRUE(heat.twoSided());
  EXPECT_EQ(heat.sample(0.0), (Rgb{0.5f, 0, 0}));
  EXPECT_EQ(heat.sample(0.5), (Rgb{1, 0, 0}));
  EXPECT_EQ(heat.sample(1.0), (Rgb{1, 1, 0}));
  EXPECT_EQ(heat.sampleNegative(0.0), (Rgb{0, 0, 0.5f}));
  EXPECT_EQ(heat.sampleNegative(0.5), (Rgb{0, 0, 1}));
  EXPECT_EQ(heat.sampleNegative(1.0), (Rgb{0, 1, 1}));
  EXPECT_FALSE(render::colourMap("viridis").twoSided());
}

// --- value -> RGBA -------------------------------------------------------------------------------------------

TEST(MapValue, OneSidedRangeClampsAtBothEnds) {
  auto display = displayFor("grey", 2.0, 4.0);
  display.opacity = 0.7f;
  expectRgba(render::mapValue(2.0, display), {0, 0, 0, 0.7f}, "at min");
  expectRgba(render::mapValue(4.0, display), {1, 1, 1, 0.7f}, "at max");
  expectRgba(render::mapValue(3.0, display), {0.5f, 0.5f, 0.5f, 0.7f}, "middle");
  expectRgba(render::mapValue(1.0, display), {0, 0, 0, 0.7f}, "below: clamped, not hidden");
  expectRgba(render::mapValue(9.0, display), {1, 1, 1, 0.7f}, "above: clamped");
  display.invert = true;
  expectRgba(render::mapValue(2.5, display), {0.75f, 0.75f, 0.75f, 0.7f}, "inverted");
}

TEST(MapValue, ValueThresholdHidesBelowAndKeepsTheThresholdItself) {
  auto display = displayFor("grey", 2.0, 4.0);
  display.thresholdMode = ThresholdMode::Value;
  display.threshold = 2.5;
  EXPECT_TRUE(hidden(render::mapValue(2.4999, display)));
  expectRgba(render::mapValue(2.5, display), {0.25f, 0.25f, 0.25f, 1}, "at threshold");
  EXPECT_FALSE(hidden(render::mapValue(2.5001, display)));
  EXPECT_FALSE(hidden(render::mapValue(100.0, display)));
  EXPECT_TRUE(hidden(render::mapValue(-100.0, display)));  // value, not magnitude
}

TEST(MapValue, MagnitudeThresholdHidesTheMiddleOnBothSides) {
  auto display = displayFor("grey", -4.0, 4.0);
  display.thresholdMode = ThresholdMode::Magnitude;
  display.threshold = 1.0;
  EXPECT_TRUE(hidden(render::mapValue(0.0, display)));
  EXPECT_TRUE(hidden(render::mapValue(0.999, display)));
  EXPECT_TRUE(hidden(render::mapValue(-0.999, display)));
  expectRgba(render::mapValue(1.0, display), {0.625f, 0.625f, 0.625f, 1}, "+threshold");
  expectRgba(render::mapValue(-1.0, display), {0.375f, 0.375f, 0.375f, 1}, "-threshold");
  EXPECT_FALSE(hidden(render::mapValue(-1.001, display)));
}

TEST(MapValue, SymmetricDisplayMapsBothHalvesAndHidesTheGap) {
  auto display = displayFor("RdBu_r", 1.0, 3.0);
  display.symmetric = true;
  const auto& map = render::colourMap("RdBu_r");
  EXPECT_TRUE(hidden(render::mapValue(0.0, display)));
  EXPECT_TRUE(hidden(render::mapValue(0.999, display)));
  EXPECT_TRUE(hidden(render::mapValue(-0.999, display)));
  EXPECT_EQ(render::mapPosition(1.0, display, false), (render::MapPosition{0.5, false}));
  EXPECT_EQ(render::mapPosition(-1.0, display, false), (render::MapPosition{0.5, false}));
  EXPECT_EQ(render::mapPosition(2.0, display, false), (render::MapPosition{0.75, false}));
  EXPECT_EQ(render::mapPosition(-2.0, display, false), (render::MapPosition{0.25, false}));
  expectRgba(render::mapValue(3.0, display), {103 / 255.0f, 0.0f, 31 / 255.0f, 1}, "+max: darkest red");
  expectRgba(render::mapValue(-3.0, display), {5 / 255.0f, 48 / 255.0f, 97 / 255.0f, 1}, "-max: darkest blue");
  expectRgba(render::mapValue(30.0, display), render::mapValue(3.0, display), "clamped beyond +max");
  expectRgba(render::mapValue(-30.0, display), render::mapValue(-3.0, display), "clamped beyond -max");
  // Mirrored: -v takes the colour at the mirrored map position of v.
  for (double v = 1.0; v <= 3.5; v += 0.125) {
    const auto t = render::mapPosition(v, display, false)->t;
    EXPECT_EQ(rgbOf(render::mapValue(v, display)), map.sample(t)) << v;
    EXPECT_EQ(rgbOf(render::mapValue(-v, display)), map.sample(1.0 - t)) << v;
  }
  // A negative rangeMin means no gap: -5..5 covers the whole map.
  auto full = displayFor("RdBu_r", -5.0, 5.0);
  full.symmetric = true;
  EXPECT_EQ(render::mapPosition(0.0, full, false), (render::MapPosition{0.5, false}));
  EXPECT_EQ(render::mapPosition(-5.0, full, false), (render::MapPosition{0.0, false}));
}

TEST(MapValue, HeatHidesBelowTheLowerThresholdAndMirrorsNegativeValuesInBlue) {
  const auto display = displayFor("heat", 2.0, 6.0);  // mid threshold 4; two-sided without `symmetric`
  EXPECT_TRUE(hidden(render::mapValue(0.0, display)));
  EXPECT_TRUE(hidden(render::mapValue(1.999, display)));
  EXPECT_TRUE(hidden(render::mapValue(-1.999, display)));
  expectRgba(render::mapValue(2.0, display), {0.5f, 0, 0, 1}, "lower: dark red");
  expectRgba(render::mapValue(3.0, display), {0.75f, 0, 0, 1}, "lower..mid");
  expectRgba(render::mapValue(4.0, display), {1, 0, 0, 1}, "mid: red");
  expectRgba(render::mapValue(5.0, display), {1, 0.5f, 0, 1}, "mid..upper");
  expectRgba(render::mapValue(6.0, display), {1, 1, 0, 1}, "upper: yellow");
  expectRgba(render::mapValue(60.0, display), {1, 1, 0, 1}, "beyond upper");
  expectRgba(render::mapValue(-2.0, display), {0, 0, 0.5f, 1}, "-lower: dark blue");
  expectRgba(render::mapValue(-4.0, display), {0, 0, 1, 1}, "-mid: blue");
  expectRgba(render::mapValue(-6.0, display), {0, 1, 1, 1}, "-upper: cyan");
  for (double v = 2.0; v <= 7.0; v += 0.25) {  // blue mirror: (r, g, b) of v is (b, g, r) of -v
    const auto p = render::mapValue(v, display), n = render::mapValue(-v, display);
    expectRgba(n, {p[2], p[1], p[0], p[3]}, "mirror at " + std::to_string(v));
  }
  auto inverted = display;
  inverted.invert = true;  // Freeview's "inverse": the signs swap colours
  expectRgba(render::mapValue(4.0, inverted), {0, 0, 1, 1}, "inverted +mid");
  expectRgba(render::mapValue(-4.0, inverted), {1, 0, 0, 1}, "inverted -mid");
}

TEST(MapValue, PositiveOnlyAndNegativeOnly) {
  auto display = displayFor("grey", -1.0, 1.0);
  display.signs = SignFilter::PositiveOnly;
  EXPECT_TRUE(hidden(render::mapValue(-0.001, display)));
  expectRgba(render::mapValue(0.0, display), {0.5f, 0.5f, 0.5f, 1}, "zero kept");
  expectRgba(render::mapValue(1.0, display), {1, 1, 1, 1}, "positive");
  display.signs = SignFilter::NegativeOnly;
  EXPECT_TRUE(hidden(render::mapValue(0.001, display)));
  expectRgba(render::mapValue(-1.0, display), {0, 0, 0, 1}, "negative");
  auto heat = displayFor("heat", 2.0, 6.0);
  heat.signs = SignFilter::PositiveOnly;
  EXPECT_TRUE(hidden(render::mapValue(-4.0, heat)));
  expectRgba(render::mapValue(4.0, heat), {1, 0, 0, 1}, "heat positive-only");
  heat.signs = SignFilter::NegativeOnly;
  EXPECT_TRUE(hidden(render::mapValue(4.0, heat)));
  expectRgba(render::mapValue(-4.0, heat), {0, 0, 1, 1}, "heat negative-only");
}

TEST(MapValue, NaNAndInfinityHaveNoColour) {
  const auto display = displayFor("viridis", 0.0, 1.0);
  EXPECT_TRUE(hidden(render::mapValue(std::nan(""), display)));
  EXPECT_TRUE(hidden(render::mapValue(std::numeric_limits<double>::infinity(), display)));
  EXPECT_FALSE(render::mapPosition(std::nan(""), display, false).has_value());
}

TEST(MapValue, DualCodingFactorRampsWithTheModulatorsMagnitude) {
  auto display = displayFor("grey", 0.0, 1.0);
  display.opacityLow = 1.0;
  display.opacityHigh = 3.0;
  EXPECT_FLOAT_EQ(render::dualCodingFactor(0.5, display), 0.0f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(1.0, display), 0.0f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(1.5, display), 0.25f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(2.0, display), 0.5f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(-2.0, display), 0.5f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(3.0, display), 1.0f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(-7.0, display), 1.0f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(std::nan(""), display), 0.0f);
  display.opacityLow = display.opacityHigh = 2.0;  // a step
  EXPECT_FLOAT_EQ(render::dualCodingFactor(1.999, display), 0.0f);
  EXPECT_FLOAT_EQ(render::dualCodingFactor(2.0, display), 1.0f);
}

// --- composition -----------------------------------------------------------------------------------------

TEST(ComposeColours, HiddenAndNaNVerticesShowTheLayerUnderneath) {
  auto study = fixtures::makeSphereStudy(0);  // 12 vertices per hemisphere
  study->addLayer(layerOf("white", std::vector<float>(12, 1.0f)), displayFor("grey", 0.0, 1.0));
  std::vector<float> top(12, 6.0f);
  top[0] = kNaN;  // no value
  top[1] = 1.0f;  // below heat's lower threshold
  top[2] = -4.0f;
  study->addLayer(layerOf("t-map", top), displayFor("heat", 2.0, 6.0));
  const auto rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  for (int d = 0; d < 3; ++d) EXPECT_EQ(channel(rgba, 0, d), 255) << d;  // white from below
  for (int d = 0; d < 3; ++d) EXPECT_EQ(channel(rgba, 1, d), 255) << d;
  EXPECT_EQ((std::array<int, 3>{channel(rgba, 2, 0), channel(rgba, 2, 1), channel(rgba, 2, 2)}),
            (std::array<int, 3>{0, 0, 255}));
  EXPECT_EQ((std::array<int, 3>{channel(rgba, 3, 0), channel(rgba, 3, 1), channel(rgba, 3, 2)}),
            (std::array<int, 3>{255, 255, 0}));
  // Alone, a NaN vertex shows the base grey.
  auto lone = fixtures::makeSphereStudy(0);
  lone->addLayer(layerOf("t-map", top), displayFor("heat", 2.0, 6.0));
  const auto base = render::composeVertexColours(*lone, core::Hemisphere::Left);
  EXPECT_EQ(channel(base, 0, 0), std::lround(render::kBaseGrey * 255));
  EXPECT_EQ(channel(base, 0, 2), std::lround(render::kBaseGrey * 255));
}

TEST(ComposeColours, DualCodingScalesOpacityByTheSecondLayer) {
  auto study = fixtures::makeSphereStudy(0);
  std::vector<float> evidence(12, 3.0f);
  evidence[0] = 2.0f;   // half
  evidence[1] = 0.5f;   // none
  evidence[2] = kNaN;   // none
  evidence[3] = -3.0f;  // full (magnitude)
  auto hiddenDisplay = displayFor("grey", 0.0, 1.0);
  hiddenDisplay.visible = false;  // the modulating layer need not be drawn itself
  const auto evidenceId = study->addLayer(layerOf("R2", evidence), hiddenDisplay);
  auto display = displayFor("grey", 0.0, 1.0);
  display.opacity = 0.8f;
  display.opacityLayer = evidenceId;
  display.opacityLow = 1.0;
  display.opacityHigh = 3.0;
  const auto betaId = study->addLayer(layerOf("beta", std::vector<float>(12, 1.0f)), display);  // white
  auto expected = [](float alpha) {
    return std::lround(std::clamp((1 - alpha) * render::kBaseGrey + alpha * 1.0f, 0.0f, 1.0f) * 255.0f);
  };
  auto rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  EXPECT_EQ(channel(rgba, 0, 0), expected(0.4f));
  EXPECT_EQ(channel(rgba, 1, 0), expected(0.0f));
  EXPECT_EQ(channel(rgba, 2, 0), expected(0.0f));
  EXPECT_EQ(channel(rgba, 3, 0), expected(0.8f));
  EXPECT_EQ(channel(rgba, 4, 0), expected(0.8f));
  // Without the second layer, plain opacity.
  display.opacityLayer = 0;
  study->setLayerDisplay(betaId, display);
  rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  EXPECT_EQ(channel(rgba, 1, 0), expected(0.8f));
}

// --- colour bar ------------------------------------------------------------------------------------------

TEST(ColourBar, FollowsTheTopVisibleScalarLayer) {
  render::SceneRenderer scene;
  auto study = fixtures::makeSphereStudy(1);
  scene.setStudy(study);
  const auto& bar = scene.colourBar();
  EXPECT_FALSE(bar.isVisible());
  const auto n = study->shownSurface(core::Hemisphere::Left)->vertexCount();

  study->addLayer(layerOf("curv", std::vector<float>(n, 0.0f), core::LayerKind::Shading),
                  displayFor("curvature", -1, 1));
  EXPECT_FALSE(bar.isVisible());  // shading is not a scalar overlay

  const auto betaId = study->addLayer(layerOf("beta", std::vector<float>(n, 1.0f)), displayFor("viridis", 0.0, 2.0));
  ASSERT_TRUE(bar.isVisible());
  EXPECT_EQ(bar.shownLayer(), betaId);
  EXPECT_STREQ(bar.actor()->GetTitle(), "beta");
  const double* range = bar.lookupTable()->GetRange();
  EXPECT_DOUBLE_EQ(range[0], 0.0);
  EXPECT_DOUBLE_EQ(range[1], 2.0);
  EXPECT_EQ(bar.actor()->GetLookupTable(), bar.lookupTable());
  double c[4];
  bar.lookupTable()->GetTableValue(0, c);
  expectNear({float(c[0]), float(c[1]), float(c[2])}, {0.267004f, 0.004874f, 0.329415f}, 2 * kOne255, "bar bottom");
  bar.lookupTable()->GetTableValue(render::ColourBarManager::kTableSize - 1, c);
  expectNear({float(c[0]), float(c[1]), float(c[2])}, {0.993248f, 0.906157f, 0.143936f}, 2 * kOne255, "bar top");

  // Symmetric heat with thresholds: -3..3, the middle |v| < 1 transparent, every entry as the surface maps it.
  auto heat = displayFor("heat", 1.0, 3.0);
  study->setLayerDisplay(betaId, heat);
  range = bar.lookupTable()->GetRange();
  EXPECT_DOUBLE_EQ(range[0], -3.0);
  EXPECT_DOUBLE_EQ(range[1], 3.0);
  const int size = render::ColourBarManager::kTableSize;
  int gaps = 0;
  for (int i = 0; i < size; ++i) {
    const double value = -3.0 + 6.0 * (i + 0.5) / size;
    const auto expected = render::mapValue(value, heat);
    bar.lookupTable()->GetTableValue(i, c);
    EXPECT_EQ(c[3], hidden(expected) ? 0.0 : 1.0) << value;
    if (hidden(expected)) {
      ++gaps;
      EXPECT_LT(std::abs(value), 1.0);
    } else {
      expectNear({float(c[0]), float(c[1]), float(c[2])}, rgbOf(expected), 0.5f * kOne255 + 1e-6f, "entry " + std::to_string(i));
    }
  }
  EXPECT_NEAR(gaps, size / 3, 1);

  // Positive-only: the bar spans 0..max.
  heat.signs = SignFilter::PositiveOnly;
  study->setLayerDisplay(betaId, heat);
  EXPECT_DOUBLE_EQ(bar.lookupTable()->GetRange()[0], 0.0);

  // A second scalar layer on top takes the bar; moving it below gives the bar back.
  const auto topId = study->addLayer(layerOf("R2", std::vector<float>(n, 0.5f)), displayFor("hot", 0.0, 0.9));
  EXPECT_EQ(bar.shownLayer(), topId);
  EXPECT_STREQ(bar.actor()->GetTitle(), "R2");
  EXPECT_DOUBLE_EQ(bar.lookupTable()->GetRange()[1], 0.9);
  study->moveLayer(topId, 0);
  EXPECT_EQ(bar.shownLayer(), betaId);

  // Hidden layers give no bar.
  auto hiddenHeat = heat;
  hiddenHeat.visible = false;
  study->setLayerDisplay(betaId, hiddenHeat);
  EXPECT_EQ(bar.shownLayer(), topId);
  study->removeLayer(topId);
  EXPECT_FALSE(bar.isVisible());
  study->setLayerDisplay(betaId, heat);
  EXPECT_TRUE(bar.isVisible());
  scene.setStudy(nullptr);
  EXPECT_FALSE(bar.isVisible());
}

namespace {
struct Strip {
  double meanRow = 0;
  int count = 0;
};
// Pixels within `tolerance` of `colour` in columns [x0, width).
Strip find(const render::RenderedImage& image, int x0, const Rgb& colour, int tolerance) {
  Strip strip;
  double rows = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = x0; x < image.width; ++x) {
      const auto* p = &image.rgb[3 * (static_cast<std::size_t>(y) * image.width + x)];
      bool near = true;
      for (int d = 0; d < 3; ++d) near = near && std::abs(int(p[d]) - int(std::lround(colour[d] * 255))) <= tolerance;
      if (near) ++strip.count, rows += y;
    }
  if (strip.count) strip.meanRow = rows / strip.count;
  return strip;
}
}  // namespace

TEST(ColourBar, AppearsInOffscreenRendersWithTheMapsColours) {
  auto study = fixtures::makeSphereStudy(3);
  const auto n = study->shownSurface(core::Hemisphere::Left)->vertexCount();
  std::vector<float> values(n);
  for (std::size_t v = 0; v < n; ++v) values[v] = float(v % 7) / 6.0f;
  const auto id = study->addLayer(layerOf("beta", values), displayFor("viridis", 0.0, 1.0));
  render::OffscreenRequest request;
  request.width = 400;
  request.height = 300;
  const auto image = render::renderOffscreen(study, request);
  const int x0 = int(0.80 * request.width);  // the bar sits at the right edge
  const auto bottom = find(image, x0, render::colourMap("viridis").sample(0.0), 6);
  const auto middle = find(image, x0, render::colourMap("viridis").sample(0.5), 6);
  const auto top = find(image, x0, render::colourMap("viridis").sample(1.0), 6);
  EXPECT_GT(bottom.count, 20);
  EXPECT_GT(middle.count, 20);
  EXPECT_GT(top.count, 20);
  EXPECT_LT(top.meanRow, middle.meanRow);  // high values at the top (rows count down from the top)
  EXPECT_LT(middle.meanRow, bottom.meanRow);

  // Hidden layer: no bar, none of the map's colours at the right edge.
  auto display = study->findLayer(id)->display;
  display.visible = false;
  study->setLayerDisplay(id, display);
  const auto plain = render::renderOffscreen(study, request);
  EXPECT_EQ(find(plain, x0, render::colourMap("viridis").sample(1.0), 6).count, 0);
  EXPECT_EQ(find(plain, x0, render::colourMap("viridis").sample(0.0), 6).count, 0);
}

TEST(ColourBar, LongTitlesBreakAtSpacesIntoLinesThatFit) {
  EXPECT_EQ(render::wrapColourBarTitle("Encoder R² (test), demo-clip-image"), "Encoder R²\n(test),\ndemo-clip-image");
  EXPECT_EQ(render::wrapColourBarTitle("ncsnr"), "ncsnr");
  EXPECT_EQ(render::wrapColourBarTitle("a b c d", 3), "a b\nc d");
  EXPECT_EQ(render::wrapColourBarTitle("supercalifragilistic word", 8), "supercalifragilistic\nword");
  EXPECT_EQ(render::wrapColourBarTitle("  spaced   out  "), "spaced out");
}
