#pragma once
// Which vertex is under a pixel: the first full-resolution triangle on the ray through the pixel, then its corner
// nearest to the hit point. With a SurfacePickIndex on every visible hemisphere the ray goes through their cell
// locators (well under a millisecond: fast enough for hover); otherwise through a vtkCellPicker (tens of ms). Works on any shown surface (white, pial, inflated): vertex
// ids are shared by all surfaces of a hemisphere.
#include <optional>

#include "core/model/Surface.h"

namespace vl::render {

class SceneRenderer;

struct PickedVertex {
  core::Hemisphere hemisphere;
  std::int32_t vertex;
  core::Vec3f position;  // of the vertex on the shown surface
};

// x, y in render-window pixels with y = 0 at the bottom (VTK's convention). Needs a rendered frame.
std::optional<PickedVertex> pickVertex(SceneRenderer& scene, int x, int y);
// Whether every visible hemisphere has its pick index (then pickVertex is cheap).
bool hasFastPicking(SceneRenderer& scene);

}  // namespace vl::render
