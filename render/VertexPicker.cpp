#include "render/VertexPicker.h"

#include <vtkActor.h>
#include <vtkCellPicker.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

#include "render/SceneRenderer.h"

namespace vl::render {

std::optional<PickedVertex> pickVertex(SceneRenderer& scene, int x, int y) {
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
    const auto& triangle = surface.triangles[static_cast<std::size_t>(cell)];
    std::int32_t best = triangle[0];
    double bestDistance = 1e300;
    for (auto corner : triangle) {
      const auto& p = surface.vertices[static_cast<std::size_t>(corner)];
      const double d = (p[0] - hit[0]) * (p[0] - hit[0]) + (p[1] - hit[1]) * (p[1] - hit[1]) + (p[2] - hit[2]) * (p[2] - hit[2]);
      if (d < bestDistance) bestDistance = d, best = corner;
    }
    return PickedVertex{side, best, surface.vertices[static_cast<std::size_t>(best)]};
  }
  return std::nullopt;
}

}  // namespace vl::render
