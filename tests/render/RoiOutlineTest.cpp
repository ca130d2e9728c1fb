// ROI outlines as VTK lines: geometry on a labelled mesh, placement on the surface in use (offset, proxy), the
// selected ROI's highlight, and what reaches the pixels.
#include <gtest/gtest.h>

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/geometry/RoiBoundary.h"
#include "core/geometry/VertexNormals.h"
#include "render/LodProxy.h"
#include "render/OffscreenRenderer.h"
#include "render/RoiOutlineGeometry.h"
#include "render/SceneRenderer.h"
#include "render/VertexColours.h"
#include "render/VertexPicker.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;

namespace {
// Left sphere: key 1 above z = 20, key 2 below z = -20, key 3 (not in the table) between; right sphere all key 2.
std::shared_ptr<core::Parcellation> bands(const core::Study& study) {
  auto set = std::make_shared<core::Parcellation>();
  set->name = "bands";
  set->labels = {{1, "north", {1.0f, 0.0f, 0.0f, 1.0f}}, {2, "south", {0.0f, 0.0f, 1.0f, 1.0f}}};
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    const auto& surface = *study.shownSurface(side);
    auto& keys = set->keys[core::hemisphereIndex(side)];
    for (const auto& v : surface.vertices)
      keys.push_back(side == core::Hemisphere::Right ? 2 : v[2] > 20 ? 1 : v[2] < -20 ? 2 : 3);
  }
  return set;
}

core::RoiDisplay outlineDisplay() {
  core::RoiDisplay display;
  display.mode = core::RoiDrawMode::Outline;
  return display;
}

double length(const double* a, const double* b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}
}  // namespace

TEST(RoiOutlineGeometry, OneLinePerBorderSegmentLiftedOffTheSurfaceAlongItsNormal) {
  const auto surface = core::makeIcosphere(4, 50.0f);
  std::vector<std::int32_t> keys;
  for (const auto& v : surface.vertices) keys.push_back(v[2] > 20 ? 1 : v[2] < -20 ? 2 : 3);
  const auto boundary = core::computeRoiBoundary(surface, keys, core::BoundaryCrossing::Smoothed);
  const auto normals = core::computeVertexNormals(surface.vertices, surface.triangles);
  const auto lines = render::outlinePolyData(boundary, surface, normals, 0.2f);
  // Two closed borders with two keys per triangle: the border visits one crossing per boundary edge and one segment
  // per boundary triangle, alternately, so the counts agree.
  ASSERT_EQ(boundary.junctionTriangles, 0u);
  ASSERT_GT(boundary.edges.size(), 100u);
  EXPECT_EQ(static_cast<std::size_t>(lines->GetNumberOfLines()), boundary.edges.size());
  EXPECT_EQ(static_cast<std::size_t>(lines->GetNumberOfLines()), boundary.segments.size());
  EXPECT_EQ(lines->GetNumberOfPoints(), 2 * lines->GetNumberOfLines());
  // Every end lies 0.2 mm from where the border crosses the surface, on the outer side of its triangle.
  for (std::size_t i = 0; i < boundary.segments.size(); ++i) {
    const auto& segment = boundary.segments[i];
    const auto& t = surface.triangles[static_cast<std::size_t>(segment.triangle)];
    const auto& a = surface.vertices[static_cast<std::size_t>(t[0])];
    const auto& b = surface.vertices[static_cast<std::size_t>(t[1])];
    const auto& c = surface.vertices[static_cast<std::size_t>(t[2])];
    const double u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]}, w[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    double n[3] = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    const double nl = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    for (auto& x : n) x /= nl;
    int end = 0;
    for (const auto* on : {&segment.from, &segment.to}) {
      double p[3];
      lines->GetPoint(static_cast<vtkIdType>(2 * i + static_cast<std::size_t>(end++)), p);
      const double q[3] = {(*on)[0], (*on)[1], (*on)[2]};
      EXPECT_NEAR(length(p, q), 0.2, 1e-4);
      const double height = (p[0] - a[0]) * n[0] + (p[1] - a[1]) * n[1] + (p[2] - a[2]) * n[2];
      EXPECT_GT(height, 0.19) << "segment " << i << " must lie in front of its triangle";
      EXPECT_LT(height, 0.2001);
    }
  }
}

TEST(RoiOutlineGeometry, LabelColoursPreferTheLabelOverUnknownKeysAndTheSmallerKey) {
  core::Parcellation set;
  set.labels = {{4, "a", {1.0f, 0.0f, 0.0f, 1.0f}}, {9, "b", {0.0f, 1.0f, 0.0f, 1.0f}}};
  const auto colour = render::labelColourOfSegment(set);
  EXPECT_EQ(colour(4, 9), (std::array<std::uint8_t, 3>{255, 0, 0}));
  EXPECT_EQ(colour(9, 4), (std::array<std::uint8_t, 3>{255, 0, 0}));
  EXPECT_EQ(colour(0, 9), (std::array<std::uint8_t, 3>{0, 255, 0}));
  EXPECT_EQ(colour(9, 77), (std::array<std::uint8_t, 3>{0, 255, 0}));
  // A transparent label (key 0 "???" in GIfTI files, black with alpha 0) is unlabelled: the ROI's colour wins.
  set.labels.push_back({0, "???", {0.0f, 0.0f, 0.0f, 0.0f}});
  const auto withUnknown = render::labelColourOfSegment(set);
  EXPECT_EQ(withUnknown(0, 9), (std::array<std::uint8_t, 3>{0, 255, 0}));
  EXPECT_EQ(withUnknown(4, 0), (std::array<std::uint8_t, 3>{255, 0, 0}));
}

TEST(RoiOutlineManager, DrawsOutlinesOnlyInOutlineModesAndNoFillInOutlineOnly) {
  auto study = fixtures::makeSphereStudy(4);
  render::SceneRenderer scene;
  scene.setStudy(study);
  study->addRoiSet(bands(*study));  // fill only (the default)
  EXPECT_EQ(scene.outlines().outline(0, core::Hemisphere::Left), nullptr);
  study->setRoiDisplay(0, outlineDisplay());
  auto* left = scene.outlines().outline(0, core::Hemisphere::Left);
  ASSERT_NE(left, nullptr);
  const auto boundary = core::computeRoiBoundary(*study->shownSurface(core::Hemisphere::Left),
                                                 study->roiSets()[0].data->keys[0], core::BoundaryCrossing::Smoothed);
  EXPECT_EQ(static_cast<std::size_t>(left->GetNumberOfLines()), boundary.segments.size());
  // The right sphere carries one key: no border, no lines.
  auto* right = scene.outlines().outline(0, core::Hemisphere::Right);
  ASSERT_NE(right, nullptr);
  EXPECT_EQ(right->GetNumberOfLines(), 0);
  // Outline only: no fill, the base grey shows; fill + outline: the fill is back.
  auto rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  const auto grey = static_cast<std::uint8_t>(std::lround(render::kBaseGrey * 255));
  for (std::size_t v = 0; v < rgba.size() / 4; ++v) ASSERT_EQ(rgba[4 * v], grey);
  auto display = outlineDisplay();
  display.mode = core::RoiDrawMode::FillAndOutline;
  display.outlineInLabelColours = false;
  display.outlineColour = {0.0f, 0.0f, 0.0f};
  study->setRoiDisplay(0, display);
  EXPECT_NE(scene.outlines().outline(0, core::Hemisphere::Left), nullptr);
  rgba = render::composeVertexColours(*study, core::Hemisphere::Left);
  const auto& keys = study->roiSets()[0].data->keys[0];
  const auto north = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), 1) - keys.begin());
  ASSERT_LT(north, keys.size());
  EXPECT_GT(rgba[4 * north], grey);  // red fill
  // Hidden set: nothing drawn.
  display.visible = false;
  study->setRoiDisplay(0, display);
  EXPECT_EQ(scene.outlines().outline(0, core::Hemisphere::Left), nullptr);
}

TEST(RoiOutlineManager, FollowsTheHemisphereOffsetAndTheProxyWhileInteracting) {
  auto study = fixtures::makeSphereStudy(4);
  render::SceneRenderer scene;
  scene.setStudy(study);
  study->addRoiSet(bands(*study), outlineDisplay());
  // Inflated spheres are moved apart; the outline actor must move with its surface.
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto inflated = std::make_shared<core::Surface>(*study->shownSurface(side));
    inflated->kind = core::SurfaceKind::Inflated;
    for (auto& v : inflated->vertices) v[0] *= 0.1f;  // both near the midline: they overlap
    study->setSurfaces(side, {inflated});
  }
  auto& leftSurface = scene.surfaces().actor(core::Hemisphere::Left);
  ASSERT_LT(leftSurface.offset()[0], 0.0f);
  auto* actor = scene.outlines().outlineActor(0, core::Hemisphere::Left);
  ASSERT_NE(actor, nullptr);
  EXPECT_FLOAT_EQ(static_cast<float>(actor->GetPosition()[0]), leftSurface.offset()[0]);
  EXPECT_TRUE(actor->GetVisibility());
  // The outline lies on the inflated surface: every point within 0.3 mm of the squashed sphere's surface.
  auto* lines = scene.outlines().outline(0, core::Hemisphere::Left);
  ASSERT_GT(lines->GetNumberOfPoints(), 0);
  for (vtkIdType i = 0; i < lines->GetNumberOfPoints(); i += 7) {
    double p[3];
    lines->GetPoint(i, p);
    const double x = (p[0] + 6.0) / 0.1;  // undo the squash (centre -60 -> -6)
    EXPECT_LT(std::abs(std::sqrt(x * x + p[1] * p[1] + p[2] * p[2]) - 50.0), 2.5);
  }
  // A proxy: while interacting, the proxy's outline is drawn instead, on the proxy's geometry.
  const auto surface = study->shownSurface(core::Hemisphere::Left);
  scene.setLodProxy(std::make_shared<const render::LodProxy>(render::buildLodProxy(surface, 1000)));
  auto* proxyLines = scene.outlines().outline(0, core::Hemisphere::Left, true);
  ASSERT_NE(proxyLines, nullptr);
  EXPECT_GT(proxyLines->GetNumberOfLines(), 10);
  EXPECT_LT(proxyLines->GetNumberOfLines(), lines->GetNumberOfLines());
  auto* proxyActor = scene.outlines().outlineActor(0, core::Hemisphere::Left, true);
  EXPECT_FALSE(proxyActor->GetVisibility());
  scene.setInteracting(true);
  EXPECT_TRUE(proxyActor->GetVisibility());
  EXPECT_FALSE(actor->GetVisibility());
  EXPECT_FLOAT_EQ(static_cast<float>(proxyActor->GetPosition()[0]), leftSurface.offset()[0]);
  scene.setInteracting(false);
  EXPECT_TRUE(actor->GetVisibility());
  // Hiding the hemisphere hides its outline.
  study->setHemisphereVisible(core::Hemisphere::Left, false);
  EXPECT_FALSE(actor->GetVisibility());
}

TEST(RoiOutlineManager, HighlightOutlinesTheSelectedRoiAndBrightensItsFill) {
  auto study = fixtures::makeSphereStudy(4);
  render::SceneRenderer scene;
  scene.setStudy(study);
  study->addRoiSet(bands(*study));
  const auto before = render::composeVertexColours(*study, core::Hemisphere::Left);
  scene.setRoiHighlight(render::RoiHighlight{0, 1});
  auto* lines = scene.outlines().highlightOutline(core::Hemisphere::Left);
  ASSERT_NE(lines, nullptr);
  const auto boundary = core::computeRoiBoundary(*study->shownSurface(core::Hemisphere::Left),
                                                 study->roiSets()[0].data->keys[0], core::BoundaryCrossing::Smoothed);
  std::size_t touching = 0;
  for (const auto& s : boundary.segments) touching += s.keyLeft == 1 || s.keyRight == 1;
  EXPECT_EQ(static_cast<std::size_t>(lines->GetNumberOfLines()), touching);
  EXPECT_LT(touching, boundary.segments.size());  // only the north border, not the south one
  const auto after = render::composeVertexColours(*study, core::Hemisphere::Left, render::RoiHighlight{0, 1});
  const auto& keys = study->roiSets()[0].data->keys[0];
  for (std::size_t v = 0; v < keys.size(); ++v) {
    if (keys[v] == 1) EXPECT_GT(after[4 * v + 1], before[4 * v + 1] + 40) << v;  // red brightened towards white
    else EXPECT_EQ(after[4 * v + 1], before[4 * v + 1]) << v;
  }
  scene.setRoiHighlight(std::nullopt);
  EXPECT_EQ(scene.outlines().highlightOutline(core::Hemisphere::Left), nullptr);
}

TEST(RoiOutlineManager, OutlinesReachThePixelsAsThinLines) {
  auto study = fixtures::makeSphereStudy(5);
  study->addRoiSet(bands(*study));
  auto display = outlineDisplay();
  display.outlineInLabelColours = false;
  display.outlineColour = {0.0f, 0.0f, 0.0f};
  display.outlineWidth = 2.0f;
  render::OffscreenRequest request{400, 400, render::ViewPreset{render::View::Lateral, core::Hemisphere::Left}};
  auto hidden = display;
  hidden.visible = false;
  study->setRoiDisplay(0, hidden);
  const auto without = render::renderOffscreen(study, request);
  study->setRoiDisplay(0, display);
  const auto with = render::renderOffscreen(study, request);
  std::size_t changed = 0, darkened = 0;
  for (std::size_t p = 0; p < with.rgb.size(); p += 3) {
    const int before = without.rgb[p] + without.rgb[p + 1] + without.rgb[p + 2];
    const int after = with.rgb[p] + with.rgb[p + 1] + with.rgb[p + 2];
    changed += before != after;
    darkened += before - after > 150;
  }
  // Seen from the side, the two borders (z = +-20 on a 50 mm sphere) are horizontal lines across the sphere, each
  // some 250-300 px long and 2 px wide: about a thousand clearly darker pixels; no fill changes anything else.
  EXPECT_GT(darkened, 600u);
  EXPECT_LT(changed, 4000u);
}
