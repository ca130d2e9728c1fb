#include "render/VertexPicker.h"

#include <vtkActor.h>
#include <vtkCellPicker.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

#include "render/SceneRenderer.h"

namespace vl::render {
namespace {
// The corner of `triangle` nearest to `hit` (surface coordinates).
std::int32_t nearestCorner(const core::Surface& surface, std::int32_t triangle, const double hit[3]) {
  const auto& corners = surface.triangles[static_cast<std::size_t>(triangle)];
  std::int32_t best = corners[0];
  double bestDistance = 1e300;
  for (auto corner : corners) {
    const auto& p = surface.vertices[static_cast<std::size_t>(corner)];
    const double d = (p[0] - hit[0]) * (p[0] - hit[0]) + (p[1] - hit[1]) * (p[1] - hit[1]) + (p[2] - hit[2]) * (p[2] - hit[2]);
    if (d < bestDistance) bestDistance = d, best = corner;
  }
  return best;
}

void displayToWorld(vtkRenderer* renderer, double x, double y, double depth, double world[3]) {
  renderer->SetDisplayPoint(x, y, depth);
  renderer->DisplayToWorld();
  double w[4];
  renderer->GetWorldPoint(w);
  for (int d = 0; d < 3; ++d) world[d] = w[3] != 0 ? w[d] / w[3] : w[d];
}

// With a pick index per visible hemisphere: one ray through the locators, the nearest hit wins.
std::optional<PickedVertex> pickWithIndices(SceneRenderer& scene, int x, int y) {
  double nearPoint[3], farPoint[3];
  displayToWorld(scene.renderer(), x, y, 0.0, nearPoint);
  displayToWorld(scene.renderer(), x, y, 1.0, farPoint);
  std::optional<PickedVertex> best;
  double bestT = 2.0;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto& actor = scene.surfaces().actor(side);
    if (!actor.surface() || !actor.isVisible()) continue;
    const auto& offset = actor.offset();
    const double from[3] = {nearPoint[0] - offset[0], nearPoint[1] - offset[1], nearPoint[2] - offset[2]};
    const double to[3] = {farPoint[0] - offset[0], farPoint[1] - offset[1], farPoint[2] - offset[2]};
    const auto hit = intersectRay(*actor.pickIndex(), from, to);
    if (!hit || hit->t >= bestT) continue;
    bestT = hit->t;
    const double p[3] = {hit->point[0], hit->point[1], hit->point[2]};
    const auto vertex = nearestCorner(*actor.surface(), hit->triangle, p);
    best = PickedVertex{side, vertex, actor.surface()->vertices[static_cast<std::size_t>(vertex)]};
  }
  return best;
}
}  // namespace

bool hasFastPicking(SceneRenderer& scene) {
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto& actor = scene.surfaces().actor(side);
    if (actor.surface() && actor.isVisible() && !actor.pickIndex()) return false;
  }
  return true;
}

std::optional<PickedVertex> pickVertex(SceneRenderer& scene, int x, int y) {
  if (hasFastPicking(scene)) return pickWithIndices(scene, x, y);
  vtkNew<vtkCellPicker> picker;
  picker->SetTolerance(0.0005);
  picker->PickFromListOn();
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto& actor = scene.surfaces().actor(side);
    if (actor.surface() && actor.isVisible()) picker->AddPickList(actor.fullActor());
  }
  if (!picker->Pick(x, y, 0, scene.renderer())) return std::nullopt;
  for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
    auto& actor = scene.surfaces().actor(side);
    if (picker->GetActor() != actor.fullActor() || !actor.surface()) continue;
    const auto& surface = *actor.surface();
    const auto cell = picker->GetCellId();
    if (cell < 0 || static_cast<std::size_t>(cell) >= surface.triangleCount()) return std::nullopt;
    double hit[3];
    picker->GetPickPosition(hit);
    for (int d = 0; d < 3; ++d) hit[d] -= actor.offset()[d];  // back to the surface's own coordinates
    const auto best = nearestCorner(surface, static_cast<std::int32_t>(cell), hit);
    return PickedVertex{side, best, surface.vertices[static_cast<std::size_t>(best)]};
  }
  return std::nullopt;
}

}  // namespace vl::render
