// The view a study opens in (SceneRenderer::resetCamera, also View > Reset View): a study with responses is seen from
// behind and below, framed on its response columns; surfaces alone are seen whole from above.
#include <gtest/gtest.h>

#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "core/study/Experiment.h"
#include "render/SceneRenderer.h"
#include "tests/support/TestSurfaces.h"

using namespace vl;

namespace {
// Columns on a small back-lower cap of each sphere (y < -35, z < -15): a stand-in for occipito-temporal cortex,
// small enough that framing the whole spheres would leave it a small part of the view.
std::vector<std::int32_t> backLowerCap(const core::Surface& surface) {
  std::vector<std::int32_t> ids;
  for (std::size_t v = 0; v < surface.vertexCount(); ++v)
    if (surface.vertices[v][1] < -35.0f && surface.vertices[v][2] < -15.0f) ids.push_back(static_cast<std::int32_t>(v));
  return ids;
}

std::array<double, 3> normalised(std::array<double, 3> v) {
  const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  return {v[0] / n, v[1] / n, v[2] / n};
}

// Extent in normalised view coordinates ([-1, 1] is the window) of the given world points.
std::array<double, 4> viewExtent(vtkRenderer* renderer, const core::Surface& surface, const std::vector<std::int32_t>& ids) {
  std::array<double, 4> extent{1e9, -1e9, 1e9, -1e9};
  for (auto id : ids) {
    const auto& p = surface.vertices[static_cast<std::size_t>(id)];
    renderer->SetWorldPoint(p[0], p[1], p[2], 1.0);
    renderer->WorldToView();
    double q[3];
    renderer->GetViewPoint(q);
    extent = {std::min(extent[0], q[0]), std::max(extent[1], q[0]), std::min(extent[2], q[1]), std::max(extent[3], q[1])};
  }
  return extent;
}
}  // namespace

TEST(HomeView, AStudyWithResponsesOpensOnItsColumnsFromBehindAndBelow) {
  auto study = fixtures::makeSphereStudy(4, 50.0f);  // spheres at x = -60 and +60
  const auto& left = *study->shownSurface(core::Hemisphere::Left);
  const auto& right = *study->shownSurface(core::Hemisphere::Right);
  // Columns on the left sphere only: framing both spheres would leave them under half the view's width.
  const auto leftIds = backLowerCap(left);
  auto experiment = std::make_shared<core::Experiment>();
  experiment->columns = core::ColumnMap(leftIds, left.vertexCount(), {}, right.vertexCount());
  study->setExperiment(experiment);

  render::SceneRenderer scene;
  scene.setStudy(study);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(400, 300);
  window->AddRenderer(scene.renderer());
  scene.resetCamera();
  window->Render();

  auto* camera = scene.renderer()->GetActiveCamera();
  double position[3], focal[3];
  camera->GetPosition(position);
  camera->GetFocalPoint(focal);
  const auto seenFrom = normalised({position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]});
  const auto occipital = normalised(render::ViewPreset{render::View::Occipital, std::nullopt}.cameraDirection());
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(seenFrom[i], occipital[i], 1e-6);
  EXPECT_LT(seenFrom[1], -0.7);  // behind
  EXPECT_LT(seenFrom[2], -0.4);  // and below

  // The columns fill the view: inside it, and spanning most of its width or height.
  const auto e = viewExtent(scene.renderer(), left, leftIds);
  const double x0 = e[0], x1 = e[1], y0 = e[2], y1 = e[3];
  EXPECT_GT(x0, -1.0);
  EXPECT_LT(x1, 1.0);
  EXPECT_GT(y0, -1.0);
  EXPECT_LT(y1, 1.0);
  EXPECT_GT(std::max((x1 - x0) / 2.0, (y1 - y0) / 2.0), 0.75);
}

TEST(HomeView, SurfacesWithoutResponsesOpenWholeFromAbove) {
  auto study = fixtures::makeSphereStudy(3, 50.0f);
  render::SceneRenderer scene;
  scene.setStudy(study);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(400, 300);
  window->AddRenderer(scene.renderer());
  scene.resetCamera();
  double position[3], focal[3];
  scene.renderer()->GetActiveCamera()->GetPosition(position);
  scene.renderer()->GetActiveCamera()->GetFocalPoint(focal);
  const auto seenFrom = normalised({position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]});
  EXPECT_NEAR(seenFrom[2], 1.0, 1e-6);
}
