// The document model: vertex counts are enforced, listeners hear every change, layer order is kept, the reference
// surface is an explicit choice, and snapshots for jobs do not change when the study does.
#include <gtest/gtest.h>

#include "core/jobs/JobQueue.h"
#include "core/model/Study.h"
#include "core/model/VertexInspection.h"

#include <chrono>
#include <cmath>
#include <future>
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

namespace {
// An icosphere as a white surface and a bigger one (same vertex order) as its inflated surface.
std::pair<std::shared_ptr<const core::Surface>, std::shared_ptr<const core::Surface>> whiteAndInflated() {
  auto white = std::make_shared<core::Surface>(core::makeIcosphere(1, 10.0f));
  white->kind = core::SurfaceKind::White;
  auto inflated = std::make_shared<core::Surface>(core::makeIcosphere(1, 30.0f));
  inflated->kind = core::SurfaceKind::Inflated;
  return {white, inflated};
}
}  // namespace

TEST(Study, TheReferenceSurfaceIsTheWhiteOneUnlessChosenAndShowingAnotherDoesNotMoveIt) {
  const auto [white, inflated] = whiteAndInflated();
  core::Study study;
  study.setSurfaces(core::Hemisphere::Left, {inflated, white});  // white not first: found by its kind
  EXPECT_EQ(study.shownSurface(core::Hemisphere::Left), inflated);
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Left), white);
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Right), nullptr);
  study.setShownSurface(core::Hemisphere::Left, 1);
  study.setShownSurface(core::Hemisphere::Left, 0);
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Left), white);

  // Without a white (midthickness, pial) surface: the first that is not inflated, else the first.
  auto other = std::make_shared<core::Surface>(*white);
  other->kind = core::SurfaceKind::Other;
  EXPECT_EQ(core::defaultReferenceSurface({inflated, other}), 1u);
  EXPECT_EQ(core::defaultReferenceSurface({inflated}), 0u);
  auto pial = std::make_shared<core::Surface>(*white);
  pial->kind = core::SurfaceKind::Pial;
  EXPECT_EQ(core::defaultReferenceSurface({inflated, pial, white}), 2u);
}

TEST(Study, ChoosingTheReferenceSurfaceNotifiesAndReplacingSurfacesKeepsIt) {
  const auto [white, inflated] = whiteAndInflated();
  core::Study study;
  study.setSurfaces(core::Hemisphere::Left, {white, inflated});
  std::vector<core::StudyChange::Kind> heard;
  study.addListener([&](const core::StudyChange& c) { heard.push_back(c.kind); });
  study.setReferenceSurface(core::Hemisphere::Left, 1);
  study.setReferenceSurface(core::Hemisphere::Left, 1);  // unchanged: no notification
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Left), inflated);
  EXPECT_EQ(study.shownSurface(core::Hemisphere::Left), white);  // what is shown does not follow
  EXPECT_THROW(study.setReferenceSurface(core::Hemisphere::Left, 2), std::out_of_range);
  EXPECT_THROW(study.setReferenceSurface(core::Hemisphere::Right, 0), std::out_of_range);
  using K = core::StudyChange::Kind;
  EXPECT_EQ(heard, (std::vector<K>{K::ReferenceSurface}));

  // New surfaces that still hold the chosen one keep it (at its new index); others fall back to the white one.
  auto pial = std::make_shared<core::Surface>(*white);
  pial->kind = core::SurfaceKind::Pial;
  study.setSurfaces(core::Hemisphere::Left, {pial, white, inflated});
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Left), inflated);
  EXPECT_EQ(study.hemisphere(core::Hemisphere::Left).reference, 2u);
  study.setSurfaces(core::Hemisphere::Left, {pial, white});
  EXPECT_EQ(study.referenceSurface(core::Hemisphere::Left), white);
}

TEST(StudySnapshot, AJobKeepsSeeingTheOldSurfacesAfterTheStudyReplacesThem) {
  const auto [white, inflated] = whiteAndInflated();
  auto study = std::make_shared<core::Study>();
  study->setSurfaces(core::Hemisphere::Left, {white});
  auto layer = std::make_shared<core::SurfaceLayer>();
  layer->name = "beta";
  layer->values[0].assign(white->vertexCount(), 1.0f);
  study->addLayer(layer, {});

  // The job reads its snapshot only after the GUI thread (here: this one) has replaced the surfaces and layers.
  std::promise<void> replaced;
  std::promise<std::pair<core::Vec3f, std::size_t>> seen;
  core::JobQueue queue(1);
  queue.submit("reads a snapshot",
               [snapshot = study->snapshot(), replacedFuture = replaced.get_future().share(), &seen](const core::JobContext&) {
                 replacedFuture.wait();
                 const auto surface = snapshot.referenceSurface(core::Hemisphere::Left);
                 seen.set_value({surface->vertices[5], snapshot.layers.size()});
               });
  study->setSurfaces(core::Hemisphere::Left, {inflated});
  study->removeLayer(study->layers().front().id);
  replaced.set_value();
  auto future = seen.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto [vertex, layers] = future.get();
  EXPECT_EQ(vertex, white->vertices[5]);  // the white sphere (radius 10), not the inflated one (radius 30)
  EXPECT_NE(vertex, inflated->vertices[5]);
  EXPECT_EQ(layers, 1u);
  EXPECT_TRUE(study->layers().empty());

  const auto now = study->snapshot();
  EXPECT_EQ(now.referenceSurface(core::Hemisphere::Left), inflated);
  EXPECT_EQ(now.vertexCount(core::Hemisphere::Left), inflated->vertexCount());
}

TEST(VertexInspection, MarksTheSurfaceVolumesAreSampledAt) {
  const auto [white, inflated] = whiteAndInflated();
  core::Study study;
  study.setSurfaces(core::Hemisphere::Left, {inflated, white});
  const auto report = core::inspectVertex(study, core::Hemisphere::Left, 3);
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->positions.size(), 2u);
  EXPECT_FALSE(report->positions[0].reference);
  EXPECT_TRUE(report->positions[1].reference);
  EXPECT_EQ(report->positions[1].coordinates, white->vertices[3]);
}
