// The document model: vertex counts are enforced, listeners hear every change, layer order is kept.
#include <gtest/gtest.h>

#include "core/model/Study.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;

TEST(Study, RejectsLayersWhoseValueCountDoesNotMatchTheSurface) {
  auto study = fixtures::makeSphereStudy(1);  // 42 vertices per hemisphere
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = "beta";
  layer->values[0].assign(41, 1.0f);
  try {
    study->addLayer(layer, {});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("41"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("42"), std::string::npos);
  }
  EXPECT_TRUE(study->layers().empty());
  layer->values[0].assign(42, 1.0f);
  EXPECT_NO_THROW(study->addLayer(layer, {}));
}

TEST(Study, NotifiesListenersAndKeepsOrder) {
  auto study = fixtures::makeSphereStudy(1);
  std::vector<core::StudyChange::Kind> heard;
  const int token = study->addListener([&](const core::StudyChange& c) { heard.push_back(c.kind); });
  auto make = [](const char* name) {
    auto l = std::make_shared<core::SurfaceLayer>();
    l->name = name;
    l->values[1].assign(42, 0.0f);
    return l;
  };
  const auto a = study->addLayer(make("a"), {});
  const auto b = study->addLayer(make("b"), {});
  study->moveLayer(b, 0);
  EXPECT_EQ(study->layers()[0].data->name, "b");
  auto display = study->findLayer(a)->display;
  display.opacity = 0.5f;
  study->setLayerDisplay(a, display);
  study->setLayerDisplay(a, display);  // unchanged: no notification
  study->setHemisphereVisible(core::Hemisphere::Left, false);
  study->removeLayer(a);
  study->removeListener(token);
  study->removeLayer(b);
  using K = core::StudyChange::Kind;
  EXPECT_EQ(heard, (std::vector<K>{K::LayerAdded, K::LayerAdded, K::LayerOrder, K::LayerDisplay, K::Visibility,
                                   K::LayerRemoved}));
}

TEST(Study, SurfacesOfAHemisphereMustShareVertexCount) {
  core::Study study;
  auto a = std::make_shared<core::Surface>(core::makeIcosphere(1, 1.0f));
  auto b = std::make_shared<core::Surface>(core::makeIcosphere(2, 1.0f));
  EXPECT_THROW(study.setSurfaces(core::Hemisphere::Left, {a, b}), std::invalid_argument);
  EXPECT_NO_THROW(study.setSurfaces(core::Hemisphere::Left, {a, a}));
  study.setShownSurface(core::Hemisphere::Left, 1);
  EXPECT_EQ(study.shownSurface(core::Hemisphere::Left), a);
  EXPECT_EQ(study.shownSurface(core::Hemisphere::Right), nullptr);
}
