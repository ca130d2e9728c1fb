// The document model: vertex counts are enforced, listeners hear every change, layer order is kept.
#include <gtest/gtest.h>

#include "core/model/Study.h"
#include "core/model/VertexInspection.h"

#include <cmath>
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

TEST(VertexInspection, ReportsPositionsLayerValuesAndRois) {
  auto study = fixtures::makeSphereStudy(1);
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = "beta";
  layer->values[0].assign(42, 0.0f);
  layer->values[0][7] = 2.5f;
  study->addLayer(layer, {});
  auto rois = std::make_shared<core::Parcellation>();
  rois->name = "atlas";
  rois->labels = {{4, "V1", {1, 0, 0, 1}}};
  rois->keys[0].assign(42, 0);
  rois->keys[0][7] = 4;
  study->addRoiSet(rois);
  const auto report = core::inspectVertex(*study, core::Hemisphere::Left, 7);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->positions.size(), 1u);
  EXPECT_EQ(report->positions[0].coordinates, study->shownSurface(core::Hemisphere::Left)->vertices[7]);
  ASSERT_EQ(report->values.size(), 1u);
  EXPECT_FLOAT_EQ(report->values[0].value, 2.5f);
  ASSERT_EQ(report->rois.size(), 1u);
  EXPECT_EQ(report->rois[0].label, "V1");
  EXPECT_EQ(report->rois[0].key, 4);
  // The right hemisphere has no values in this layer: NaN, not a crash.
  const auto right = core::inspectVertex(*study, core::Hemisphere::Right, 7);
  ASSERT_TRUE(right.has_value());
  EXPECT_TRUE(std::isnan(right->values[0].value));
  EXPECT_FALSE(core::inspectVertex(*study, core::Hemisphere::Left, 42).has_value());
}
